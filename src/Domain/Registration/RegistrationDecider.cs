using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using static Domain.Registration.RegistrationRejections;

namespace Domain.Registration;

/// <summary>Which registration page flow a card step belongs to; each flow expects different cards.</summary>
public enum RegistrationFlow
{
    /// <summary>首次註冊: a new organisation card and a new manager card.</summary>
    FirstRegistration = 1,

    /// <summary>更換機關憑證: a new organisation card, the registered manager's card.</summary>
    ReplaceOrganisationCertificate = 2,

    /// <summary>更換授權管理者自然人憑證: the registered organisation card, a new manager card.</summary>
    ReplaceManagerCertificate = 3,

    /// <summary>更換機關憑證和授權管理者自然人憑證: both cards new.</summary>
    ReplaceBothCertificates = 4,

    /// <summary>授權指派: the registered organisation card and the registered manager's card.</summary>
    Grants = 5,
}

/// <summary>
/// The rules of an agency's registration stream: first registration, OID review, certificate swaps
/// (this file) and handler grants (RegistrationDecider.Grants.cs). Pure: time and outside facts come
/// in the command. A repeat of something already in effect decides nothing rather than failing.
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
            (RegisterAgency c, _) => Confirm(c, state, RegistrationFlow.FirstRegistration, () => new AgencyRegistered(
                c.Agency.Value,
                c.OrganisationCard.DirectoryEntry!.Name,
                c.Terms.VersionInForce,
                OrganisationInfo(c.OrganisationCard),
                ApprovedReviewRelied(state, c.OrganisationCard),
                CitizenInfo(c.ManagerCard),
                c.ManagerCard.NationalId.Value,
                ContactRules.Normalise(c.Contact),
                c.Actor,
                c.Now)),
            (RequestOidReview c, _) => RequestReview(c, state),
            (ApproveOidReview c, _) => ApproveReview(c, state),
            (RejectOidReview c, _) => RejectReview(c, state),
            (ReplaceOrganisationCertificate or ReplaceManagerCertificate or ReplaceOrganisationAndManagerCertificates, { Registered: null }) => NotRegistered,
            (ReplaceOrganisationCertificate c, { Registered: { } registered }) => Swap(
                c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceOrganisationCertificate, () => new OrganisationCertificateReplaced(
                    c.Agency.Value,
                    c.Terms.VersionInForce,
                    registered.OrganisationKey.IssuerKeyId,
                    registered.OrganisationKey.SerialNumber,
                    OrganisationInfo(c.OrganisationCard),
                    ApprovedReviewRelied(state, c.OrganisationCard),
                    ContactRules.Normalise(c.Contact),
                    c.Actor,
                    c.Now)),
            (ReplaceManagerCertificate c, { Registered: { } registered }) => Swap(
                c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceManagerCertificate, () => new ManagerCertificateReplaced(
                    c.Agency.Value,
                    c.Terms.VersionInForce,
                    registered.ManagerKey.IssuerKeyId,
                    registered.ManagerKey.SerialNumber,
                    CitizenInfo(c.ManagerCard),
                    c.ManagerCard.NationalId.Value,
                    ContactRules.Normalise(c.Contact),
                    c.Actor,
                    c.Now)),
            (ReplaceOrganisationAndManagerCertificates c, { Registered: { } registered }) => Swap(
                c, c.ExpectedVersion, state, registered, RegistrationFlow.ReplaceBothCertificates, () => new OrganisationAndManagerCertificatesReplaced(
                    c.Agency.Value,
                    c.Terms.VersionInForce,
                    registered.OrganisationKey.IssuerKeyId,
                    registered.OrganisationKey.SerialNumber,
                    OrganisationInfo(c.OrganisationCard),
                    ApprovedReviewRelied(state, c.OrganisationCard),
                    registered.ManagerKey.IssuerKeyId,
                    registered.ManagerKey.SerialNumber,
                    CitizenInfo(c.ManagerCard),
                    c.ManagerCard.NationalId.Value,
                    ContactRules.Normalise(c.Contact),
                    c.Actor,
                    c.Now)),
            (IssueGrant or ModifyGrant or RevokeGrant, { Registered: null }) => NotRegistered,
            (IssueGrant c, { Registered: { } registered }) => Issue(c, state, registered),
            (ModifyGrant c, { Registered: { } registered }) => Modify(c, state, registered),
            (RevokeGrant c, { Registered: { } registered }) => Revoke(c, state, registered),
            _ => throw new ArgumentException($"{command.GetType().Name} is not a command of the registration stream.", nameof(command)),
        };
    }

    /// <summary>
    /// The organisation-card step of a flow, as the page runs it before going on: the same checks the
    /// final command repeats. An <c>oid-mismatch</c> answer leads the page to the review applicant form.
    /// </summary>
    public static Rejection? CheckOrganisationCardStep(AgencyRegistration state, RegistrationFlow flow, AgencyCode agency, OrganisationCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(card);
        return (flow, state.Registered) switch
        {
            (RegistrationFlow.FirstRegistration, null) => NewOrganisationCard(state, agency, card, now),
            (RegistrationFlow.FirstRegistration, _) => AlreadyRegistered,
            (_, null) => NotRegistered,
            (RegistrationFlow.ReplaceOrganisationCertificate or RegistrationFlow.ReplaceBothCertificates, { } registered) =>
                CertificateKey.Of(card.Certificate) == registered.OrganisationKey ? OrganisationCertificateUnchanged : NewOrganisationCard(state, agency, card, now),
            (_, { } registered) => RegisteredOrganisationCard(card, registered),
        };
    }

    /// <summary>The manager-card step of a flow: the same checks the final command repeats.</summary>
    public static Rejection? CheckManagerCardStep(AgencyRegistration state, RegistrationFlow flow, ManagerCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(card);
        return (flow, state.Registered) switch
        {
            (RegistrationFlow.FirstRegistration, null) => NewManagerCard(card, now),
            (RegistrationFlow.FirstRegistration, _) => AlreadyRegistered,
            (_, null) => NotRegistered,
            (RegistrationFlow.ReplaceManagerCertificate or RegistrationFlow.ReplaceBothCertificates, { } registered) =>
                CertificateKey.Of(card.Certificate) == registered.ManagerKey ? ManagerCertificateUnchanged : NewManagerCard(card, now),
            (_, { } registered) => RegisteredManagerCard(card, registered, now),
        };
    }

    private static Decision<RegistrationEvent> Nothing => Decision<RegistrationEvent>.Nothing;

    /// <summary>The checks every confirmation page repeats: terms, both cards as the flow expects them, contact.</summary>
    private static Decision<RegistrationEvent> Confirm(CardConfirmation c, AgencyRegistration state, RegistrationFlow flow, Func<RegistrationEvent> confirmed) =>
        Unless(
            Terms(c.Terms)
            ?? CheckOrganisationCardStep(state, flow, c.Agency, c.OrganisationCard, c.Now)
            ?? CheckManagerCardStep(state, flow, c.ManagerCard, c.Now)
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

    private static Decision<RegistrationEvent> RequestReview(RequestOidReview c, AgencyRegistration state)
    {
        if (state.PendingReview is { } pending)
            return CertificateKey.Of(c.OrganisationCard.Certificate) == pending.Certificate ? Nothing : OidReviewPending;
        var standing = NewOrganisationCard(state, c.Agency, c.OrganisationCard, c.Now);
        if (standing is null)
            return OidReviewNotNeeded;
        if (standing != OidMismatch)
            return standing;
        var entry = c.OrganisationCard.DirectoryEntry!;
        var (phone, extension) = ContactRules.SplitExtension(c.ApplicantPhone);
        return Unless(
            ContactRules.Text(c.ApplicantName, "applicant-name", "聯絡人姓名", ContactRules.NameMaxLength, RegistrationFields.ApplicantName)
            ?? ContactRules.Phone(c.ApplicantPhone, "applicant-phone", "聯絡電話", RegistrationFields.ApplicantPhone),
            () => new OidReviewRequested(
                c.Agency.Value,
                state.Reviews.Count + 1,
                entry.Name,
                entry.ExpectedOids,
                entry.ReviewDesk,
                OrganisationInfo(c.OrganisationCard),
                ContactRules.Clean(c.ApplicantName)!,
                phone,
                extension,
                c.Actor,
                c.Now));
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
                ContactRules.Text(c.Reason, "reason", "駁回原因", ContactRules.ReasonMaxLength, RegistrationFields.Reason),
                () => new OidReviewRejected(c.Agency.Value, pending.CaseNumber, pending.Oid, ContactRules.Clean(c.Reason)!, c.Actor, c.Now)),
        };

    /// <summary>An organisation card that is to become the agency's: kind, directory, open review, owner elsewhere, OID.</summary>
    private static Rejection? NewOrganisationCard(AgencyRegistration state, AgencyCode agency, OrganisationCard card, DateTimeOffset now)
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

    /// <summary>The approved review case a new organisation certificate's OID relies on, when the directory alone does not accept it.</summary>
    private static int? ApprovedReviewRelied(AgencyRegistration state, OrganisationCard card) =>
        card.DirectoryEntry!.Expects(card.Certificate.OrganisationIdentifier)
            ? null
            : state.LatestDecisionAbout(card.Certificate.OrganisationIdentifier!)?.CaseNumber;

    private static Rejection? RegisteredOrganisationCard(OrganisationCard card, RegisteredAgency registered) =>
        card.Certificate.Kind != CertificateKind.Organisation ? NotAnOrganisationCertificate
        : CertificateKey.Of(card.Certificate) != registered.OrganisationKey ? NotTheRegisteredOrganisationCertificate
        : null;

    /// <summary>A citizen card of someone who may be a manager: kind, typed ID against the card, personnel record in effect and current.</summary>
    private static Rejection? NewManagerCard(ManagerCard card, DateTimeOffset now)
    {
        if (card.Certificate.Kind != CertificateKind.Citizen || card.Certificate.NationalIdLastFour is null)
            return NotACitizenCertificate;
        if (card.Certificate.NationalIdLastFour != card.NationalId.LastFour)
            return ManagerIdMismatch;
        if (card.PersonnelRecord is not { } record)
            return ManagerNotInPersonnelRecords;
        if (record.NationalId != card.NationalId)
            throw new ArgumentException("The personnel record given belongs to someone else than the typed national ID.", nameof(card));
        if (!record.IsEffectiveOn(RocDate.TaiwanDate(now)))
            return ManagerRecordNotYetEffective;
        return record.Status == EmploymentStatus.Departed ? ManagerDeparted : null;
    }

    private static Rejection? RegisteredManagerCard(ManagerCard card, RegisteredAgency registered, DateTimeOffset now) =>
        card.Certificate.Kind != CertificateKind.Citizen ? NotACitizenCertificate
        : CertificateKey.Of(card.Certificate) != registered.ManagerKey ? NotTheRegisteredManager
        : card.NationalId.Value != registered.ManagerNationalId ? ManagerIdMismatch
        : NewManagerCard(card, now);

    private static Rejection? Terms(TermsAcceptance terms) =>
        string.IsNullOrWhiteSpace(terms.AcceptedVersion) ? TermsNotAccepted
        : terms.AcceptedVersion != terms.VersionInForce ? TermsOutdated
        : null;

    private static Rejection? Stale(long expectedVersion, AgencyRegistration state) =>
        expectedVersion != state.Version ? StaleVersion : null;

    private static Decision<RegistrationEvent> Unless(Rejection? rejection, Func<RegistrationEvent> accept) =>
        rejection is null ? Decision<RegistrationEvent>.Accept(accept()) : rejection;

    private static OrganisationCertificateInfo OrganisationInfo(OrganisationCard card)
    {
        var f = card.Certificate;
        var key = CertificateKey.Of(f);
        return new OrganisationCertificateInfo(
            key.SerialNumber, f.IssuerDn, key.IssuerKeyId, f.SubjectDn, f.OrganisationalUnit,
            f.NotBefore.ToUniversalTime(), f.NotAfter.ToUniversalTime(), f.OrganisationIdentifier!, ContactRules.Clean(card.CardNumber), f.Sha256Thumbprint);
    }

    private static CitizenCertificateInfo CitizenInfo(ManagerCard card)
    {
        var f = card.Certificate;
        var key = CertificateKey.Of(f);
        return new CitizenCertificateInfo(
            key.SerialNumber, f.IssuerDn, key.IssuerKeyId, f.SubjectDn, f.CommonName,
            f.NotBefore.ToUniversalTime(), f.NotAfter.ToUniversalTime(), f.NationalIdLastFour!, ContactRules.Clean(card.CardNumber), f.Sha256Thumbprint);
    }
}
