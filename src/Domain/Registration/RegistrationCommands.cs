using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;

namespace Domain.Registration;

// What users ask of an agency's registration stream. Commands carry the time (Now, UTC) and every
// fact from outside the stream that the rules need — validated certificate facts, directory entry,
// personnel record, terms version in force, catalogue version, who holds a certificate elsewhere — so
// that Decide stays pure. CommandId lets the handler make a resend append nothing (event ids derive
// from it); Actor is the acting user's stable identifier as the web layer names it (never a PIN).

/// <summary>The base of every command of an agency's registration stream.</summary>
/// <param name="Agency">The agency whose stream this is.</param>
/// <param name="Actor">Who acts, for the event's ...By field (e.g. the manager's certificate key, a reviewer's account).</param>
public abstract record RegistrationCommand(Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now)
    : IStreamCommand<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>
{
    private readonly DateTimeOffset now = Now.ToUniversalTime();

    /// <summary>The agency's registration stream.</summary>
    public string StreamName => AgencyRegistration.StreamName(Agency);

    /// <summary>When the command was given, in UTC (events record UTC whatever offset the caller used).</summary>
    public DateTimeOffset Now { get => now; init => now = value.ToUniversalTime(); }
}

/// <summary>The terms version the user accepted on the terms page, and the version in force now.</summary>
public sealed record TermsAcceptance(string? AcceptedVersion, string VersionInForce);

/// <summary>An organisation card verified in this step (PIN, signature, chain, validity, revocation), with the facts around it.</summary>
/// <param name="Certificate">The validated certificate's facts.</param>
/// <param name="CardNumber">The printed card number, when the card reported it.</param>
/// <param name="DirectoryEntry">The agency directory's entry for the command's agency, or null when it has none.</param>
/// <param name="RegisteredToAgency">The agency this certificate is currently registered to (a projection lookup by issuer key id and serial), or null.</param>
public sealed record OrganisationCard(CertificateFacts Certificate, string? CardNumber, AgencyDirectoryEntry? DirectoryEntry, string? RegisteredToAgency);

/// <summary>The authorization manager's citizen card verified in this step, the national ID typed with it, and that person's personnel record.</summary>
/// <param name="PersonnelRecord"><see cref="PersonnelRecords.Find"/> for the typed ID as of today, or null when there is none.</param>
public sealed record ManagerCard(CertificateFacts Certificate, string? CardNumber, NationalId NationalId, PersonnelRecord? PersonnelRecord);

/// <summary>The two cards verified earlier in the user's session, and when; grant changes need both, recently.</summary>
public sealed record CardSession(
    CertificateKey OrganisationCertificate,
    DateTimeOffset OrganisationVerifiedAt,
    CertificateKey ManagerCertificate,
    DateTimeOffset ManagerVerifiedAt);

/// <summary>A handler as the manager entered them on the grant page.</summary>
/// <param name="CertificateSerial">Read from the handler's card or typed (separators and case do not matter).</param>
/// <param name="CertificateLastFour">The ID digits of the handler's certificate when it was read from the card; null when the serial was typed.</param>
/// <param name="CertificateIssuerKeyId">The authority key identifier of the certificate read from the card; null when the serial was typed.</param>
public sealed record HandlerDetails(
    string CertificateSerial, string Name, NationalId NationalId, IReadOnlyList<string> FunctionCodes, string? CertificateLastFour, string? CertificateIssuerKeyId = null);

/// <summary>
/// A confirmation page of 首次註冊 or a swap: the terms accepted, the two cards verified in the steps
/// before (which of them must be new and which the registered one depends on the flow), and the
/// manager's contact details entered again.
/// </summary>
public abstract record CardConfirmation(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    TermsAcceptance Terms,
    OrganisationCard OrganisationCard,
    ManagerCard ManagerCard,
    ManagerContact Contact) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>首次註冊, the confirmation step: register the agency with both (new) cards and the manager's contact details.</summary>
public sealed record RegisterAgency(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    TermsAcceptance Terms,
    OrganisationCard OrganisationCard,
    ManagerCard ManagerCard,
    ManagerContact Contact) : CardConfirmation(CommandId, Agency, Actor, Now, Terms, OrganisationCard, ManagerCard, Contact);

/// <summary>The applicant of an organisation card whose OID did not match leaves a name and phone for the review desk.</summary>
public sealed record RequestOidReview(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    OrganisationCard OrganisationCard,
    string ApplicantName,
    string ApplicantPhone) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>A reviewer approves the open review case.</summary>
/// <param name="NextBusinessDay"><see cref="BusinessDays.Next"/> of today (Taiwan date of Now): the approval takes effect then.</param>
public sealed record ApproveOidReview(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    int CaseNumber,
    DateOnly NextBusinessDay) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>A reviewer rejects the open review case, giving the reason.</summary>
public sealed record RejectOidReview(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    int CaseNumber,
    string Reason) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>更換機關憑證: the new organisation card, confirmed with the registered manager's card.</summary>
/// <param name="ExpectedVersion">The stream version the confirmation page was built from.</param>
/// <param name="OrganisationCard">The new organisation card.</param>
/// <param name="ManagerCard">The registered manager's card.</param>
public sealed record ReplaceOrganisationCertificate(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    long ExpectedVersion,
    TermsAcceptance Terms,
    OrganisationCard OrganisationCard,
    ManagerCard ManagerCard,
    ManagerContact Contact) : CardConfirmation(CommandId, Agency, Actor, Now, Terms, OrganisationCard, ManagerCard, Contact);

/// <summary>更換授權管理者自然人憑證: the new manager's card (possibly another person), confirmed with the registered organisation card.</summary>
/// <param name="ExpectedVersion">The stream version the confirmation page was built from.</param>
/// <param name="OrganisationCard">The registered organisation card.</param>
/// <param name="ManagerCard">The new manager's card.</param>
public sealed record ReplaceManagerCertificate(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    long ExpectedVersion,
    TermsAcceptance Terms,
    OrganisationCard OrganisationCard,
    ManagerCard ManagerCard,
    ManagerContact Contact) : CardConfirmation(CommandId, Agency, Actor, Now, Terms, OrganisationCard, ManagerCard, Contact);

/// <summary>更換機關憑證和授權管理者自然人憑證: both cards new at once; recorded as requested, in effect after <paramref name="CoolingOff"/>.</summary>
/// <param name="ExpectedVersion">The stream version the confirmation page was built from.</param>
/// <param name="CoolingOff">How long the previous manager and the agency's contact have to object before the swap takes effect (<c>Registration:BothCardsSwapCoolingOff</c>).</param>
public sealed record ReplaceOrganisationAndManagerCertificates(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    long ExpectedVersion,
    TermsAcceptance Terms,
    OrganisationCard OrganisationCard,
    ManagerCard ManagerCard,
    ManagerContact Contact,
    TimeSpan CoolingOff) : CardConfirmation(CommandId, Agency, Actor, Now, Terms, OrganisationCard, ManagerCard, Contact);

/// <summary>A both-cards swap whose cooling-off period has ended takes effect (sent by <c>DueSwaps</c> on any node; once is all it can do).</summary>
public sealed record ApplyDueBothCertificatesSwap(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    int RequestNumber) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>A reviewer lets a pending both-cards swap take effect now, before its cooling-off period ends.</summary>
public sealed record ApproveBothCertificatesSwap(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    int RequestNumber) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>A reviewer refuses a pending both-cards swap (the previous manager objected, or the request looks wrong), giving the reason.</summary>
public sealed record RefuseBothCertificatesSwap(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    int RequestNumber,
    string Reason) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>新增授權經辦人.</summary>
/// <param name="Catalogue">The function catalogue version in force today.</param>
public sealed record IssueHandlerGrant(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    CardSession Session,
    HandlerDetails Handler,
    FunctionCatalogue Catalogue) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>修改授權經辦人: the whole grant as it should now be.</summary>
public sealed record ModifyHandlerGrant(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    long ExpectedVersion,
    CardSession Session,
    int GrantNumber,
    HandlerDetails Handler,
    FunctionCatalogue Catalogue) : RegistrationCommand(CommandId, Agency, Actor, Now);

/// <summary>刪除授權經辦人, after the confirmation.</summary>
public sealed record RevokeHandlerGrant(
    Guid CommandId, AgencyCode Agency, string Actor, DateTimeOffset Now,
    long ExpectedVersion,
    CardSession Session,
    int GrantNumber,
    string Reason) : RegistrationCommand(CommandId, Agency, Actor, Now);
