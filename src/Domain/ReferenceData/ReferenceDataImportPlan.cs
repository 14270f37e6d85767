using System.Globalization;
using System.Security.Cryptography;

namespace Domain.ReferenceData;

/// <summary>Who imports which file, when, under which label: what every import event records besides its rows.</summary>
/// <param name="ImportId">One id per import; the store's event ids derive from it, so a resent import appends nothing.</param>
/// <param name="Version">The administrator's label for this edition (1–32 of A-Za-z0-9._-), e.g. 2026-11.</param>
/// <param name="FileSha256">Lower-case hex SHA-256 of the uploaded bytes (<see cref="ReferenceDataImportPlan.Sha256Of"/>).</param>
/// <param name="ImportedAt">UTC.</param>
public sealed record ImportDetails(Guid ImportId, string Version, string FileName, string FileSha256, string ImportedBy, DateTimeOffset ImportedAt);

/// <summary>
/// Turns a parsed, checked file into the events of its import: chunks plus a closing event for the large
/// kinds, one event for the others. Pure; the caller appends the whole list in one call (atomically).
/// </summary>
public static class ReferenceDataImportPlan
{
    /// <summary>Rows per chunk event of a large import: a national personnel file (~300,000 rows) makes about 60 events of ~1 MB.</summary>
    public const int ChunkSize = 5000;

    /// <summary>Whether <paramref name="label"/> can name an import's version.</summary>
    public static bool IsVersionLabel(string? label) => label is not null && ReferenceData.TermsOfUse.VersionPattern().IsMatch(label);

    public static string Sha256Of(ReadOnlySpan<byte> file) => Convert.ToHexStringLower(SHA256.HashData(file));

    public static IReadOnlyList<ReferenceDataEvent> AgencyDirectory(AgencyDirectory directory, ImportDetails details, int chunkSize = ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(details);
        var rows = directory.Entries.Select(e => new AgencyRow(e.Code.Value, e.Name, e.ExpectedOids.ToList(), e.ReviewDesk)).ToList();
        var id = Id(details);
        var chunks = Chunk(rows, chunkSize).Select((chunk, i) => (ReferenceDataEvent)new AgencyDirectoryRowsImported(id, i, chunk)).ToList();
        chunks.Add(new AgencyDirectoryImportCompleted(id, details.Version, details.FileName, details.FileSha256, rows.Count, chunks.Count, details.ImportedBy, details.ImportedAt));
        return chunks;
    }

    public static IReadOnlyList<ReferenceDataEvent> Personnel(PersonnelRecords records, ImportDetails details, int chunkSize = ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(details);
        var rows = records.Records.Select(r => new PersonnelRow(
            r.NationalId.Value,
            r.Name,
            r.Account,
            StatusName(r.Status),
            r.Category,
            r.ServiceUnit,
            r.ConcurrentDuty,
            r.Agency.Value,
            Day(r.ReportedOn))).ToList();
        var id = Id(details);
        var chunks = Chunk(rows, chunkSize).Select((chunk, i) => (ReferenceDataEvent)new PersonnelRecordsImported(id, i, chunk)).ToList();
        chunks.Add(new PersonnelImportCompleted(id, details.Version, details.FileName, details.FileSha256, rows.Count, chunks.Count, details.ImportedBy, details.ImportedAt));
        return chunks;
    }

    public static HolidayCalendarImported HolidayCalendar(HolidayCalendar calendar, ImportDetails details)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(details);
        var days = calendar.Days.Select(d => new CalendarRow(Day(d.Date), d.Name, KindName(d.Kind))).ToList();
        return new HolidayCalendarImported(Id(details), details.Version, details.FileName, details.FileSha256, days.Count, calendar.CoveredYears.ToList(), days,
            details.ImportedBy, details.ImportedAt);
    }

    public static TermsOfUseImported TermsOfUse(TermsOfUseAdditions additions, ImportDetails details)
    {
        ArgumentNullException.ThrowIfNull(additions);
        ArgumentNullException.ThrowIfNull(details);
        return new TermsOfUseImported(Id(details), details.Version, details.FileName, details.FileSha256, additions.RowCount, additions.Added, details.ImportedBy, details.ImportedAt);
    }

    public static FunctionCatalogueImported FunctionCatalogue(FunctionCatalogueAdditions additions, ImportDetails details)
    {
        ArgumentNullException.ThrowIfNull(additions);
        ArgumentNullException.ThrowIfNull(details);
        return new FunctionCatalogueImported(Id(details), details.Version, details.FileName, details.FileSha256, additions.RowCount, additions.Added, details.ImportedBy, details.ImportedAt);
    }

    public static TrustAnchorsImported TrustAnchors(TrustList list, ImportDetails details)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(details);
        var rows = list.Entries.Select(e => new TrustCertificateRow(
            TrustList.KindName(e.Kind), TrustList.RoleName(e.Role), e.Name, Convert.ToBase64String(e.CertificateDer), e.SubjectDn, e.SubjectKeyId, e.Sha256Thumbprint)).ToList();
        return new TrustAnchorsImported(Id(details), details.Version, details.FileName, details.FileSha256, rows.Count, rows, details.ImportedBy, details.ImportedAt);
    }

    /// <summary>The stored name of a calendar day: ISO yyyy-MM-dd.</summary>
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads a stored calendar day back.</summary>
    public static DateOnly ParseDay(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string StatusName(EmploymentStatus status) => status == EmploymentStatus.Departed ? "departed" : "current";

    public static EmploymentStatus ParseStatus(string status) => status == "departed" ? EmploymentStatus.Departed : EmploymentStatus.Current;

    public static string KindName(CalendarDayKind kind) => kind == CalendarDayKind.MakeUpWorkday ? "workday" : "holiday";

    public static CalendarDayKind ParseKind(string kind) => kind == "workday" ? CalendarDayKind.MakeUpWorkday : CalendarDayKind.Holiday;

    private static string Id(ImportDetails details) => details.ImportId.ToString("D");

    private static IEnumerable<IReadOnlyList<T>> Chunk<T>(List<T> rows, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        // An empty file still closes its import (an empty directory is a directory); it just has no chunk.
        for (var start = 0; start < rows.Count; start += chunkSize)
            yield return rows.GetRange(start, Math.Min(chunkSize, rows.Count - start));
    }
}
