using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

/// <summary>
/// What each flow expects of the organisation card and the manager's card: a page runs these checks after each card
/// step, and the flow's final command repeats them (<see cref="RegistrationDecider"/>), so a step passed is a step the
/// confirmation accepts.
/// </summary>
public static class RegistrationCardChecks
{
    /// <summary>The organisation-card step. An <c>oid-mismatch</c> answer leads the page to the review applicant form.</summary>
    public static Rejection? CheckOrganisationCard(AgencyRegistration state, RegistrationFlow flow, AgencyCode agency, OrganisationCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(card);
        return (flow, state.Registered) switch
        {
            (RegistrationFlow.FirstRegistration, null) => NewOrganisationCard(state, agency, card, now),
            (RegistrationFlow.FirstRegistration, _) => AlreadyRegistered,
            (_, null) => NotRegistered,
            // A both-cards swap in its cooling-off period: no other swap may overtake or replace it.
            (not RegistrationFlow.Grants, _) when state.PendingSwap is { } pending => BothSwapPending(pending.EffectiveAt),
            (RegistrationFlow.ReplaceOrganisationCertificate or RegistrationFlow.ReplaceBothCertificates, { } registered) =>
                CertificateKey.Of(card.Certificate) == registered.OrganisationKey ? OrganisationCertificateUnchanged
                : state.ReplacedOrganisationCertificates.Contains(CertificateKey.Of(card.Certificate)) ? OrganisationCertificateReplacedBefore
                : NewOrganisationCard(state, agency, card, now),
            (_, { } registered) => RegisteredOrganisationCard(card, registered),
        };
    }

    /// <summary>The manager-card step for <paramref name="agency"/>, whose current staff the manager must be.</summary>
    public static Rejection? CheckManagerCard(AgencyRegistration state, RegistrationFlow flow, AgencyCode agency, ManagerCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(card);
        return (flow, state.Registered) switch
        {
            (RegistrationFlow.FirstRegistration, null) => NewManagerCard(agency, card, now),
            (RegistrationFlow.FirstRegistration, _) => AlreadyRegistered,
            (_, null) => NotRegistered,
            (RegistrationFlow.ReplaceManagerCertificate or RegistrationFlow.ReplaceBothCertificates, { } registered) =>
                CertificateKey.Of(card.Certificate) == registered.ManagerKey ? ManagerCertificateUnchanged : NewManagerCard(agency, card, now),
            (_, { } registered) => RegisteredManagerCard(agency, card, registered, now),
        };
    }

    /// <summary>An organisation card that is to become the agency's: kind, directory, open review, owner elsewhere, OID.</summary>
    internal static Rejection? NewOrganisationCard(AgencyRegistration state, AgencyCode agency, OrganisationCard card, DateTimeOffset now)
    {
        var facts = card.Certificate;
        if (facts.Kind != CertificateKind.Organisation || facts.OrganisationIdentifier is not { } identifier)
            return NotAnOrganisationCertificate;
        if (card.DirectoryEntry is not { } entry)
            return AgencyNotInDirectory;
        if (entry.Code != agency)
            throw new ArgumentException($"The directory entry given is {entry.Code}'s, not {agency}'s.", nameof(card));
        if (state.PendingReview is not null)
            return OidReviewPending;
        if (card.RegisteredToAgency is { } owner && !string.Equals(owner, agency.Value, StringComparison.OrdinalIgnoreCase))
            return CertificateRegisteredElsewhere;
        if (entry.Expects(identifier))
            return null;
        return state.LatestDecisionAbout(identifier) switch
        {
            { Status: OidReviewStatus.Approved, EffectiveFrom: { } from } when now >= from => null,
            { Status: OidReviewStatus.Approved, EffectiveFrom: { } from } => OidApprovalNotYetEffective(from),
            { Status: OidReviewStatus.Rejected, RejectionReason: var reason } => OidReviewRejected(reason ?? ""),
            _ => OidMismatch,
        };
    }

    private static Rejection? RegisteredOrganisationCard(OrganisationCard card, RegisteredAgency registered) =>
        card.Certificate.Kind != CertificateKind.Organisation ? NotAnOrganisationCertificate
        : CertificateKey.Of(card.Certificate) != registered.OrganisationKey ? NotTheRegisteredOrganisationCertificate
        : null;

    /// <summary>
    /// A citizen card of someone who may be <paramref name="agency"/>'s manager: kind, typed ID against the card, the card's
    /// name and digits against the personnel record, and that record of this agency, in effect and current (the terms of
    /// use: the manager is the agency's own staff).
    /// </summary>
    private static Rejection? NewManagerCard(AgencyCode agency, ManagerCard card, DateTimeOffset now)
    {
        if (card.Certificate.Kind != CertificateKind.Citizen || card.Certificate.NationalIdLastFour is null)
            return NotACitizenCertificate;
        if (card.Certificate.NationalIdLastFour != card.NationalId.LastFour)
            return ManagerIdMismatch;
        if (card.PersonnelRecord is not { } record)
            return ManagerNotInPersonnelRecords;
        if (record.NationalId != card.NationalId)
            throw new ArgumentException("The personnel record given belongs to someone else than the typed national ID.", nameof(card));
        // Four digits match one person in ten thousand: the card's name must be the record's too, as everywhere else.
        if (!People.CertificateOwnership.IsOwner(card.Certificate, card.NationalId.LastFour, record.Name))
            return ManagerNameMismatch;
        if (record.Agency != agency)
            return ManagerNotAgencyStaff;
        if (!record.IsEffectiveOn(RocDate.TaiwanDate(now)))
            return ManagerRecordNotYetEffective;
        return record.Status == EmploymentStatus.Departed ? ManagerDeparted : null;
    }

    private static Rejection? RegisteredManagerCard(AgencyCode agency, ManagerCard card, RegisteredAgency registered, DateTimeOffset now) =>
        card.Certificate.Kind != CertificateKind.Citizen ? NotACitizenCertificate
        : CertificateKey.Of(card.Certificate) != registered.ManagerKey ? NotTheRegisteredManager
        : card.NationalId.Value != registered.ManagerNationalId ? ManagerIdMismatch
        : NewManagerCard(agency, card, now);
}
