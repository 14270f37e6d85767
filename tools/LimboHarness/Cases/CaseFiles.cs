namespace LimboHarness.Cases;

/// <summary>The case files we keep under tools/LimboHarness/cases, by file name.</summary>
public static class CaseFiles
{
    public static IEnumerable<(string FileName, LimboSuite Suite)> All()
    {
        yield return ("rfc5280.json", GenericCases.Build());
        yield return ("taiwan.json", TaiwanCases.Build(TestPki.TestPkiCache.Get()));
    }
}
