using Dapper;
using Domain.Ecpa;
using EventStore.Serialization;
using ReadModels.People;
using ReadModels.Projections;
using ReadModels.Querying;

namespace ReadModels.Ecpa;

/// <summary>
/// Application-system grants per agency (<c>ecpa_grants</c>): one row per (agency, system, right, person), with
/// the person's masked ID, name and account, when and by whom it was granted, and — once revoked — when and by
/// whom. A right granted again after a revocation reuses its row. The grant pages list and search this.
/// </summary>
public sealed class ApplicationSystemGrantsProjection : Projection
{
    public const string ProjectionName = "ecpa-application-system-grants";

    public ApplicationSystemGrantsProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<ApplicationSystemGrantIssued>((e, _, w) => w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("ecpa_grants")}
                (agency_code, system_code, right_code, person_key, system_name, right_name, catalogue_version, masked_id, name, account, issued_by, issued_at_us, revoked_by, revoked_at_us)
            VALUES (@AgencyCode, @SystemCode, @RightCode, @PersonKey, @SystemName, @RightName, @CatalogueVersion, @MaskedNationalId, @PersonName, @PersonAccount, @IssuedBy, @at, NULL, NULL)
            ON CONFLICT (agency_code, system_code, right_code, person_key) DO UPDATE SET system_name = excluded.system_name, right_name = excluded.right_name, catalogue_version = excluded.catalogue_version, masked_id = excluded.masked_id, name = excluded.name, account = excluded.account, issued_by = excluded.issued_by, issued_at_us = excluded.issued_at_us, revoked_by = excluded.revoked_by, revoked_at_us = excluded.revoked_at_us
            """,
            new { e.AgencyCode, e.SystemCode, e.RightCode, e.PersonKey, e.SystemName, e.RightName, e.CatalogueVersion, e.MaskedNationalId, e.PersonName, e.PersonAccount, e.IssuedBy, at = UnixMicros.Of(e.IssuedAt) }));
        On<ApplicationSystemGrantRevoked>((e, _, w) => w.ExecuteAsync(
            $"""
            UPDATE {w.Table("ecpa_grants")} SET revoked_by = @RevokedBy, revoked_at_us = @at
            WHERE agency_code = @AgencyCode AND system_code = @SystemCode AND right_code = @RightCode AND person_key = @PersonKey
            """,
            new { e.AgencyCode, e.SystemCode, e.RightCode, e.PersonKey, e.RevokedBy, at = UnixMicros.Of(e.RevokedAt) }));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("ecpa_grants",
            "agency_code TEXT NOT NULL, system_code TEXT NOT NULL, right_code TEXT NOT NULL, person_key TEXT NOT NULL, system_name TEXT NOT NULL, right_name TEXT NOT NULL, "
            + "catalogue_version TEXT NOT NULL, masked_id TEXT NOT NULL, name TEXT NOT NULL, account TEXT, issued_by TEXT NOT NULL, issued_at_us INTEGER NOT NULL, "
            + "revoked_by TEXT, revoked_at_us INTEGER, PRIMARY KEY (agency_code, system_code, right_code, person_key)",
            "agency_code, person_key"),
    ];
}

/// <summary>One grant as the list shows it.</summary>
public sealed record ApplicationSystemGrantRow(
    string AgencyCode, string SystemCode, string SystemName, string RightCode, string RightName, string PersonKey,
    string MaskedNationalId, string Name, string? Account, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>What the grant list is filtered by (every filter optional but the agency).</summary>
public sealed record ApplicationSystemGrantFilter(string AgencyCode, string? SystemCode = null, string? RightCode = null, string? PersonKey = null, bool IncludeRevoked = false);

/// <summary>Queries of <see cref="ApplicationSystemGrantsProjection"/>.</summary>
public sealed class ApplicationSystemGrantList(ReadModelDatabase readModels)
{
    /// <summary>A page of grants, ordered by system, right, then name; and how many match in all.</summary>
    public async Task<(IReadOnlyList<ApplicationSystemGrantRow> Rows, int Total)> ListAsync(ApplicationSystemGrantFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string Where = """
            WHERE agency_code = @AgencyCode
              AND (@SystemCode IS NULL OR system_code = @SystemCode)
              AND (@RightCode IS NULL OR right_code = @RightCode)
              AND (@PersonKey IS NULL OR person_key = @PersonKey)
              AND (@IncludeRevoked OR revoked_at_us IS NULL)
            """;
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM ecpa_grants {Where}", filter, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT agency_code AS AgencyCode, system_code AS SystemCode, system_name AS SystemName, right_code AS RightCode, right_name AS RightName,
                   person_key AS PersonKey, masked_id AS MaskedNationalId, name AS Name, account AS Account, issued_at_us AS IssuedAtUs, revoked_at_us AS RevokedAtUs
            FROM ecpa_grants {Where}
            ORDER BY system_code, right_code, name, masked_id
            LIMIT @limit OFFSET @offset
            """,
            new { filter.AgencyCode, filter.SystemCode, filter.RightCode, filter.PersonKey, filter.IncludeRevoked, limit, offset },
            cancellationToken: cancellationToken));
        return (rows.Select(r => r.ToGrant()).ToList(), total);
    }

    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public string SystemCode { get; init; } = "";
        public string SystemName { get; init; } = "";
        public string RightCode { get; init; } = "";
        public string RightName { get; init; } = "";
        public string PersonKey { get; init; } = "";
        public string MaskedNationalId { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Account { get; init; }
        public long IssuedAtUs { get; init; }
        public long? RevokedAtUs { get; init; }

        public ApplicationSystemGrantRow ToGrant() => new(AgencyCode, SystemCode, SystemName, RightCode, RightName, PersonKey, MaskedNationalId, Name, Account,
            UnixMicros.At(IssuedAtUs), RevokedAtUs is { } revoked ? UnixMicros.At(revoked) : null);
    }
}
