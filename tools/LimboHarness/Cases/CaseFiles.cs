using System.Text.Json;
using LimboHarness.Cases.PkitsStyle;

namespace LimboHarness.Cases;

/// <summary>The case files we keep under tools/LimboHarness/cases, by file name, and how they are written.</summary>
public static class CaseFiles
{
    public static IEnumerable<(string FileName, LimboSuite Suite)> All()
    {
        yield return ("rfc5280.json", GenericCases.Build());
        yield return ("taiwan.json", TaiwanCases.Build(TestPki.TestPkiCache.Get()));
        yield return ("pkits-style.json", PkitsStyleCases.Build());
    }

    /// <summary>A suite as the files hold it (indented JSON, one trailing newline).</summary>
    public static string Serialize(LimboSuite suite) => JsonSerializer.Serialize(suite, LimboJson.Options) + "\n";
}
