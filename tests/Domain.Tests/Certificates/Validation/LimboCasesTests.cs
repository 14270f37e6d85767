using LimboHarness;
using LimboHarness.Cases;

namespace Domain.Tests.Certificates.Validation;

public class LimboCasesTests
{
    public static TheoryData<string> Suites => new() { "rfc5280", "taiwan" };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_generated_case_gives_its_expected_result(string name)
    {
        var suite = name == "taiwan" ? TaiwanCases.Build(TestPki.TestPkiCache.Get()) : GenericCases.Build();

        var results = LimboRunner.Run(suite, TimeProvider.System);

        results.Harness.ShouldBe(LimboRunner.HarnessName);
        var mismatches = suite.Testcases.Zip(results.Results)
            .Where(p => p.First.ExpectedResult != p.Second.ActualResult)
            .Select(p => $"{p.First.Id}: expected {p.First.ExpectedResult}, got {p.Second.ActualResult} ({p.Second.Context})")
            .ToList();
        mismatches.ShouldBeEmpty();
        results.Results.Count(r => r.ActualResult == "FAILURE").ShouldBeGreaterThan(10);
        results.Results.Count(r => r.ActualResult == "SUCCESS").ShouldBeGreaterThan(5);
    }

    [Fact]
    public void The_committed_case_files_still_give_their_expected_results()
    {
        var folder = Path.Combine(RepositoryRoot(), "tools", "LimboHarness", "cases");
        var files = Directory.GetFiles(folder, "*.json");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            var suite = System.Text.Json.JsonSerializer.Deserialize<LimboSuite>(File.ReadAllText(file), LimboJson.Options)!;
            var results = LimboRunner.Run(suite, TimeProvider.System);
            suite.Testcases.Zip(results.Results).Where(p => p.First.ExpectedResult != p.Second.ActualResult)
                .Select(p => $"{Path.GetFileName(file)} {p.First.Id}: {p.Second.Context}").ShouldBeEmpty();
        }
    }

    [Fact]
    public void A_case_with_an_unsupported_feature_is_skipped_with_the_reason()
    {
        var testcase = GenericCases.Build().Testcases[0] with { Features = ["pedantic-webpki-subscriber-key"] };

        var result = LimboRunner.Evaluate(testcase, TimeProvider.System);

        result.ActualResult.ShouldBe("SKIPPED");
        result.Context.ShouldContain("pedantic-webpki-subscriber-key");
    }

    [Fact]
    public void An_unreadable_peer_certificate_is_a_failure_not_a_crash()
    {
        var testcase = GenericCases.Build().Testcases[0] with { PeerCertificate = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n" };

        var result = LimboRunner.Evaluate(testcase, TimeProvider.System);

        result.ActualResult.ShouldBe("FAILURE");
        result.Context.ShouldStartWith("Malformed");
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventSourced.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}
