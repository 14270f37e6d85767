using Dapper;
using Domain.Ecpa;
using EventStore.Serialization;
using ReadModels.People;
using ReadModels.Projections;
using ReadModels.Querying;

namespace ReadModels.Ecpa;

/// <summary>
/// Organisation certificates uploaded in eCPA (<c>ecpa_organisation_certificates</c>): by (issuer key id, serial),
/// the agency it is bound to, the certificate's facts, who uploaded it and when; a later upload for the agency
/// ends the previous binding. Organisation-card sign-in asks it "which agency is this card?".
/// </summary>
public sealed class OrganisationCertificatesProjection : Projection
{
    public const string ProjectionName = "ecpa-organisation-certificates";

    public OrganisationCertificatesProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<OrganisationCertificateBound>(async (e, _, w) =>
        {
            var at = UnixMicros.Of(e.BoundAt);
            await w.ExecuteAsync(
                $"UPDATE {w.Table("ecpa_organisation_certificates")} SET ended_at_us = @at WHERE agency_code = @AgencyCode AND ended_at_us IS NULL",
                new { at, e.AgencyCode });
            var c = e.Certificate;
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("ecpa_organisation_certificates")}
                    (issuer_key_id, serial, agency_code, agency_name, agency_oid, subject, issuer, not_before_us, not_after_us, card_number, uploader_name, bound_by, bound_at_us, ended_at_us)
                VALUES (@IssuerKeyId, @SerialNumber, @AgencyCode, @AgencyName, @AgencyOid, @SubjectDn, @IssuerDn, @notBefore, @notAfter, @CardNumber, @UploaderName, @BoundBy, @at, NULL)
                ON CONFLICT (issuer_key_id, serial) DO UPDATE SET agency_code = excluded.agency_code, agency_name = excluded.agency_name, agency_oid = excluded.agency_oid, subject = excluded.subject, issuer = excluded.issuer, not_before_us = excluded.not_before_us, not_after_us = excluded.not_after_us, card_number = excluded.card_number, uploader_name = excluded.uploader_name, bound_by = excluded.bound_by, bound_at_us = excluded.bound_at_us, ended_at_us = excluded.ended_at_us
                """,
                new
                {
                    c.IssuerKeyId, c.SerialNumber, e.AgencyCode, e.AgencyName, c.AgencyOid, c.SubjectDn, c.IssuerDn,
                    notBefore = UnixMicros.Of(c.NotBefore), notAfter = UnixMicros.Of(c.NotAfter),
                    c.CardNumber, e.UploaderName, e.BoundBy, at,
                });
        });
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("ecpa_organisation_certificates",
            "issuer_key_id TEXT NOT NULL, serial TEXT NOT NULL, agency_code TEXT NOT NULL, agency_name TEXT NOT NULL, agency_oid TEXT NOT NULL, subject TEXT NOT NULL, "
            + "issuer TEXT NOT NULL, not_before_us INTEGER NOT NULL, not_after_us INTEGER NOT NULL, card_number TEXT, uploader_name TEXT NOT NULL, bound_by TEXT NOT NULL, "
            + "bound_at_us INTEGER NOT NULL, ended_at_us INTEGER, PRIMARY KEY (issuer_key_id, serial)",
            "agency_code"),
    ];
}

/// <summary>An uploaded organisation certificate and its agency.</summary>
public sealed record OrganisationCertificateBinding(
    string IssuerKeyId, string SerialNumber, string AgencyCode, string AgencyName, string AgencyOid, string SubjectDn,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string UploaderName, DateTimeOffset BoundAt);

/// <summary>Queries of <see cref="OrganisationCertificatesProjection"/>.</summary>
public sealed class OrganisationCertificateIndex(ReadModelDatabase readModels)
{
    /// <summary>The agency the certificate is bound to now, or null.</summary>
    public async Task<OrganisationCertificateBinding?> FindActiveAsync(string issuerKeyId, string serialNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE issuer_key_id = @issuerKeyId AND serial = @serialNumber AND ended_at_us IS NULL",
            new { issuerKeyId, serialNumber }, cancellationToken: cancellationToken));
        return row?.ToBinding();
    }

    /// <summary>The certificate bound to the agency now, or null.</summary>
    public async Task<OrganisationCertificateBinding?> ForAgencyAsync(string agencyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE agency_code = @agencyCode AND ended_at_us IS NULL", new { agencyCode }, cancellationToken: cancellationToken));
        return row?.ToBinding();
    }

    private const string Select =
        "SELECT issuer_key_id AS IssuerKeyId, serial AS SerialNumber, agency_code AS AgencyCode, agency_name AS AgencyName, agency_oid AS AgencyOid, subject AS SubjectDn, "
        + "not_before_us AS NotBeforeUs, not_after_us AS NotAfterUs, uploader_name AS UploaderName, bound_at_us AS BoundAtUs FROM ecpa_organisation_certificates";

    private sealed class Row
    {
        public string IssuerKeyId { get; init; } = "";
        public string SerialNumber { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string AgencyName { get; init; } = "";
        public string AgencyOid { get; init; } = "";
        public string SubjectDn { get; init; } = "";
        public long NotBeforeUs { get; init; }
        public long NotAfterUs { get; init; }
        public string UploaderName { get; init; } = "";
        public long BoundAtUs { get; init; }

        public OrganisationCertificateBinding ToBinding() => new(IssuerKeyId, SerialNumber, AgencyCode, AgencyName, AgencyOid, SubjectDn,
            UnixMicros.At(NotBeforeUs), UnixMicros.At(NotAfterUs), UploaderName, UnixMicros.At(BoundAtUs));
    }
}
