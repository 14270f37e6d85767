using Domain.Common;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

/// <summary>
/// The rules of an agency's registration stream: first registration and certificate swaps (this file; the both-cards swap's cooling-off in RegistrationDecider.BothSwap.cs), the card
/// checks they repeat (<see cref="RegistrationCardChecks"/>), OID review (RegistrationDecider.Reviews.cs), handler grants
/// (RegistrationDecider.Grants.cs) and the events each decision builds (RegistrationDecider.Events.cs). Pure: time and
/// outside facts come in the command. A repeat of something already in effect decides nothing rather than failing.
/// </summary>
public sealed partial class RegistrationDecider : IDecider<AgencyRegistration, RegistrationCommand, RegistrationEvent>
{
    public static AgencyRegistration Initial => AgencyRegistration.Initial;

    public static AgencyRegistration Evolve(AgencyRegistration state, RegistrationEvent @event) => AgencyRegistration.Evolve(state, @event);

    public static Decision<RegistrationEvent> Decide(RegistrationCommand command, AgencyRegistration state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        return (command, state) switch
        {
            (RegisterAgency c, { Registered: { } registered }) => IsInEffect(c, registered) ? Nothing : AlreadyRegistered,
            (RegisterAgency c, _) => Confirm(c, state, RegistrationFlow.FirstRegistration, () => Registered(c, state)),
            (RequestOidReview c, _) => RequestReview(c, state),
            (ApproveOidReview c, _) => ApproveReview(c, state),
            (RejectOidReview c, _) => RejectReview(c, state),
            (ReplaceOrganisationCertificate or ReplaceManagerCertificate or ReplaceOrganisationAndManagerCertificates, { Registered: null }) => NotRegistered,
            (ReplaceOrganisationCertificate c, { Registered: { } registered }) =>
                Swap(c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceOrganisationCertificate, () => OrganisationReplaced(c, state, registered)),
            (ReplaceManagerCertificate c, { Registered: { } registered }) =>
                Swap(c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceManagerCertificate, () => ManagerReplaced(c, registered)),
            (ReplaceOrganisationAndManagerCertificates c, { Registered: { } registered }) => RequestBothSwap(c, state, registered),
            (ApplyDueBothCertificatesSwap or ApproveBothCertificatesSwap or RefuseBothCertificatesSwap, { Registered: null }) => NotRegistered,
            (ApplyDueBothCertificatesSwap c, _) => ApplyDueSwap(c, state),
            (ApproveBothCertificatesSwap c, _) => ApproveSwap(c, state),
            (RefuseBothCertificatesSwap c, _) => RefuseSwap(c, state),
            (IssueHandlerGrant or ModifyHandlerGrant or RevokeHandlerGrant, { Registered: null }) => NotRegistered,
            (IssueHandlerGrant c, { Registered: { } registered }) => Issue(c, state, registered),
            (ModifyHandlerGrant c, { Registered: { } registered }) => Modify(c, state, registered),
            (RevokeHandlerGrant c, { Registered: { } registered }) => Revoke(c, state, registered),
            _ => throw new ArgumentException($"{command.GetType().Name} is not a command of the registration stream.", nameof(command)),
        };
    }

    private static Decision<RegistrationEvent> Nothing => Decision<RegistrationEvent>.Nothing;

    /// <summary>The checks every confirmation page repeats: terms, both cards as the flow expects them, contact.</summary>
    private static Decision<RegistrationEvent> Confirm(CardConfirmation c, AgencyRegistration state, RegistrationFlow flow, Func<RegistrationEvent> confirmed) =>
        Unless(
            Terms(c.Terms)
            ?? RegistrationCardChecks.CheckOrganisationCard(state, flow, c.Agency, c.OrganisationCard, c.Now)
            ?? RegistrationCardChecks.CheckManagerCard(state, flow, c.Agency, c.ManagerCard, c.Now)
            ?? ContactRules.Validate(c.Contact),
            confirmed);

    /// <summary>A swap: nothing when it is already in effect, refused when the page is stale, otherwise confirmed like a registration.</summary>
    private static Decision<RegistrationEvent> Swap(
        CardConfirmation c, long expectedVersion, AgencyRegistration state, RegisteredAgency registered, RegistrationFlow flow, Func<RegistrationEvent> replaced) =>
        IsInEffect(c, registered) ? Nothing
        : Stale(expectedVersion, state) is { } stale ? stale
        : Confirm(c, state, flow, replaced);

    /// <summary>Whether the registration already has exactly these certificates, manager and contact.</summary>
    private static bool IsInEffect(CardConfirmation c, RegisteredAgency registered) =>
        CertificateKey.Of(c.OrganisationCard.Certificate) == registered.OrganisationKey
        && CertificateKey.Of(c.ManagerCard.Certificate) == registered.ManagerKey
        && c.ManagerCard.NationalId.Value == registered.ManagerNationalId
        && ContactRules.Normalise(c.Contact) == registered.ManagerContact;

    private static Rejection? Terms(TermsAcceptance terms) =>
        string.IsNullOrWhiteSpace(terms.AcceptedVersion) ? TermsNotAccepted
        : terms.AcceptedVersion != terms.VersionInForce ? TermsOutdated
        : null;

    private static Rejection? Stale(long expectedVersion, AgencyRegistration state) =>
        expectedVersion != state.Version ? StaleVersion : null;

    private static Decision<RegistrationEvent> Unless(Rejection? rejection, Func<RegistrationEvent> accept) =>
        rejection is null ? Decision<RegistrationEvent>.Accept(accept()) : rejection;
}
