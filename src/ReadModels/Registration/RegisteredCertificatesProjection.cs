using Domain.Common;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.Registration;

/// <summary>
/// The certificates each registered agency uses now (<c>registration_agencies</c>: organisation certificate and its
/// authorization manager's, the manager's ID only masked), and the reverse index by (issuer key id, serial)
/// (<c>registration_certificates</c>), which answers "is this organisation certificate registered to another
/// agency?" and "which agencies does this citizen certificate manage?". A swap moves the index to the new
/// certificate; the old one then belongs to nobody.
/// </summary>
public sealed class RegisteredCertificatesProjection : Projection
{
    public const string ProjectionName = "registration-certificates";

    public const string OrganisationRole = "organisation";

    public const string ManagerRole = "manager";

    public RegisteredCertificatesProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<AgencyRegistered>(async (e, recorded, w) =>
        {
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("registration_agencies")} (agency_code, agency_name, registered_at_us, changed_at_us, position)
                VALUES (@AgencyCode, @AgencyName, @At, @At, @Position)
                """,
                new { e.AgencyCode, e.AgencyName, At = RegistrationTime.Microseconds(e.RegisteredAt), Position = recorded.Position.Value });
            await SetOrganisationAsync(w, e.AgencyCode, e.OrganisationCertificate);
            await SetManagerAsync(w, e.AgencyCode, e.ManagerCertificate, e.ManagerNationalId);
        });
        On<OrganisationCertificateReplaced>(async (e, recorded, w) =>
        {
            await ChangedAsync(w, e.AgencyCode, e.ReplacedAt, recorded);
            await SetOrganisationAsync(w, e.AgencyCode, e.OrganisationCertificate);
        });
        On<ManagerCertificateReplaced>(async (e, recorded, w) =>
        {
            await ChangedAsync(w, e.AgencyCode, e.ReplacedAt, recorded);
            await SetManagerAsync(w, e.AgencyCode, e.ManagerCertificate, e.ManagerNationalId);
        });
        On<OrganisationAndManagerCertificatesReplaced>(async (e, recorded, w) =>
        {
            await ChangedAsync(w, e.AgencyCode, e.ReplacedAt, recorded);
            await SetOrganisationAsync(w, e.AgencyCode, e.OrganisationCertificate);
            await SetManagerAsync(w, e.AgencyCode, e.ManagerCertificate, e.ManagerNationalId);
        });
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("registration_agencies",
            "agency_code TEXT NOT NULL PRIMARY KEY, agency_name TEXT NOT NULL, registered_at_us INTEGER NOT NULL, changed_at_us INTEGER NOT NULL, position INTEGER NOT NULL, "
            + "org_issuer_key_id TEXT, org_serial TEXT, org_subject_dn TEXT, org_agency_oid TEXT, org_card_number TEXT, org_not_after_us INTEGER, "
            + "manager_issuer_key_id TEXT, manager_serial TEXT, manager_common_name TEXT, manager_id_masked TEXT, manager_card_number TEXT, manager_not_after_us INTEGER"),
        new("registration_certificates",
            "issuer_key_id TEXT NOT NULL, serial TEXT NOT NULL, role TEXT NOT NULL, agency_code TEXT NOT NULL, PRIMARY KEY (issuer_key_id, serial, role, agency_code)",
            "agency_code, role"),
    ];

    private static Task ChangedAsync(ProjectionWriter w, string agencyCode, DateTimeOffset at, RecordedEvent recorded) =>
        w.ExecuteAsync(
            $"UPDATE {w.Table("registration_agencies")} SET changed_at_us = @At, position = @Position WHERE agency_code = @agencyCode",
            new { agencyCode, At = RegistrationTime.Microseconds(at), Position = recorded.Position.Value });

    private static async Task SetOrganisationAsync(ProjectionWriter w, string agencyCode, OrganisationCertificateInfo certificate)
    {
        await ReindexAsync(w, agencyCode, OrganisationRole, certificate.IssuerKeyId, certificate.SerialNumber);
        await w.ExecuteAsync(
            $"""
            UPDATE {w.Table("registration_agencies")} SET org_issuer_key_id = @IssuerKeyId, org_serial = @SerialNumber, org_subject_dn = @SubjectDn,
                org_agency_oid = @AgencyOid, org_card_number = @CardNumber, org_not_after_us = @NotAfter
            WHERE agency_code = @agencyCode
            """,
            new
            {
                agencyCode, certificate.IssuerKeyId, certificate.SerialNumber, certificate.SubjectDn, certificate.AgencyOid, certificate.CardNumber,
                NotAfter = RegistrationTime.Microseconds(certificate.NotAfter),
            });
    }

    private static async Task SetManagerAsync(ProjectionWriter w, string agencyCode, CitizenCertificateInfo certificate, string nationalId)
    {
        await ReindexAsync(w, agencyCode, ManagerRole, certificate.IssuerKeyId, certificate.SerialNumber);
        await w.ExecuteAsync(
            $"""
            UPDATE {w.Table("registration_agencies")} SET manager_issuer_key_id = @IssuerKeyId, manager_serial = @SerialNumber, manager_common_name = @CommonName,
                manager_id_masked = @Masked, manager_card_number = @CardNumber, manager_not_after_us = @NotAfter
            WHERE agency_code = @agencyCode
            """,
            new
            {
                agencyCode, certificate.IssuerKeyId, certificate.SerialNumber, certificate.CommonName, certificate.CardNumber,
                // Only the masked form is kept here: the full ID stays in the stream, where the registration needs it.
                Masked = NationalId.Parse(nationalId).Id?.Masked ?? "",
                NotAfter = RegistrationTime.Microseconds(certificate.NotAfter),
            });
    }

    /// <summary>The agency's certificate of this role is now (issuer key id, serial); its previous one is nobody's.</summary>
    private static Task ReindexAsync(ProjectionWriter w, string agencyCode, string role, string issuerKeyId, string serial)
    {
        var index = w.Table("registration_certificates");
        var key = new CertificateKey(issuerKeyId, serial);
        return w.ExecuteAsync(
            $"""
            DELETE FROM {index} WHERE agency_code = @agencyCode AND role = @role;
            INSERT INTO {index} (issuer_key_id, serial, role, agency_code) VALUES (@IssuerKeyId, @Serial, @role, @agencyCode) ON CONFLICT DO NOTHING;
            """,
            new { agencyCode, role, key.IssuerKeyId, Serial = key.SerialNumber });
    }
}
