using Domain.Certificates;

namespace Domain.ReferenceData;

/// <summary>
/// One agency of the directory (機關代碼檔): its code, name, the identifiers its organisation card may carry
/// (<see cref="OrganisationIdentifier"/>: a GCA agency OID, an XCA organisation OID in XCA's own arc, a MOEACA
/// company's business number), and the review desk that answers it when a card's identifier does not match.
/// </summary>
/// <param name="ExpectedOids">The identifiers (the column kept its first name); may be empty: such an agency's certificates always go through review.</param>
public sealed record AgencyDirectoryEntry(AgencyCode Code, string Name, IReadOnlyList<string> ExpectedOids, string ReviewDesk)
{
    /// <summary>Whether a card carrying <paramref name="identifier"/> (its organisation OID or business number) matches this agency without review.</summary>
    public bool Expects(string? identifier) => identifier is not null && ExpectedOids.Contains(identifier, StringComparer.Ordinal);
}

/// <summary>
/// The agency directory: every agency that may register, by code. Parsed from
/// <c>code,name,expected_oids,review_desk</c> CSV (identifiers separated by <c>;</c>).
/// </summary>
public sealed class AgencyDirectory
{
    /// <summary>The arc under which GCA allocates agency OIDs (the usual identifier; XCA's and MOEACA's differ).</summary>
    public const string AgencyOidArc = TaiwanCertificateOids.AgencyOidArc;

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
        var bad = oids.Where(o => !OrganisationIdentifier.IsValid(o)).ToList();
        foreach (var identifier in bad)
            row.Problem("expected_oids", "oid-invalid", $"「{identifier}」不是機關憑證的識別碼：請填 2.16.886 之下的機關或組織 OID（例如 {AgencyOidArc}.20012），或工商憑證的 8 位數統一編號（檢查碼須正確）。");
        return bad.Count == 0 ? oids : null;
    }
}
