using Domain.ReferenceData;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.ReferenceData;

/// <summary>
/// The agency directory by code and by expected OID (<c>ref_agencies</c>, <c>ref_agency_oids</c>). Chunks of an
/// import are staged; the closing event replaces the whole directory with them in one transaction, so queries
/// see the previous directory or the new one, never a mix.
/// </summary>
public sealed class AgencyDirectoryProjection : Projection
{
    public const string ProjectionName = "reference-agency-directory";

    public AgencyDirectoryProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<AgencyDirectoryRowsImported>(async (e, _, w) =>
        {
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_agency_staging")} (import_id, seq, code, name, expected_oids, review_desk) VALUES (@ImportId, @Seq, @Code, @Name, @Oids, @ReviewDesk)",
                e.Agencies.Select((a, i) => new { e.ImportId, Seq = (e.Chunk * (long)ReferenceDataImportPlan.ChunkSize) + i, a.Code, a.Name, Oids = string.Join(';', a.ExpectedOids), a.ReviewDesk }));
            await w.ExecuteAsync(
                $"INSERT INTO {w.Table("ref_agency_oid_staging")} (import_id, oid, code) VALUES (@ImportId, @Oid, @Code) ON CONFLICT DO NOTHING",
                e.Agencies.SelectMany(a => a.ExpectedOids.Select(oid => new { e.ImportId, Oid = oid, a.Code })));
        });
        On<AgencyDirectoryImportCompleted>(async (e, _, w) =>
        {
            var agencies = w.Table("ref_agencies");
            var oids = w.Table("ref_agency_oids");
            var staging = w.Table("ref_agency_staging");
            var oidStaging = w.Table("ref_agency_oid_staging");
            await w.ExecuteAsync($"DELETE FROM {agencies}; DELETE FROM {oids};");
            await w.ExecuteAsync(
                $"""
                INSERT INTO {agencies} (code, name, expected_oids, review_desk, seq, import_id)
                SELECT code, name, expected_oids, review_desk, seq, import_id FROM {staging} WHERE import_id = @ImportId;
                INSERT INTO {oids} (oid, code) SELECT oid, code FROM {oidStaging} WHERE import_id = @ImportId;
                DELETE FROM {staging} WHERE import_id = @ImportId;
                DELETE FROM {oidStaging} WHERE import_id = @ImportId;
                """,
                new { e.ImportId });
        });
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("ref_agency_staging", "import_id TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, expected_oids TEXT NOT NULL, review_desk TEXT NOT NULL, PRIMARY KEY (import_id, seq)"),
        new("ref_agency_oid_staging", "import_id TEXT NOT NULL, oid TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (import_id, oid, code)"),
        new("ref_agencies", "code TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, expected_oids TEXT NOT NULL, review_desk TEXT NOT NULL, seq INTEGER NOT NULL, import_id TEXT NOT NULL", "seq"),
        new("ref_agency_oids", "oid TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (oid, code)"),
    ];
}
