using Dapper;
using Domain.Registration;
using ReadModels.Querying;

namespace ReadModels.Registration;

/// <summary>A registered agency and the certificates it uses now (the manager's ID masked).</summary>
public sealed record RegisteredAgencyCertificates(
    string AgencyCode,
    string AgencyName,
    DateTimeOffset RegisteredAt,
    DateTimeOffset ChangedAt,
    CertificateKey OrganisationCertificate,
    string OrganisationSubjectDn,
    string OrganisationAgencyOid,
    DateTimeOffset OrganisationNotAfter,
    CertificateKey ManagerCertificate,
    string? ManagerCommonName,
    string ManagerMaskedId,
    DateTimeOffset ManagerNotAfter);

/// <summary>Reads <see cref="RegisteredCertificatesProjection"/>.</summary>
public sealed class RegisteredCertificatesQuery(ReadModelDatabase readModels)
{
    /// <summary>The agency this organisation certificate is registered to now, or null.</summary>
    public async Task<string?> OrganisationCertificateOwnerAsync(CertificateKey certificate, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT agency_code FROM registration_certificates WHERE issuer_key_id = @IssuerKeyId AND serial = @SerialNumber AND role = @role ORDER BY agency_code LIMIT 1",
            new { certificate.IssuerKeyId, certificate.SerialNumber, role = RegisteredCertificatesProjection.OrganisationRole },
            cancellationToken: cancellationToken));
    }

    /// <summary>The agencies whose authorization manager holds this citizen certificate now (one person may manage several).</summary>
    public async Task<IReadOnlyList<string>> AgenciesManagedByAsync(CertificateKey certificate, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT agency_code FROM registration_certificates WHERE issuer_key_id = @IssuerKeyId AND serial = @SerialNumber AND role = @role ORDER BY agency_code",
            new { certificate.IssuerKeyId, certificate.SerialNumber, role = RegisteredCertificatesProjection.ManagerRole },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<RegisteredAgencyCertificates?> AgencyAsync(string agencyCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT agency_code AS AgencyCode, agency_name AS AgencyName, registered_at_us AS RegisteredAtUs, changed_at_us AS ChangedAtUs,
                   org_issuer_key_id AS OrgIssuerKeyId, org_serial AS OrgSerial, org_subject_dn AS OrgSubjectDn, org_agency_oid AS OrgAgencyOid,
                   org_not_after_us AS OrgNotAfterUs, manager_issuer_key_id AS ManagerIssuerKeyId, manager_serial AS ManagerSerial,
                   manager_common_name AS ManagerCommonName, manager_id_masked AS ManagerIdMasked, manager_not_after_us AS ManagerNotAfterUs
            FROM registration_agencies WHERE agency_code = @agencyCode
            """,
            new { agencyCode },
            cancellationToken: cancellationToken));
        return row is null ? null : new RegisteredAgencyCertificates(
            row.AgencyCode, row.AgencyName, RegistrationTime.FromMicroseconds(row.RegisteredAtUs), RegistrationTime.FromMicroseconds(row.ChangedAtUs),
            new CertificateKey(row.OrgIssuerKeyId, row.OrgSerial), row.OrgSubjectDn, row.OrgAgencyOid, RegistrationTime.FromMicroseconds(row.OrgNotAfterUs),
            new CertificateKey(row.ManagerIssuerKeyId, row.ManagerSerial), row.ManagerCommonName, row.ManagerIdMasked, RegistrationTime.FromMicroseconds(row.ManagerNotAfterUs));
    }

    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public string AgencyName { get; init; } = "";
        public long RegisteredAtUs { get; init; }
        public long ChangedAtUs { get; init; }
        public string OrgIssuerKeyId { get; init; } = "";
        public string OrgSerial { get; init; } = "";
        public string OrgSubjectDn { get; init; } = "";
        public string OrgAgencyOid { get; init; } = "";
        public long OrgNotAfterUs { get; init; }
        public string ManagerIssuerKeyId { get; init; } = "";
        public string ManagerSerial { get; init; } = "";
        public string? ManagerCommonName { get; init; }
        public string ManagerIdMasked { get; init; } = "";
        public long ManagerNotAfterUs { get; init; }
    }
}
