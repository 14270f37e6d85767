using Domain.Common;
using Domain.ReferenceData;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.ReferenceData;

/// <summary>
/// Personnel reports (table 2) keyed by the keyed hash of the national ID and by self-chosen account
/// (<c>ref_personnel_reports</c>). The table holds no ID in clear: only its hash, its masked form and its last
/// four digits (what a citizen certificate carries). Chunks are staged; the closing event adds them (a report
/// for the same person, agency and day replaces the recorded one), so queries never see half an import.
/// </summary>
public sealed class PersonnelProjection : Projection
{
    public const string ProjectionName = "reference-personnel";

    public PersonnelProjection(EventTypeRegistry registry, NationalIdHashKey hashKey)
        : base(registry)
    {
        ArgumentNullException.ThrowIfNull(hashKey);
        On<PersonnelRecordsImported>((e, _, w) => w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("ref_personnel_staging")}
                (import_id, seq, id_hash, id_masked, id_last_four, name, account, account_key, status, category, service_unit, concurrent_duty, agency_code, reported_on)
            VALUES (@ImportId, @Seq, @IdHash, @IdMasked, @IdLastFour, @Name, @Account, @AccountKey, @Status, @Category, @ServiceUnit, @ConcurrentDuty, @AgencyCode, @ReportedOn)
            """,
            e.Records.Select((r, i) =>
            {
                var id = NationalId.Parse(r.NationalId).Id
                    ?? throw new InvalidOperationException($"import {e.ImportId} chunk {e.Chunk} row {i} carries an invalid national ID");
                return new
                {
                    e.ImportId,
                    Seq = (e.Chunk * (long)ReferenceDataImportPlan.ChunkSize) + i,
                    IdHash = hashKey.Hash(id),
                    IdMasked = id.Masked,
                    IdLastFour = id.LastFour,
                    r.Name,
                    r.Account,
                    AccountKey = r.Account?.ToUpperInvariant(),
                    r.Status,
                    r.Category,
                    r.ServiceUnit,
                    r.ConcurrentDuty,
                    r.AgencyCode,
                    r.ReportedOn,
                };
            })));
        On<PersonnelImportCompleted>((e, _, w) => w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("ref_personnel_reports")}
                (id_hash, agency_code, reported_on, id_masked, id_last_four, name, account, account_key, status, category, service_unit, concurrent_duty, import_id)
            SELECT id_hash, agency_code, reported_on, id_masked, id_last_four, name, account, account_key, status, category, service_unit, concurrent_duty, import_id
            FROM {w.Table("ref_personnel_staging")} WHERE import_id = @ImportId ORDER BY seq
            ON CONFLICT (id_hash, agency_code, reported_on) DO UPDATE SET id_masked = excluded.id_masked, id_last_four = excluded.id_last_four, name = excluded.name, account = excluded.account, account_key = excluded.account_key, status = excluded.status, category = excluded.category, service_unit = excluded.service_unit, concurrent_duty = excluded.concurrent_duty, import_id = excluded.import_id;
            DELETE FROM {w.Table("ref_personnel_staging")} WHERE import_id = @ImportId;
            """,
            new { e.ImportId }));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("ref_personnel_staging",
            "import_id TEXT NOT NULL, seq INTEGER NOT NULL, id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, id_last_four TEXT NOT NULL, name TEXT NOT NULL, account TEXT, account_key TEXT, "
            + "status TEXT NOT NULL, category TEXT NOT NULL, service_unit TEXT NOT NULL, concurrent_duty TEXT, agency_code TEXT NOT NULL, reported_on TEXT NOT NULL, PRIMARY KEY (import_id, seq)"),
        new("ref_personnel_reports",
            "id_hash TEXT NOT NULL, agency_code TEXT NOT NULL, reported_on TEXT NOT NULL, id_masked TEXT NOT NULL, id_last_four TEXT NOT NULL, name TEXT NOT NULL, account TEXT, account_key TEXT, "
            + "status TEXT NOT NULL, category TEXT NOT NULL, service_unit TEXT NOT NULL, concurrent_duty TEXT, import_id TEXT NOT NULL, PRIMARY KEY (id_hash, agency_code, reported_on)",
            "account_key"),
    ];
}
