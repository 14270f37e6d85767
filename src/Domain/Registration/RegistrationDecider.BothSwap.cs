using Domain.Common;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

// 更換機關憑證和授權管理者自然人憑證 with a cooling-off period: two new cards could hand an agency to whoever holds them,
// so the swap is recorded as requested (the previous manager and the agency's contact are told) and takes effect when
// its period ends — or earlier when a reviewer approves it; a reviewer may refuse it instead. Until then the registered
// cards keep working and no other swap is accepted.
public sealed partial class RegistrationDecider
{
    private static Decision<RegistrationEvent> RequestBothSwap(ReplaceOrganisationAndManagerCertificates c, AgencyRegistration state, RegisteredAgency registered)
    {
        if (c.CoolingOff <= TimeSpan.Zero)
            throw new ArgumentException("The cooling-off period must be positive (Registration:BothCardsSwapCoolingOff).", nameof(c));
        if (state.PendingSwap is { } pending)
            return IsRequested(c, pending.Request) ? Nothing : BothSwapPending(pending.EffectiveAt);
        return Swap(c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceBothCertificates, () => BothRequested(c, state, registered));
    }

    private static Decision<RegistrationEvent> ApplyDueSwap(ApplyDueBothCertificatesSwap c, AgencyRegistration state) =>
        state.SwapRequests.Find(r => r.RequestNumber == c.RequestNumber) switch
        {
            null => SwapRequestNotFound(c.RequestNumber),
            { Status: SwapRequestStatus.Applied } => Nothing,
            { Status: SwapRequestStatus.Refused } => SwapRequestDecided(c.RequestNumber, SwapRequestStatus.Refused),
            var pending when c.Now < pending.EffectiveAt => SwapNotYetDue(pending.EffectiveAt),
            var pending => Decision<RegistrationEvent>.Accept(BothReplaced(pending.Request, c.Now)),
        };

    private static Decision<RegistrationEvent> ApproveSwap(ApproveBothCertificatesSwap c, AgencyRegistration state) =>
        state.SwapRequests.Find(r => r.RequestNumber == c.RequestNumber) switch
        {
            null => SwapRequestNotFound(c.RequestNumber),
            { Status: SwapRequestStatus.Applied } => Nothing,
            { Status: SwapRequestStatus.Refused } => SwapRequestDecided(c.RequestNumber, SwapRequestStatus.Refused),
            var pending => Decision<RegistrationEvent>.Accept(
                new BothCertificatesSwapApproved(c.Agency.Value, pending.RequestNumber, c.Actor, c.Now),
                BothReplaced(pending.Request, c.Now)),
        };

    private static Decision<RegistrationEvent> RefuseSwap(RefuseBothCertificatesSwap c, AgencyRegistration state) =>
        state.SwapRequests.Find(r => r.RequestNumber == c.RequestNumber) switch
        {
            null => SwapRequestNotFound(c.RequestNumber),
            { Status: SwapRequestStatus.Refused } => Nothing,
            { Status: SwapRequestStatus.Applied } => SwapRequestDecided(c.RequestNumber, SwapRequestStatus.Applied),
            var pending => Unless(
                ContactRules.RefusalReason(c.Reason),
                () => new BothCertificatesSwapRefused(c.Agency.Value, pending.RequestNumber, ContactRules.Clean(c.Reason)!, c.Actor, c.Now)),
        };

    /// <summary>Whether the pending request already asks for exactly these cards, manager and contact (a resend).</summary>
    private static bool IsRequested(CardConfirmation c, BothCertificatesSwapRequested request) =>
        CertificateKey.Of(c.OrganisationCard.Certificate) == new CertificateKey(request.OrganisationCertificate.IssuerKeyId, request.OrganisationCertificate.SerialNumber)
        && CertificateKey.Of(c.ManagerCard.Certificate) == new CertificateKey(request.ManagerCertificate.IssuerKeyId, request.ManagerCertificate.SerialNumber)
        && c.ManagerCard.NationalId.Value == request.ManagerNationalId
        && ContactRules.Normalise(c.Contact) == request.ManagerContact;
}
