using System.Text.RegularExpressions;

namespace Domain.ReferenceData;

/// <summary>One node of the function catalogue: a function handlers can be granted, or a group of them.</summary>
/// <param name="ParentCode">The group it belongs to; null for a top-level group.</param>
public sealed record CatalogueFunction(string Code, string Name, string? ParentCode);

/// <summary>
/// One version of the tree of insurance functions a manager can grant to handlers (功能選單: 保費申報作業
/// → 異動登錄, …). Only leaves are granted; a group stands for its leaves on screen.
/// </summary>
public sealed class FunctionCatalogue
{
    private readonly Dictionary<string, int> indexOf;
    private readonly ILookup<string, CatalogueFunction> childrenOf;

    internal FunctionCatalogue(string version, DateOnly effectiveFrom, IReadOnlyList<CatalogueFunction> functions)
    {
        Version = version;
        EffectiveFrom = effectiveFrom;
        Functions = functions;
        indexOf = functions.Select((f, i) => (f.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal);
        childrenOf = functions.Where(f => f.ParentCode is not null).ToLookup(f => f.ParentCode!, StringComparer.Ordinal);
    }

    public string Version { get; }

    public DateOnly EffectiveFrom { get; }

    /// <summary>One version already validated by an import (e.g. read back from a query model), nodes in catalogue order.</summary>
    public static FunctionCatalogue From(string version, DateOnly effectiveFrom, IReadOnlyList<CatalogueFunction> functions) => new(version, effectiveFrom, functions);

    /// <summary>Every node in catalogue order (the order of the file, which is the order on screen).</summary>
    public IReadOnlyList<CatalogueFunction> Functions { get; }

    public IEnumerable<CatalogueFunction> Roots => Functions.Where(f => f.ParentCode is null);

    public CatalogueFunction? Find(string code) => indexOf.TryGetValue(code, out var i) ? Functions[i] : null;

    public IEnumerable<CatalogueFunction> Children(string code) => childrenOf[code];

    /// <summary>Whether <paramref name="code"/> is a leaf of this version: something a grant can hold.</summary>
    public bool IsGrantable(string code) => indexOf.ContainsKey(code) && !childrenOf.Contains(code);

    /// <summary>The grantable functions under a node (the node itself for a leaf), in catalogue order; empty for an unknown code.</summary>
    public IReadOnlyList<string> LeavesUnder(string code) =>
        Find(code) is null ? [] : IsGrantable(code) ? [code] : Children(code).SelectMany(c => LeavesUnder(c.Code)).ToList();

    /// <summary>Known codes without repeats, in catalogue order (the canonical form a grant records).</summary>
    public IReadOnlyList<string> InCatalogueOrder(IEnumerable<string> codes) =>
        codes.Where(indexOf.ContainsKey).Distinct(StringComparer.Ordinal).OrderBy(c => indexOf[c]).ToList();
}

/// <summary>
/// Every version of the function catalogue; the one in force on a day is the latest that has taken
/// effect. Parsed from <c>version,effective_from,code,name,parent</c> CSV: each version lists its whole
/// tree, parents before or after their children.
/// </summary>
public sealed partial class FunctionCatalogues
{
    private static readonly string[] Columns = ["version", "effective_from", "code", "name", "parent"];

    private FunctionCatalogues(IReadOnlyList<FunctionCatalogue> versions) => Versions = versions;

    /// <summary>Versions by effective date, oldest first.</summary>
    public IReadOnlyList<FunctionCatalogue> Versions { get; }

    public FunctionCatalogue? InForce(DateOnly date) => Versions.LastOrDefault(v => v.EffectiveFrom <= date);

    public FunctionCatalogue? Find(string version) => Versions.FirstOrDefault(v => v.Version == version);

    /// <summary>Versions already validated by an import (e.g. read back from a query model).</summary>
    public static FunctionCatalogues From(IEnumerable<FunctionCatalogue> versions) => new(versions.OrderBy(v => v.EffectiveFrom).ToList());

    public static ReferenceDataImport<FunctionCatalogues> Parse(string csv)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var parsed = new List<(CsvRow Row, string Version, DateOnly EffectiveFrom, CatalogueFunction Function)>();
        foreach (var row in rows)
        {
            var version = row.Required("version");
            if (version is not null && !TermsOfUse.VersionPattern().IsMatch(version))
                row.Problem("version", "version-invalid", "版本代號只能由 1 至 32 個英文字母、數字、點、底線或連字號組成。");
            var effective = row.Date("effective_from");
            var code = row.Required("code");
            if (code is not null && !CodePattern().IsMatch(code))
                row.Problem("code", "code-invalid", $"功能代碼「{code}」只能由 1 至 20 個英文字母、數字、點、底線或連字號組成。");
            var name = row.Required("name");
            var parent = row.Optional("parent");
            if (row.IsValid)
                parsed.Add((row, version!, effective!.Value, new CatalogueFunction(code!, name!, parent)));
        }

        var versions = new List<FunctionCatalogue>();
        foreach (var group in parsed.GroupBy(p => p.Version, StringComparer.Ordinal))
        {
            var catalogue = BuildVersion(group.Key, group.ToList(), problems);
            if (catalogue is not null)
                versions.Add(catalogue);
        }
        foreach (var sameDay in versions.GroupBy(v => v.EffectiveFrom).Where(g => g.Count() > 1))
            problems.Add(new ReferenceDataProblem(0, "effective_from", "date-repeated",
                $"版本 {string.Join("、", sameDay.Select(v => v.Version))} 都在 {sameDay.Key:yyyy-MM-dd} 生效；同一天只能有一個版本生效。"));
        return ReferenceDataImport<FunctionCatalogues>.Of(() => new FunctionCatalogues(versions.OrderBy(v => v.EffectiveFrom).ToList()), problems);
    }

    private static FunctionCatalogue? BuildVersion(
        string version,
        List<(CsvRow Row, string Version, DateOnly EffectiveFrom, CatalogueFunction Function)> rows,
        List<ReferenceDataProblem> problems)
    {
        var before = problems.Count;
        var effectiveFrom = rows[0].EffectiveFrom;
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, _, effective, function) in rows)
        {
            if (effective != effectiveFrom)
                row.Problem("effective_from", "version-date-differs", $"版本 {version} 在第 {rows[0].Row.Line} 行的生效日是 {effectiveFrom:yyyy-MM-dd}；同一版本各行的生效日必須相同。");
            if (!lineOf.TryAdd(function.Code, row.Line))
                row.Problem("code", "code-repeated", $"功能代碼 {function.Code} 在版本 {version} 的第 {lineOf[function.Code]} 行已出現過。");
        }
        var parentOf = rows.GroupBy(r => r.Function.Code).ToDictionary(g => g.Key, g => g.First().Function.ParentCode, StringComparer.Ordinal);
        foreach (var (row, _, _, function) in rows)
        {
            if (function.ParentCode is { } parent && !parentOf.ContainsKey(parent))
                row.Problem("parent", "parent-unknown", $"上層功能 {parent} 不在版本 {version} 之中。");
            else if (LiesOnCycle(function.Code, parentOf))
                row.Problem("parent", "parent-cycle", $"功能 {function.Code} 的上層關係繞回自己，功能選單必須是一棵樹。");
        }
        return problems.Count == before ? new FunctionCatalogue(version, effectiveFrom, rows.Select(r => r.Function).ToList()) : null;
    }

    /// <summary>Whether walking up from <paramref name="code"/> comes back to it (a node merely hanging below a cycle is not on it).</summary>
    private static bool LiesOnCycle(string code, Dictionary<string, string?> parentOf)
    {
        var current = parentOf[code];
        for (var steps = 0; current is not null && parentOf.ContainsKey(current) && steps <= parentOf.Count; steps++)
        {
            if (current == code)
                return true;
            current = parentOf[current];
        }
        return false;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,20}$")]
    private static partial Regex CodePattern();
}
