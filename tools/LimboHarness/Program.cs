using System.Text.Json;
using LimboHarness;
using LimboHarness.Cases;
using LimboHarness.Pkits;

// x509-limbo harness contract: a Limbo suite on stdin, results on stdout, diagnostics on stderr,
// non-zero exit only for harness errors (not for failing cases).
//   dotnet run --project tools/LimboHarness < suite.json > results.json
//   dotnet run --project tools/LimboHarness -- generate <folder>   (writes our own case files)
//   dotnet run --project tools/LimboHarness -- pkits [<folder>]      (NIST PKITS: the report per section on stdout; exit 1 on any miss)
if (args is ["generate", var folder])
{
    foreach (var (name, suite) in CaseFiles.All())
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, CaseFiles.Serialize(suite));
        Console.Error.WriteLine($"wrote {suite.Testcases.Count} cases to {path}");
    }

    return 0;
}

if (args is ["pkits", .. var rest] && rest.Length <= 1)
{
    var outcomes = PkitsRunner.Run(PkitsSuite.Load(rest.Length == 1 ? rest[0] : PkitsSuite.DefaultFolder(Environment.CurrentDirectory)));
    Console.Write(PkitsRunner.Report(outcomes));
    Console.Error.WriteLine(PkitsRunner.Summary(outcomes));
    return outcomes.All(o => o.AsExpected) ? 0 : 1;
}

if (args.Length > 0)
{
    Console.Error.WriteLine("usage: LimboHarness < suite.json > results.json | LimboHarness generate <folder> | LimboHarness pkits [<folder>]");
    return 2;
}

LimboSuite? input;
try
{
    input = await JsonSerializer.DeserializeAsync<LimboSuite>(Console.OpenStandardInput(), LimboJson.Options);
}
catch (JsonException e)
{
    Console.Error.WriteLine("the input is not a Limbo suite: " + e.Message);
    return 1;
}

if (input is not { Version: 1 })
{
    Console.Error.WriteLine("the input is not a version 1 Limbo suite");
    return 1;
}

var results = LimboRunner.Run(input, TimeProvider.System);
var byResult = results.Results.GroupBy(r => r.ActualResult).ToDictionary(g => g.Key, g => g.Count());
var conformant = results.Results.Zip(input.Testcases).Count(p => p.First.ActualResult == p.Second.ExpectedResult);
Console.Error.WriteLine($"{input.Testcases.Count} cases: {conformant} as expected, {byResult.GetValueOrDefault("SKIPPED")} skipped, "
    + $"{input.Testcases.Count - conformant - byResult.GetValueOrDefault("SKIPPED")} not as expected");
await using var stdout = Console.OpenStandardOutput();
await JsonSerializer.SerializeAsync(stdout, results, LimboJson.Options);
return 0;
