using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.Projections;
using ReadModels.ReferenceData;

namespace ReadModels.Grants;

/// <summary>
/// 已授權清單: every handler grant of every agency (<c>issued_grants</c>), one row per grant with its current
/// serial (and its issuer key id when the manager read the card), name, masked ID and keyed ID hash (never the ID
/// itself), functions, status and times; the functions again one row each (<c>issued_grant_functions</c>) so a search by
/// function walks an index; each registered agency with its name and stream version (<c>grant_agencies</c>, the version a
/// grant page must send back); and the citizen certificates the store has seen with their expiry (<c>grant_known_certificates</c>), which give a
/// grant's handler certificate its notAfter when it is known (docs/grants.md, "Expiry").
/// </summary>
public sealed class HandlerGrantsProjection : Projection
{
    public const string ProjectionName = "issued-grants";

    public HandlerGrantsProjection(EventTypeRegistry registry, NationalIdHashKey hashKey)
        : base(registry)
    {
        ArgumentNullException.ThrowIfNull(hashKey);

        On<AgencyRegistered>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("grant_agencies")}
                    (agency_code, agency_name, stream_version, registered_at_us, org_issuer_key_id, org_serial, manager_issuer_key_id, manager_serial, manager_name, manager_id_hash)
                VALUES (@AgencyCode, @AgencyName, @Version, @At, @OrgKey, @OrgSerial, @ManagerKey, @ManagerSerial, @ManagerName, @ManagerIdHash)
                ON CONFLICT (agency_code) DO UPDATE SET agency_name = excluded.agency_name, stream_version = excluded.stream_version
                """,
                new
                {
                    e.AgencyCode, e.AgencyName, Version = StreamVersion(recorded), At = Microseconds(e.RegisteredAt),
                    OrgKey = e.OrganisationCertificate.IssuerKeyId, OrgSerial = e.OrganisationCertificate.SerialNumber,
                    ManagerKey = e.ManagerCertificate.IssuerKeyId, ManagerSerial = e.ManagerCertificate.SerialNumber, ManagerName = e.ManagerContact.Name,
                    ManagerIdHash = HashOf(hashKey, e.ManagerNationalId),
                });
            await KnowCertificateAsync(w, e.ManagerCertificate);
        });
        On<ManagerCertificateReplaced>(async (e, recorded, w) =>
        {
            await BumpAsync(w, e.AgencyCode, recorded);
            await ManagerAsync(w, e.AgencyCode, e.ManagerCertificate, e.ManagerContact, HashOf(hashKey, e.ManagerNationalId));
            await KnowCertificateAsync(w, e.ManagerCertificate);
        });
        On<OrganisationAndManagerCertificatesReplaced>(async (e, recorded, w) =>
        {
            await BumpAsync(w, e.AgencyCode, recorded);
            await OrganisationAsync(w, e.AgencyCode, e.OrganisationCertificate);
            await ManagerAsync(w, e.AgencyCode, e.ManagerCertificate, e.ManagerContact, HashOf(hashKey, e.ManagerNationalId));
            await KnowCertificateAsync(w, e.ManagerCertificate);
        });
        On<OrganisationCertificateReplaced>(async (e, recorded, w) =>
        {
            await BumpAsync(w, e.AgencyCode, recorded);
            await OrganisationAsync(w, e.AgencyCode, e.OrganisationCertificate);
        });
        On<OidReviewRequested>((e, recorded, w) => BumpAsync(w, e.AgencyCode, recorded));
        On<OidReviewApproved>((e, recorded, w) => BumpAsync(w, e.AgencyCode, recorded));
        On<OidReviewRejected>((e, recorded, w) => BumpAsync(w, e.AgencyCode, recorded));

        On<HandlerGrantIssued>(async (e, recorded, w) =>
        {
            var id = Domain.Common.NationalId.Parse(e.HandlerNationalId).Id
                     ?? throw new InvalidOperationException($"grant {e.AgencyCode}/{e.GrantNumber} carries an invalid national ID");
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("issued_grants")}
                    (agency_code, grant_number, agency_name, serial, issuer_key_id, handler_name, id_hash, id_masked, functions, catalogue_version,
                     active, issued_at_us, changed_at_us, revoked_at_us, revoke_reason, cert_not_after_us)
                VALUES (@AgencyCode, @GrantNumber,
                    (SELECT agency_name FROM {w.Table("grant_agencies")} WHERE agency_code = @AgencyCode),
                    @Serial, @IssuerKeyId, @HandlerName, @IdHash, @IdMasked, @Functions, @CatalogueVersion, 1, @At, @At, NULL, NULL,
                    (SELECT max(not_after_us) FROM {w.Table("grant_known_certificates")} WHERE serial = @Serial))
                """,
                new
                {
                    e.AgencyCode, e.GrantNumber, Serial = e.HandlerCertificateSerial, IssuerKeyId = e.HandlerIssuerKeyId, e.HandlerName, IdHash = hashKey.Hash(id), IdMasked = id.Masked,
                    Functions = JoinFunctions(e.FunctionCodes), e.CatalogueVersion, At = Microseconds(e.IssuedAt),
                });
            await InsertFunctionsAsync(w, e.AgencyCode, e.GrantNumber, e.FunctionCodes, active: true, Microseconds(e.IssuedAt));
            await BumpAsync(w, e.AgencyCode, recorded);
        });
        On<HandlerGrantModified>(async (e, recorded, w) =>
        {
            var id = Domain.Common.NationalId.Parse(e.HandlerNationalId).Id
                     ?? throw new InvalidOperationException($"grant {e.AgencyCode}/{e.GrantNumber} carries an invalid national ID");
            await w.ExecuteAsync(
                $"""
                UPDATE {w.Table("issued_grants")} SET serial = @Serial, issuer_key_id = @IssuerKeyId, handler_name = @HandlerName, id_hash = @IdHash, id_masked = @IdMasked,
                    functions = @Functions, catalogue_version = @CatalogueVersion, changed_at_us = @At,
                    cert_not_after_us = (SELECT max(not_after_us) FROM {w.Table("grant_known_certificates")} WHERE serial = @Serial)
                WHERE agency_code = @AgencyCode AND grant_number = @GrantNumber
                """,
                new
                {
                    e.AgencyCode, e.GrantNumber, Serial = e.HandlerCertificateSerial, IssuerKeyId = e.HandlerIssuerKeyId, e.HandlerName, IdHash = hashKey.Hash(id), IdMasked = id.Masked,
                    Functions = JoinFunctions(e.FunctionCodes), e.CatalogueVersion, At = Microseconds(e.ModifiedAt),
                });
            var issuedAt = await IssuedAtAsync(w, e.AgencyCode, e.GrantNumber);
            await WriteFunctionsAsync(w, e.AgencyCode, e.GrantNumber, e.FunctionCodes, active: true, issuedAt);
            await BumpAsync(w, e.AgencyCode, recorded);
        });
        On<HandlerGrantRevoked>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"""
                UPDATE {w.Table("issued_grants")} SET active = 0, revoked_at_us = @At, changed_at_us = @At, revoke_reason = @Reason
                WHERE agency_code = @AgencyCode AND grant_number = @GrantNumber;
                UPDATE {w.Table("issued_grant_functions")} SET active = 0 WHERE agency_code = @AgencyCode AND grant_number = @GrantNumber;
                """,
                new { e.AgencyCode, e.GrantNumber, e.Reason, At = Microseconds(e.RevokedAt) });
            await BumpAsync(w, e.AgencyCode, recorded);
        });
    }

    public override string Name => ProjectionName;

    // 2: every table clustered by its primary key (same rows, one tree fewer per row).
    // 3: issued_grants.issuer_key_id, the handler card's issuer (null for a typed serial): the handler role matches it.
    public override int Version => 3;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("grant_agencies",
            "agency_code TEXT NOT NULL PRIMARY KEY, agency_name TEXT NOT NULL, stream_version INTEGER NOT NULL, registered_at_us INTEGER NOT NULL, "
            + "org_issuer_key_id TEXT NOT NULL, org_serial TEXT NOT NULL, manager_issuer_key_id TEXT NOT NULL, manager_serial TEXT NOT NULL, manager_name TEXT NOT NULL, "
            + "manager_id_hash TEXT NOT NULL",
            "org_issuer_key_id, org_serial") { ClusteredByPrimaryKey = true },
        // Each index serves one common filter of the administrators' search in the default order (newest first),
        // so that no common filter scans the table: see docs/grants.md, "Search at scale".
        new("issued_grants",
            "agency_code TEXT NOT NULL, grant_number INTEGER NOT NULL, agency_name TEXT, serial TEXT NOT NULL, issuer_key_id TEXT, handler_name TEXT NOT NULL, "
            + "id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, functions TEXT NOT NULL, catalogue_version TEXT NOT NULL, active INTEGER NOT NULL, "
            + "issued_at_us INTEGER NOT NULL, changed_at_us INTEGER NOT NULL, revoked_at_us INTEGER, revoke_reason TEXT, cert_not_after_us INTEGER, "
            + "PRIMARY KEY (agency_code, grant_number)",
            "issued_at_us, agency_code, grant_number",
            "active, issued_at_us, agency_code, grant_number",
            "agency_code, issued_at_us, grant_number",
            "serial, issued_at_us, agency_code, grant_number",
            "id_hash, issued_at_us, agency_code, grant_number",
            "cert_not_after_us, agency_code, grant_number") { ClusteredByPrimaryKey = true },
        new("issued_grant_functions",
            "function_code TEXT NOT NULL, active INTEGER NOT NULL, issued_at_us INTEGER NOT NULL, agency_code TEXT NOT NULL, grant_number INTEGER NOT NULL, "
            + "PRIMARY KEY (agency_code, grant_number, function_code)",
            "function_code, issued_at_us, agency_code, grant_number",
            "function_code, active, issued_at_us, agency_code, grant_number") { ClusteredByPrimaryKey = true },
        new("grant_known_certificates",
            "serial TEXT NOT NULL, issuer_key_id TEXT NOT NULL, not_after_us INTEGER NOT NULL, PRIMARY KEY (serial, issuer_key_id)") { ClusteredByPrimaryKey = true },
    ];

    /// <summary>The stream version after this event, as the decider counts it (events folded = revision + 1).</summary>
    private static long StreamVersion(RecordedEvent recorded) => (long)recorded.Revision.Value + 1;

    private static long Microseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static string JoinFunctions(IReadOnlyList<string> codes) => string.Join(',', codes);

    private static Task<int> BumpAsync(ProjectionWriter w, string agencyCode, RecordedEvent recorded) => w.ExecuteAsync(
        $"UPDATE {w.Table("grant_agencies")} SET stream_version = @Version WHERE agency_code = @agencyCode",
        new { agencyCode, Version = StreamVersion(recorded) });

    private static Task<int> OrganisationAsync(ProjectionWriter w, string agencyCode, OrganisationCertificateInfo certificate) => w.ExecuteAsync(
        $"UPDATE {w.Table("grant_agencies")} SET org_issuer_key_id = @IssuerKeyId, org_serial = @SerialNumber WHERE agency_code = @agencyCode",
        new { agencyCode, certificate.IssuerKeyId, certificate.SerialNumber });

    private static Task<int> ManagerAsync(ProjectionWriter w, string agencyCode, CitizenCertificateInfo certificate, ManagerContact contact, string idHash) => w.ExecuteAsync(
        $"UPDATE {w.Table("grant_agencies")} SET manager_issuer_key_id = @IssuerKeyId, manager_serial = @SerialNumber, manager_name = @Name, manager_id_hash = @idHash WHERE agency_code = @agencyCode",
        new { agencyCode, certificate.IssuerKeyId, certificate.SerialNumber, contact.Name, idHash });

    private static string HashOf(NationalIdHashKey key, string nationalId) =>
        key.Hash(Domain.Common.NationalId.Parse(nationalId).Id ?? throw new InvalidOperationException("a registration event carries an invalid manager national ID"));

    private static async Task<long> IssuedAtAsync(ProjectionWriter w, string agencyCode, int grantNumber) =>
        await w.QueryScalarAsync<long?>(
            $"SELECT issued_at_us FROM {w.Table("issued_grants")} WHERE agency_code = @agencyCode AND grant_number = @grantNumber", new { agencyCode, grantNumber })
        ?? throw new InvalidOperationException($"grant {agencyCode}/{grantNumber} modified before it was issued");

    private static async Task WriteFunctionsAsync(ProjectionWriter w, string agencyCode, int grantNumber, IReadOnlyList<string> codes, bool active, long issuedAt)
    {
        await w.ExecuteAsync($"DELETE FROM {w.Table("issued_grant_functions")} WHERE agency_code = @agencyCode AND grant_number = @grantNumber", new { agencyCode, grantNumber });
        await InsertFunctionsAsync(w, agencyCode, grantNumber, codes, active, issuedAt);
    }

    /// <summary>A new grant's function rows (a new grant has none to replace).</summary>
    private static Task InsertFunctionsAsync(ProjectionWriter w, string agencyCode, int grantNumber, IReadOnlyList<string> codes, bool active, long issuedAt) =>
        w.ExecuteAsync(
            $"INSERT INTO {w.Table("issued_grant_functions")} (function_code, active, issued_at_us, agency_code, grant_number) VALUES (@code, @active, @issuedAt, @agencyCode, @grantNumber)",
            codes.Distinct(StringComparer.Ordinal).Select(code => new { code, active = active ? 1 : 0, issuedAt, agencyCode, grantNumber }));

    /// <summary>
    /// Records a citizen certificate's expiry and gives it to every grant already holding its serial, so the
    /// order in which a certificate and a grant become known does not change the rows.
    /// </summary>
    private static async Task KnowCertificateAsync(ProjectionWriter w, CitizenCertificateInfo certificate)
    {
        var parameters = new { certificate.SerialNumber, certificate.IssuerKeyId, NotAfter = Microseconds(certificate.NotAfter) };
        await w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("grant_known_certificates")} (serial, issuer_key_id, not_after_us) VALUES (@SerialNumber, @IssuerKeyId, @NotAfter)
            ON CONFLICT (serial, issuer_key_id) DO UPDATE SET not_after_us = excluded.not_after_us;
            UPDATE {w.Table("issued_grants")} SET cert_not_after_us = (SELECT max(not_after_us) FROM {w.Table("grant_known_certificates")} WHERE serial = @SerialNumber)
            WHERE serial = @SerialNumber;
            """,
            parameters);
    }
}
