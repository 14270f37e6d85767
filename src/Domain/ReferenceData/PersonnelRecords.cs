using System.Text.RegularExpressions;
using Domain.Common;

namespace Domain.ReferenceData;

/// <summary>Employment status in the personnel records (現職 / 卸職).</summary>
public enum EmploymentStatus
{
    Current = 1,
    Departed = 2,
}

/// <summary>
/// One person's line of an agency's personnel report ("table 2" of 公務人力資料庫) as reported on one
/// day. A report takes effect the day after it was reported (入檔後隔天).
/// </summary>
/// <param name="Account">The self-chosen account (自訂帳號), when the person has one.</param>
/// <param name="Category">人員區分, a two-digit code (08 = personnel staff).</param>
/// <param name="ServiceUnit">服務單位, e.g. 人事室.</param>
/// <param name="ConcurrentDuty">兼職性質 code, when any (5 = 兼辦人事).</param>
/// <param name="Agency">The reporting agency.</param>
public sealed record PersonnelRecord(
    NationalId NationalId,
    string Name,
    string? Account,
    EmploymentStatus Status,
    string Category,
    string ServiceUnit,
    string? ConcurrentDuty,
    AgencyCode Agency,
    DateOnly ReportedOn) : IPersonnelReport
{
    /// <summary>The first day the record counts: the day after it was reported.</summary>
    public DateOnly EffectiveFrom => ReportedOn.AddDays(1);

    public bool IsEffectiveOn(DateOnly date) => date >= EffectiveFrom;
}

/// <summary>
/// What the personnel rules read of one report, whoever holds it: a parsed <see cref="PersonnelRecord"/>, or
/// a read-model row that knows the person only by a keyed hash of the national ID.
/// </summary>
public interface IPersonnelReport
{
    EmploymentStatus Status { get; }

    string Category { get; }

    string ServiceUnit { get; }

    string? ConcurrentDuty { get; }

    AgencyCode Agency { get; }

    DateOnly ReportedOn { get; }
}

/// <summary>
/// A person's standing from their reports (one person's reports, from any number of agencies and days):
/// a report counts from the day after it was reported; per agency the latest counting report holds.
/// </summary>
public static class PersonnelStanding
{
    /// <summary>Whether a report counts on <paramref name="date"/> (it was reported before that day).</summary>
    public static bool IsEffectiveOn(IPersonnelReport report, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(report);
        return date > report.ReportedOn;
    }

    /// <summary>For each agency that reported the person, its latest report in effect on <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<T> EffectiveReports<T>(IEnumerable<T> reports, DateOnly asOf)
        where T : IPersonnelReport =>
        reports
            .Where(r => IsEffectiveOn(r, asOf))
            .GroupBy(r => r.Agency)
            .Select(g => g.MaxBy(r => r.ReportedOn)!)
            .ToList();

    /// <summary>
    /// The person's standing on <paramref name="asOf"/>: the latest current report in effect if there is one
    /// (someone who moved is current at the new agency even if the old one reports the departure later), else
    /// the latest departed report, else null (no report, or none in effect yet).
    /// </summary>
    public static T? Of<T>(IEnumerable<T> reports, DateOnly asOf)
        where T : class, IPersonnelReport
    {
        var effective = EffectiveReports(reports, asOf);
        return effective.Where(r => r.Status == EmploymentStatus.Current).MaxBy(r => r.ReportedOn)
            ?? effective.MaxBy(r => r.ReportedOn);
    }

    /// <summary>Whether the person is a personnel officer on <paramref name="asOf"/> in any agency reporting them.</summary>
    public static bool IsPersonnelOfficer<T>(IEnumerable<T> reports, DateOnly asOf)
        where T : IPersonnelReport =>
        EffectiveReports(reports, asOf).Any(r => PersonnelOfficerRule.IsPersonnelOfficer(r, asOf));
}

/// <summary>
/// Who counts as a personnel officer (人事人員), as eCPA decides it from table 2: an effective record,
/// not departed, and at least one of category 08, a service unit whose name contains 人事, or
/// concurrent duty 5 (兼辦人事).
/// </summary>
public static class PersonnelOfficerRule
{
    public const string PersonnelCategory = "08";
    public const string PersonnelUnitMarker = "人事";
    public const string PersonnelConcurrentDuty = "5";

    public static bool IsPersonnelOfficer(IPersonnelReport record, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(record);
        return PersonnelStanding.IsEffectiveOn(record, asOf)
            && record.Status == EmploymentStatus.Current
            && (record.Category == PersonnelCategory
                || record.ServiceUnit.Contains(PersonnelUnitMarker, StringComparison.Ordinal)
                || record.ConcurrentDuty == PersonnelConcurrentDuty);
    }
}

/// <summary>
/// The personnel records (table 2), possibly several reports per person and agency over time.
/// Parsed from <c>national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on</c> CSV.
/// </summary>
public sealed partial class PersonnelRecords
{
    private static readonly string[] Columns =
        ["national_id", "name", "account", "status", "category", "service_unit", "concurrent_duty", "agency_code", "reported_on"];

    private readonly ILookup<NationalId, PersonnelRecord> byId;
    private readonly ILookup<string, PersonnelRecord> byAccount;

    private readonly IReadOnlyList<int> lines;

    private PersonnelRecords(IReadOnlyList<PersonnelRecord> records, IReadOnlyList<int>? lines = null)
    {
        Records = records;
        this.lines = lines ?? [];
        byId = records.ToLookup(r => r.NationalId);
        byAccount = records.Where(r => r.Account is not null).ToLookup(r => r.Account!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every record, in file order.</summary>
    public IReadOnlyList<PersonnelRecord> Records { get; }

    /// <summary>The file line <see cref="Records"/>[<paramref name="index"/>] was read from; 0 when the records did not come from a file.</summary>
    public int LineOf(int index) => index < lines.Count ? lines[index] : 0;

    /// <summary>
    /// The records in effect on <paramref name="asOf"/>: for each agency that reported the person,
    /// its latest report effective by then.
    /// </summary>
    public IReadOnlyList<PersonnelRecord> EffectiveRecords(NationalId id, DateOnly asOf) => PersonnelStanding.EffectiveReports(byId[id], asOf);

    /// <summary>
    /// The person's standing on <paramref name="asOf"/>: the latest current record in effect if there is
    /// one (someone who moved is current at the new agency even if the old one reports the departure
    /// later), else the latest departed record, else null (not in the records, or not yet effective).
    /// </summary>
    public PersonnelRecord? Find(NationalId id, DateOnly asOf) => PersonnelStanding.Of(byId[id], asOf);

    /// <summary>The same as <see cref="Find"/>, for a self-chosen account (case-insensitive).</summary>
    public PersonnelRecord? FindByAccount(string account, DateOnly asOf)
    {
        var id = byAccount[(account ?? "").Trim()].Select(r => r.NationalId).Distinct().SingleOrDefault();
        return id.Value is null ? null : Find(id, asOf);
    }

    /// <summary>Whether the person is a personnel officer on <paramref name="asOf"/> in any agency reporting them.</summary>
    public bool IsPersonnelOfficer(NationalId id, DateOnly asOf) => PersonnelStanding.IsPersonnelOfficer(byId[id], asOf);

    /// <summary>One person's (or several people's) records that are already known to be valid, e.g. read back from a query model.</summary>
    public static PersonnelRecords From(IEnumerable<PersonnelRecord> records) => new(records.ToList());

    public static ReferenceDataImport<PersonnelRecords> Parse(string csv)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var records = new List<PersonnelRecord>();
        var lines = new List<int>();
        var seen = new Dictionary<(NationalId, AgencyCode, DateOnly), int>();
        var accountOwner = new Dictionary<string, (NationalId Id, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var record = ParseRow(row);
            if (record is null)
                continue;
            if (!seen.TryAdd((record.NationalId, record.Agency, record.ReportedOn), row.Line))
            {
                row.Problem(null, "record-repeated",
                    $"{record.NationalId} 在機關 {record.Agency} 同一天的報送資料已在第 {seen[(record.NationalId, record.Agency, record.ReportedOn)]} 行出現過。");
                continue;
            }
            if (record.Account is { } account && accountOwner.TryGetValue(account, out var owner) && owner.Id != record.NationalId)
            {
                row.Problem("account", "account-taken", $"自訂帳號「{account}」已屬於第 {owner.Line} 行的另一個人。");
                continue;
            }
            if (record.Account is { } newAccount)
                accountOwner.TryAdd(newAccount, (record.NationalId, row.Line));
            records.Add(record);
            lines.Add(row.Line);
        }
        return ReferenceDataImport<PersonnelRecords>.Of(() => new PersonnelRecords(records, lines), problems);
    }

    private static PersonnelRecord? ParseRow(CsvRow row)
    {
        var idParse = NationalId.Parse(row["national_id"]);
        if (idParse.Id is null)
            row.Problem("national_id", "national-id-invalid", idParse.Message!);
        var name = row.Required("name");
        var account = row.Optional("account");
        if (account is not null && !AccountPattern().IsMatch(account))
            row.Problem("account", "account-invalid", "自訂帳號只能由 2 至 30 個英文字母、數字、點、底線或連字號組成。");
        var status = row["status"] switch
        {
            "current" => EmploymentStatus.Current,
            "departed" => EmploymentStatus.Departed,
            var other => InvalidStatus(row, other),
        };
        var category = row.Required("category");
        if (category is not null && !TwoDigits().IsMatch(category))
            row.Problem("category", "category-invalid", $"人員區分「{category}」應為兩位數字代碼（例如 08）。");
        var unit = row.Required("service_unit");
        var duty = row.Optional("concurrent_duty");
        if (duty is not null && !OneOrTwoDigits().IsMatch(duty))
            row.Problem("concurrent_duty", "concurrent-duty-invalid", $"兼職性質「{duty}」應為一或兩位數字代碼（例如 5），沒有兼職則留空。");
        var agency = row.AgencyCode("agency_code");
        var reportedOn = row.Date("reported_on");

        return row.IsValid
            ? new PersonnelRecord(idParse.Id!.Value, name!, account, status, category!, unit!, duty, agency!.Value, reportedOn!.Value)
            : null;
    }

    private static EmploymentStatus InvalidStatus(CsvRow row, string status)
    {
        row.Problem("status", "status-invalid", $"「{status}」不是人員狀態；請填 current（現職）或 departed（卸職）。");
        return default;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{2,30}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"^[0-9]{2}$")]
    private static partial Regex TwoDigits();

    [GeneratedRegex(@"^[0-9]{1,2}$")]
    private static partial Regex OneOrTwoDigits();
}
