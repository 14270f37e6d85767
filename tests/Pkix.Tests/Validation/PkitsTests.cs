using LimboHarness.Pkits;

namespace Pkix.Tests.Validation;

/// <summary>
/// NIST PKITS (tools/LimboHarness/pkits) through the validator and §6.3 CRL processing, under PKITS's default inputs:
/// every test gives its expected result, and every path built to fail fails for the reason PKITS built it around.
/// </summary>
public class PkitsTests
{
    private static readonly Lazy<PkitsSuite> Suite = new(() => PkitsSuite.Load(PkitsSuite.DefaultFolder()));

    public static TheoryData<string> Numbers()
    {
        var numbers = new TheoryData<string>();
        foreach (var test in Suite.Value.Tests)
            numbers.Add(test.Number);
        return numbers;
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void The_test_gives_PKITS_s_result_for_PKITS_s_reason(string number)
    {
        var test = Suite.Value.Tests.Single(t => t.Number == number);

        var outcome = PkitsRunner.Evaluate(Suite.Value, test);

        outcome.AsExpected.ShouldBeTrue($"{number} {test.Title}: {outcome.Describe()}");
    }

    [Fact]
    public void The_suite_is_whole_and_every_invalid_test_has_its_intended_reason()
    {
        var tests = Suite.Value.Tests;

        tests.Count.ShouldBe(223);
        tests.Select(t => t.Section).Distinct().Count().ShouldBe(16);
        tests.Count(t => !t.Valid).ShouldBe(121);
        tests.Where(t => !t.Valid).Select(t => t.Number).ShouldBe(PkitsIntendedReasons.All.Keys, ignoreOrder: true);
    }

    [Fact]
    public void A_path_refused_for_another_reason_than_PKITS_intends_is_a_miss()
    {
        var revokedCa = Suite.Value.Tests.Single(t => t.Number == "4.4.2");
        var wrongReason = new PkitsOutcome(revokedCa, new Pkix.Validation.CertificateFailure(Pkix.Validation.CertificateFailureCode.Expired, "expired"), PkitsIntendedReasons.For("4.4.2"));
        var explicitPolicy = PkitsIntendedReasons.For("4.9.3")!;

        wrongReason.AsExpected.ShouldBeFalse();
        wrongReason.Describe().ShouldStartWith("MISS");
        explicitPolicy.IsMetBy(new(Pkix.Validation.CertificateFailureCode.Policy, "a policy mapping to or from anyPolicy")).ShouldBeFalse();
    }

    [Fact]
    public void The_per_section_report_in_the_docs_is_the_one_the_runner_writes()
    {
        var report = PkitsRunner.Report(PkitsRunner.Run(Suite.Value)).ReplaceLineEndings("\n").Split('\n');
        var table = string.Join('\n', report.Where(line => line.StartsWith('|')));
        var perTest = string.Join('\n', report.Where(line => line.StartsWith("- ", StringComparison.Ordinal)));
        var docs = File.ReadAllText(Path.Combine(LimboCasesTests.RepositoryRoot(), "docs", "certificate-validation.md")).ReplaceLineEndings("\n");

        docs.ShouldContain(table);
        docs.ShouldContain(perTest);
        table.ShouldContain("| all | 223 | 223 | 102 / 121 | 121 / 121 | 0 |");
    }
}
