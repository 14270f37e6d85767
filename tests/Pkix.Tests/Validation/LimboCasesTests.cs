using LimboHarness;
using LimboHarness.Cases;
using LimboHarness.Cases.PkitsStyle;

namespace Pkix.Tests.Validation;

public class LimboCasesTests
{
    public static TheoryData<string> Suites => new() { "rfc5280", "taiwan", "pkits-style" };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_generated_case_gives_its_expected_result(string name)
    {
        var suite = name switch
        {
            "taiwan" => TaiwanCases.Build(TestPki.TestPkiCache.Get()),
            "pkits-style" => PkitsStyleCases.Build(),
            _ => GenericCases.Build(),
        };

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
    public void The_committed_PKITS_style_file_is_what_the_generator_writes_today()
    {
        // The generator is deterministic (seeded keys, RFC 6979 and seeded PSS salts): a stale or hand-edited file shows here.
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "LimboHarness", "cases", "pkits-style.json"));

        var generated = CaseFiles.Serialize(PkitsStyleCases.Build());

        generated.ShouldBe(committed);
    }

    [Fact]
    public void The_PKITS_style_suite_covers_every_section_from_4_1_to_4_16()
    {
        var sections = PkitsStyleCases.Build().Testcases.Select(t => t.Id.Split("::")[^1].Split('-')[0]).Select(s => string.Join('.', s.TrimStart('s').Split('.').Take(2))).ToHashSet();

        sections.ShouldBe(Enumerable.Range(1, 16).Select(i => $"4.{i}"), ignoreOrder: true);
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
    public void Lists_written_as_null_by_older_suites_read_as_empty()
    {
        const string json = """
            {"version": 1, "testcases": [{"id": "evs::nulls", "description": "d", "validation_kind": "CLIENT", "trusted_certs": [],
             "untrusted_intermediates": null, "peer_certificate": "", "signature_algorithms": null, "key_usage": null,
             "extended_key_usage": null, "expected_result": "FAILURE", "expected_peer_names": null, "features": null, "crls": null}]}
            """;

        var testcase = System.Text.Json.JsonSerializer.Deserialize<LimboSuite>(json, LimboJson.Options)!.Testcases.Single();

        testcase.UntrustedIntermediates.ShouldBeEmpty();
        testcase.Crls.ShouldBeEmpty();
        LimboRunner.Evaluate(testcase, TimeProvider.System).ActualResult.ShouldBe("FAILURE");
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
