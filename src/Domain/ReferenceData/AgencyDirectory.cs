using System.Text.RegularExpressions;

namespace Domain.ReferenceData;

/// <summary>
/// One agency of the directory (機關代碼檔): its code, name, the agency OIDs its organisation
/// certificate may carry, and the review desk that answers it when an OID does not match.
/// </summary>
/// <param name="ExpectedOids">May be empty: such an agency's certificates always go through review.</param>
public sealed record AgencyDirectoryEntry(AgencyCode Code, string Name, IReadOnlyList<string> ExpectedOids, string ReviewDesk)
{
    /// <summary>Whether a certificate carrying <paramref name="agencyOid"/> matches this agency without review.</summary>
    public bool Expects(string? agencyOid) => agencyOid is not null && ExpectedOids.Contains(agencyOid, StringComparer.Ordinal);
}

/// <summary>
/// The agency directory: every agency that may register, by code. Parsed from
/// <c>code,name,expected_oids,review_desk</c> CSV (OIDs separated by <c>;</c>).
/// </summary>
public sealed partial class AgencyDirectory
{
    /// <summary>The arc under which Taiwan's agency OIDs are allocated.</summary>
    public const string AgencyOidArc = "2.16.886.101.20003";

    private static readonly string[] Columns = ["code", "name", "expected_oids", "review_desk"];

    private readonly Dictionary<AgencyCode, AgencyDirectoryEntry> byCode;

    private AgencyDirectory(IReadOnlyList<AgencyDirectoryEntry> entries)
    {
        Entries = entries;
        byCode = entries.ToDictionary(e => e.Code);
    }

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<AgencyDirectoryEntry> Entries { get; }

    public AgencyDirectoryEntry? Find(AgencyCode code) => byCode.GetValueOrDefault(code);

    /// <summary>Whether <paramref name="oid"/> is a well-formed OID strictly under <see cref="AgencyOidArc"/>.</summary>
    public static bool IsAgencyOid(string? oid) => oid is not null && AgencyOidPattern().IsMatch(oid);

    public static ReferenceDataImport<AgencyDirectory> Parse(string csv)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var entries = new List<AgencyDirectoryEntry>();
        var firstLineOf = new Dictionary<AgencyCode, int>();
        foreach (var row in rows)
        {
            var code = row.AgencyCode("code");
            var name = row.Required("name");
            var desk = row.Required("review_desk");
            var oids = ParseOids(row);
            if (!row.IsValid)
                continue;
            var agency = code!.Value;
            if (!firstLineOf.TryAdd(agency, row.Line))
            {
                row.Problem("code", "code-repeated", $"機關代號 {agency} 已在第 {firstLineOf[agency]} 行出現過。");
                continue;
            }
            entries.Add(new AgencyDirectoryEntry(agency, name!, oids!, desk!));
        }
        return ReferenceDataImport<AgencyDirectory>.Of(() => new AgencyDirectory(entries), problems);
    }

    private static List<string>? ParseOids(CsvRow row)
    {
        var oids = row["expected_oids"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var bad = oids.Where(o => !IsAgencyOid(o)).ToList();
        foreach (var oid in bad)
            row.Problem("expected_oids", "oid-invalid", $"「{oid}」不是 {AgencyOidArc} 之下的機關 OID（例如 {AgencyOidArc}.20012）。");
        return bad.Count == 0 ? oids : null;
    }

    [GeneratedRegex(@"^2\.16\.886\.101\.20003(\.(0|[1-9][0-9]{0,9}))+$")]
    private static partial Regex AgencyOidPattern();
}
