using Domain.Common;

namespace Domain.ReferenceData;

// The language of the reference-data streams, one stream per kind (ReferenceDataStreams). Each import
// records who, when, which file (name and SHA-256), how many rows, a version label and the rows
// themselves. Events hold primitives only (strings, numbers, DateTimeOffset, lists and small records of
// those); calendar days are ISO yyyy-MM-dd strings. A change of shape is a new version with an upcaster.
//
// Large kinds (agency directory, personnel records) are written as chunks followed by a closing
// "…ImportCompleted" event, all in one append: projections stage the chunks and apply them only when the
// closing event arrives, so a reader never sees half an import.

/// <summary>The base of every reference-data import event.</summary>
public abstract record ReferenceDataEvent
{
    /// <summary>Every event type of the reference-data streams, for the store's type map and the schema tests.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(AgencyDirectoryRowsImported),
        typeof(AgencyDirectoryImportCompleted),
        typeof(PersonnelRecordsImported),
        typeof(PersonnelImportCompleted),
        typeof(HolidayCalendarImported),
        typeof(TermsOfUseImported),
        typeof(FunctionCatalogueImported),
        typeof(TrustAnchorsImported),
    ];

    /// <summary>The import this event belongs to (a GUID in its "D" form); every event of one import shares it.</summary>
    public abstract string ImportId { get; init; }
}

/// <summary>One agency as imported (機關代碼檔 row).</summary>
/// <param name="ExpectedOids">The organisation identifiers its card may carry (<see cref="Certificates.OrganisationIdentifier"/>: OIDs
/// under 2.16.886, or business numbers); may be empty.</param>
/// <param name="ReviewDesk">The review desk (region) that answers the agency's OID reviews.</param>
public sealed record AgencyRow(string Code, string Name, IReadOnlyList<string> ExpectedOids, string ReviewDesk);

/// <summary>One personnel report as imported (table 2 row).</summary>
/// <param name="NationalId">The whole ID: the personnel lookup needs it. Personal data: never logged, never in a stream name.</param>
/// <param name="Status"><c>current</c> (現職) or <c>departed</c> (卸職).</param>
/// <param name="ReportedOn">yyyy-MM-dd; the report counts from the next day.</param>
public sealed record PersonnelRow(
    string NationalId,
    string Name,
    string? Account,
    string Status,
    string Category,
    string ServiceUnit,
    string? ConcurrentDuty,
    string AgencyCode,
    string ReportedOn);

/// <summary>One day of the office calendar as imported.</summary>
/// <param name="Date">yyyy-MM-dd.</param>
/// <param name="Kind"><c>holiday</c> or <c>workday</c> (補行上班).</param>
public sealed record CalendarRow(string Date, string Name, string Kind);

/// <summary>One terms-of-use version as imported, with its whole text.</summary>
/// <param name="EffectiveFrom">yyyy-MM-dd.</param>
/// <param name="TextSha256">Lower-case hex SHA-256 of <paramref name="Text"/> (LF line ends).</param>
public sealed record TermsVersionRow(string Version, string EffectiveFrom, string TextSha256, string Text);

/// <summary>One node of a function catalogue version as imported.</summary>
/// <param name="ParentCode">Null for a top-level group.</param>
public sealed record CatalogueFunctionRow(string Code, string Name, string? ParentCode);

/// <summary>One function catalogue version as imported: its whole tree in catalogue order.</summary>
/// <param name="EffectiveFrom">yyyy-MM-dd.</param>
public sealed record CatalogueVersionRow(string Version, string EffectiveFrom, IReadOnlyList<CatalogueFunctionRow> Functions);

/// <summary>One certificate of the trust list as imported.</summary>
/// <param name="Kind"><c>organisation</c> or <c>citizen</c> for anchors and issuing CAs; <c>any</c> for a denied CA.</param>
/// <param name="Role"><c>anchor</c>, <c>issuing</c> (an intermediate a path may run through) or <c>denied</c> (a test CA refused wherever it appears).</param>
/// <param name="CertificateDer">Base64 DER.</param>
/// <param name="SubjectKeyId">Upper-case hex of the certificate's subject key identifier (what the deny-list compares).</param>
public sealed record TrustCertificateRow(
    string Kind,
    string Role,
    string Name,
    string CertificateDer,
    string SubjectDn,
    string SubjectKeyId,
    string Sha256Thumbprint);

/// <summary>A chunk of an agency directory import (at most <see cref="ReferenceDataImportPlan.ChunkSize"/> agencies).</summary>
/// <param name="Chunk">0, 1, 2… within the import.</param>
[EventType("AgencyDirectoryRowsImported", 1)]
public sealed record AgencyDirectoryRowsImported(string ImportId, int Chunk, IReadOnlyList<AgencyRow> Agencies) : ReferenceDataEvent;

/// <summary>
/// Closes an agency directory import: the agencies of its chunks replace the whole directory.
/// </summary>
/// <param name="Version">The administrator's label for this edition of the file (e.g. 2026-11).</param>
/// <param name="FileSha256">Lower-case hex SHA-256 of the uploaded bytes.</param>
[EventType("AgencyDirectoryImportCompleted", 1)]
public sealed record AgencyDirectoryImportCompleted(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    int ChunkCount,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;

/// <summary>A chunk of a personnel import (at most <see cref="ReferenceDataImportPlan.ChunkSize"/> reports).</summary>
[EventType("PersonnelRecordsImported", 1)]
public sealed record PersonnelRecordsImported(string ImportId, int Chunk, IReadOnlyList<PersonnelRow> Records) : ReferenceDataEvent;

/// <summary>
/// Closes a personnel import: its reports are added to the records; a report for the same person, agency
/// and day as one already recorded replaces it.
/// </summary>
[EventType("PersonnelImportCompleted", 1)]
public sealed record PersonnelImportCompleted(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    int ChunkCount,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;

/// <summary>An office calendar import: it replaces every entry of the years it covers, and leaves other years alone.</summary>
/// <param name="Years">The years the file covers, ascending.</param>
[EventType("HolidayCalendarImported", 1)]
public sealed record HolidayCalendarImported(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    IReadOnlyList<int> Years,
    IReadOnlyList<CalendarRow> Days,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;

/// <summary>
/// A terms-of-use import: the versions it adds (versions the file repeats unchanged are not repeated here).
/// A recorded version never changes: managers accepted exactly its text.
/// </summary>
[EventType("TermsOfUseImported", 1)]
public sealed record TermsOfUseImported(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    IReadOnlyList<TermsVersionRow> AddedVersions,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;

/// <summary>
/// A function catalogue import: the catalogue versions it adds. A recorded version never changes: grants
/// name the version they were checked against.
/// </summary>
[EventType("FunctionCatalogueImported", 1)]
public sealed record FunctionCatalogueImported(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    IReadOnlyList<CatalogueVersionRow> AddedVersions,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;

/// <summary>A trust list import: its certificates replace the whole list (anchors and issuing CAs per kind, the deny-list).</summary>
[EventType("TrustAnchorsImported", 1)]
public sealed record TrustAnchorsImported(
    string ImportId,
    string Version,
    string FileName,
    string FileSha256,
    int RowCount,
    IReadOnlyList<TrustCertificateRow> Certificates,
    string ImportedBy,
    DateTimeOffset ImportedAt) : ReferenceDataEvent;
