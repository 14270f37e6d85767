using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.ReferenceData;

/// <summary>
/// The small reference-data kinds and the log of every import: the office calendar (<c>ref_holidays</c>,
/// <c>ref_holiday_years</c>), terms-of-use versions with their texts (<c>ref_terms_versions</c>), function
/// catalogue versions and trees (<c>ref_catalogue_versions</c>, <c>ref_catalogue_functions</c>), the trust list
/// (<c>ref_trust_certificates</c>) and who imported what when (<c>ref_imports</c>, every kind).
/// </summary>
public sealed class ReferenceDataProjection : Projection
{
    public const string ProjectionName = "reference-data";

    public ReferenceDataProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<HolidayCalendarImported>(async (e, recorded, w) =>
        {
            // An import replaces the years it covers and leaves the others.
            await w.ExecuteAsync($"DELETE FROM {w.Table("ref_holidays")} WHERE year = @Year", e.Years.Select(y => new { Year = y }));
            await w.ExecuteAsync($"INSERT INTO {w.Table("ref_holiday_years")} (year) VALUES (@Year) ON CONFLICT DO NOTHING", e.Years.Select(y => new { Year = y }));
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_holidays")} (date, year, name, kind) VALUES (@Date, @Year, @Name, @Kind)",
                e.Days.Select(d => new { d.Date, Year = ReferenceDataImportPlan.ParseDay(d.Date).Year, d.Name, d.Kind }));
            await LogAsync(w, recorded, ReferenceDataKind.HolidayCalendar, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt);
        });
        On<TermsOfUseImported>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_terms_versions")} (version, effective_from, text_sha256, text, import_id) VALUES (@Version, @EffectiveFrom, @TextSha256, @Text, @ImportId)",
                e.AddedVersions.Select(v => new { v.Version, v.EffectiveFrom, v.TextSha256, v.Text, e.ImportId }));
            await LogAsync(w, recorded, ReferenceDataKind.TermsOfUse, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt);
        });
        On<FunctionCatalogueImported>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_catalogue_versions")} (version, effective_from, import_id) VALUES (@Version, @EffectiveFrom, @ImportId)",
                e.AddedVersions.Select(v => new { v.Version, v.EffectiveFrom, e.ImportId }));
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_catalogue_functions")} (version, position, code, name, parent_code) VALUES (@Version, @Position, @Code, @Name, @ParentCode)",
                e.AddedVersions.SelectMany(v => v.Functions.Select((f, i) => new { v.Version, Position = i, f.Code, f.Name, f.ParentCode })));
            await LogAsync(w, recorded, ReferenceDataKind.FunctionCatalogue, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt);
        });
        On<TrustAnchorsImported>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync($"DELETE FROM {w.Table("ref_trust_certificates")}");
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("ref_trust_certificates")} (position, kind, role, name, certificate_der, subject_dn, subject_key_id, sha256_thumbprint, import_id)
                VALUES (@Position, @Kind, @Role, @Name, @CertificateDer, @SubjectDn, @SubjectKeyId, @Sha256Thumbprint, @ImportId)
                """,
                e.Certificates.Select((c, i) => new { Position = i, c.Kind, c.Role, c.Name, c.CertificateDer, c.SubjectDn, c.SubjectKeyId, c.Sha256Thumbprint, e.ImportId }));
            await LogAsync(w, recorded, ReferenceDataKind.TrustAnchors, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt);
        });
        On<AgencyDirectoryImportCompleted>((e, recorded, w) =>
            LogAsync(w, recorded, ReferenceDataKind.AgencyDirectory, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt));
        On<PersonnelImportCompleted>((e, recorded, w) =>
            LogAsync(w, recorded, ReferenceDataKind.Personnel, e.ImportId, e.Version, e.FileName, e.FileSha256, e.RowCount, e.ImportedBy, e.ImportedAt));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("ref_holidays", "date TEXT NOT NULL PRIMARY KEY, year INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL", "year"),
        new("ref_holiday_years", "year INTEGER NOT NULL PRIMARY KEY"),
        new("ref_terms_versions", "version TEXT NOT NULL PRIMARY KEY, effective_from TEXT NOT NULL UNIQUE, text_sha256 TEXT NOT NULL, text TEXT NOT NULL, import_id TEXT NOT NULL"),
        new("ref_catalogue_versions", "version TEXT NOT NULL PRIMARY KEY, effective_from TEXT NOT NULL UNIQUE, import_id TEXT NOT NULL"),
        new("ref_catalogue_functions", "version TEXT NOT NULL, position INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, parent_code TEXT, PRIMARY KEY (version, position)"),
        new("ref_trust_certificates",
            "position INTEGER NOT NULL PRIMARY KEY, kind TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, certificate_der TEXT NOT NULL, subject_dn TEXT NOT NULL, subject_key_id TEXT NOT NULL, sha256_thumbprint TEXT NOT NULL, import_id TEXT NOT NULL"),
        new("ref_imports",
            "position INTEGER NOT NULL PRIMARY KEY, kind TEXT NOT NULL, import_id TEXT NOT NULL, version TEXT NOT NULL, file_name TEXT NOT NULL, file_sha256 TEXT NOT NULL, row_count INTEGER NOT NULL, imported_by TEXT NOT NULL, imported_at_us INTEGER NOT NULL",
            "kind, position"),
    ];

    /// <summary>The stable name a kind is logged under in <c>ref_imports.kind</c>.</summary>
    public static string KindKey(ReferenceDataKind kind) => ReferenceDataStreams.For(kind)["reference-".Length..];

    private static Task<int> LogAsync(ProjectionWriter w, RecordedEvent recorded, ReferenceDataKind kind, string importId, string version, string fileName, string fileSha256, int rowCount,
        string importedBy, DateTimeOffset importedAt) => w.ExecuteAsync(
        $"""
        INSERT INTO {w.Table("ref_imports")} (position, kind, import_id, version, file_name, file_sha256, row_count, imported_by, imported_at_us)
        VALUES (@Position, @Kind, @ImportId, @Version, @FileName, @FileSha256, @RowCount, @ImportedBy, @ImportedAtUs)
        """,
        new
        {
            Position = recorded.Position.Value,
            Kind = KindKey(kind),
            ImportId = importId,
            Version = version,
            FileName = fileName,
            FileSha256 = fileSha256,
            RowCount = rowCount,
            ImportedBy = importedBy,
            ImportedAtUs = importedAt.ToUnixTimeMilliseconds() * 1000,
        });
}
