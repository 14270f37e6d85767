using System.Diagnostics;

namespace TestPki.Tests;

/// <summary>The command line, run as the built program.</summary>
public class ProgramTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    [Fact]
    public void Issue_citizen_writes_a_card_and_prints_a_summary_without_the_national_id()
    {
        using var folder = new TempFolder();
        var (code, output) = Run("issue-citizen", "--pki", Pki.Root, "--name", "周杰", "--id", "A123456789", "--key", "ec", "--file", "zhou", "--out", folder.Path);
        code.ShouldBe(0, output);
        output.ShouldContain("周杰的自然人憑證");
        output.ShouldNotContain("A123456789");
        CardImage.Load(folder["zhou.card.json"]).Keys[0].Algorithm.ShouldBe("EC-P256");
    }

    [Fact]
    public void Issue_organisation_writes_a_card()
    {
        using var folder = new TempFolder();
        var (code, output) = Run("issue-organisation", "--pki", Pki.Root, "--agency", "測試局", "--ministry", "測試部", "--code", "12345",
            "--oid", "2.16.886.101.20003.20999", "--file", "bureau", "--out", folder.Path);
        code.ShouldBe(0, output);
        CardImage.Load(folder["bureau.card.json"]).Kind.ShouldBe("organisation");
    }

    [Fact]
    public void Wrong_arguments_exit_with_2_and_say_why()
    {
        Run("generate", "--seed", "x", "--out", "/tmp/nowhere").ShouldBe((2, "error: --seed must be a whole number, not 'x'\n"));
        Run("issue-citizen", "--name", "王小明").Code.ShouldBe(2);
        Run("frobnicate").Output.ShouldContain("unknown command");
        Run("issue-citizen", "--pki", Pki.Root, "--name", "王", "--id", "A123456788", "--out", "/tmp/nowhere").Output.ShouldContain("national ID");
    }

    private static (int Code, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TestPki.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
