using Domain.Registration;
using EventStore.Serialization;
using ReadModels.Projections;

namespace ReadModels.Registration;

/// <summary>
/// The reviewers' queue (<c>oid_review_cases</c>): every OID review case with the certificate it is about, what the
/// directory expected, the applicant to call back, the desk that answers the agency, and its decision once made.
/// </summary>
public sealed class OidReviewQueueProjection : Projection
{
    public const string ProjectionName = "oid-review-queue";

    public OidReviewQueueProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<OidReviewRequested>((e, recorded, w) => w.ExecuteAsync(
            $"""
            INSERT INTO {w.Table("oid_review_cases")} (agency_code, case_number, agency_name, review_desk, expected_oids,
                certificate_oid, certificate_serial, certificate_issuer_key_id, certificate_subject_dn, certificate_issuer_dn,
                certificate_not_before_us, certificate_not_after_us, applicant_name, applicant_phone, applicant_extension,
                requested_by, requested_at_us, status, position)
            VALUES (@AgencyCode, @CaseNumber, @AgencyName, @ReviewDesk, @ExpectedOids, @Oid, @Serial, @IssuerKeyId, @SubjectDn, @IssuerDn,
                @NotBefore, @NotAfter, @ApplicantName, @ApplicantPhone, @ApplicantExtension, @RequestedBy, @RequestedAt, @Status, @Position)
            """,
            new
            {
                e.AgencyCode, e.CaseNumber, e.AgencyName, e.ReviewDesk, ExpectedOids = string.Join(';', e.ExpectedOids),
                Oid = e.Certificate.AgencyOid, Serial = e.Certificate.SerialNumber, e.Certificate.IssuerKeyId, e.Certificate.SubjectDn, e.Certificate.IssuerDn,
                NotBefore = RegistrationTime.Microseconds(e.Certificate.NotBefore), NotAfter = RegistrationTime.Microseconds(e.Certificate.NotAfter),
                e.ApplicantName, e.ApplicantPhone, e.ApplicantExtension, e.RequestedBy, RequestedAt = RegistrationTime.Microseconds(e.RequestedAt),
                Status = OidReviewStatus.Pending.ToString(), Position = recorded.Position.Value,
            }));
        On<OidReviewApproved>((e, recorded, w) => w.ExecuteAsync(
            $"""
            UPDATE {w.Table("oid_review_cases")} SET status = @Status, decided_by = @ApprovedBy, decided_at_us = @At, effective_from_us = @EffectiveFrom, position = @Position
            WHERE agency_code = @AgencyCode AND case_number = @CaseNumber
            """,
            new
            {
                e.AgencyCode, e.CaseNumber, e.ApprovedBy, At = RegistrationTime.Microseconds(e.ApprovedAt),
                EffectiveFrom = RegistrationTime.Microseconds(e.EffectiveFrom), Status = OidReviewStatus.Approved.ToString(), Position = recorded.Position.Value,
            }));
        On<OidReviewRejected>((e, recorded, w) => w.ExecuteAsync(
            $"""
            UPDATE {w.Table("oid_review_cases")} SET status = @Status, decided_by = @RejectedBy, decided_at_us = @At, reason = @Reason, position = @Position
            WHERE agency_code = @AgencyCode AND case_number = @CaseNumber
            """,
            new
            {
                e.AgencyCode, e.CaseNumber, e.RejectedBy, At = RegistrationTime.Microseconds(e.RejectedAt), e.Reason,
                Status = OidReviewStatus.Rejected.ToString(), Position = recorded.Position.Value,
            }));
    }

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("oid_review_cases",
            "agency_code TEXT NOT NULL, case_number INTEGER NOT NULL, agency_name TEXT NOT NULL, review_desk TEXT NOT NULL, expected_oids TEXT NOT NULL, "
            + "certificate_oid TEXT NOT NULL, certificate_serial TEXT NOT NULL, certificate_issuer_key_id TEXT NOT NULL, certificate_subject_dn TEXT NOT NULL, "
            + "certificate_issuer_dn TEXT NOT NULL, certificate_not_before_us INTEGER NOT NULL, certificate_not_after_us INTEGER NOT NULL, "
            + "applicant_name TEXT NOT NULL, applicant_phone TEXT NOT NULL, applicant_extension TEXT, requested_by TEXT NOT NULL, requested_at_us INTEGER NOT NULL, "
            + "status TEXT NOT NULL, decided_by TEXT, decided_at_us INTEGER, effective_from_us INTEGER, reason TEXT, position INTEGER NOT NULL, "
            + "PRIMARY KEY (agency_code, case_number)",
            "status, requested_at_us",
            "decided_at_us"),
    ];
}
