using Domain.Common;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

// OID review (OID 人工審核): an organisation certificate whose agency OID the directory does not expect waits for a
// reviewer, who approves it from the next business day or rejects it with a reason.
public sealed partial class RegistrationDecider
{
    private static Decision<RegistrationEvent> RequestReview(RequestOidReview c, AgencyRegistration state)
    {
        if (state.PendingReview is { } pending)
            return CertificateKey.Of(c.OrganisationCard.Certificate) == pending.Certificate ? Nothing : OidReviewPending;
        var standing = RegistrationCardChecks.NewOrganisationCard(state, c.Agency, c.OrganisationCard, c.Now);
        if (standing is null)
            return OidReviewNotNeeded;
        if (standing != OidMismatch)
            return standing;
        return Unless(
            ContactRules.Text(c.ApplicantName, "applicant-name", "聯絡人姓名", ContactRules.NameMaxLength, RegistrationFields.ApplicantName)
            ?? ContactRules.Phone(c.ApplicantPhone, "applicant-phone", "聯絡電話", RegistrationFields.ApplicantPhone),
            () => ReviewRequested(c, state));
    }

    private static Decision<RegistrationEvent> ApproveReview(ApproveOidReview c, AgencyRegistration state)
    {
        if (c.NextBusinessDay <= RocDate.TaiwanDate(c.Now))
            throw new ArgumentException("The next business day must come after today; compute it with BusinessDays.Next.", nameof(c));
        return state.Reviews.Find(r => r.CaseNumber == c.CaseNumber) switch
        {
            null => ReviewNotFound(c.CaseNumber),
            { Status: OidReviewStatus.Approved } => Nothing,
            { Status: OidReviewStatus.Rejected } => ReviewAlreadyDecided(c.CaseNumber, OidReviewStatus.Rejected),
            var pending => Decision<RegistrationEvent>.Accept(new OidReviewApproved(
                c.Agency.Value, pending.CaseNumber, pending.Oid, RocDate.StartOfTaiwanDay(c.NextBusinessDay), c.Actor, c.Now)),
        };
    }

    private static Decision<RegistrationEvent> RejectReview(RejectOidReview c, AgencyRegistration state) =>
        state.Reviews.Find(r => r.CaseNumber == c.CaseNumber) switch
        {
            null => ReviewNotFound(c.CaseNumber),
            { Status: OidReviewStatus.Rejected } => Nothing,
            { Status: OidReviewStatus.Approved } => ReviewAlreadyDecided(c.CaseNumber, OidReviewStatus.Approved),
            var pending => Unless(
                ContactRules.RefusalReason(c.Reason),
                () => new OidReviewRejected(c.Agency.Value, pending.CaseNumber, pending.Oid, ContactRules.Clean(c.Reason)!, c.Actor, c.Now)),
        };
}
