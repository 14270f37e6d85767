using System.Text.Json.Nodes;
using Domain.Common;

namespace Domain.Registration;

// The language of the registration-{agencyCode} stream. Events hold primitives only (strings, numbers,
// DateTimeOffset, lists of strings, small nested records of those) so that every stored version keeps
// deserialising; instants are UTC. A change of shape is a new version with an upcaster, never an edit.

/// <summary>The base of every event of an agency's registration stream.</summary>
public abstract record RegistrationEvent
{
    /// <summary>Every event type of the stream, for the store's type map and the schema tests.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(AgencyRegistered),
        typeof(OidReviewRequested),
        typeof(OidReviewApproved),
        typeof(OidReviewRejected),
        typeof(OrganisationCertificateReplaced),
        typeof(ManagerCertificateReplaced),
        typeof(OrganisationAndManagerCertificatesReplaced),
        typeof(BothCertificatesSwapRequested),
        typeof(BothCertificatesSwapApproved),
        typeof(BothCertificatesSwapRefused),
        typeof(HandlerGrantIssued),
        typeof(HandlerGrantModified),
        typeof(HandlerGrantRevoked),
    ];
}

/// <summary>What an organisation certificate said when an event relied on it (機關(組織)憑證資訊).</summary>
/// <param name="SerialNumber">Canonical hex (see <see cref="CertificateSerial"/>).</param>
/// <param name="AgencyOid">The card's organisation identifier: its organisation OID (2.16.886.1.100.2.102), or for a MOEACA company
/// card its business number (2.16.886.1.100.2.101, eight digits). The name predates MOEACA and XCA cards (docs/domain.md).</param>
/// <param name="CardNumber">The printed card number (卡號), when the card reported it.</param>
public sealed record OrganisationCertificateInfo(
    string SerialNumber,
    string IssuerDn,
    string IssuerKeyId,
    string SubjectDn,
    string? OrganisationalUnit,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string AgencyOid,
    string? CardNumber,
    string Sha256Thumbprint);

/// <summary>What a citizen certificate said when an event relied on it (自然人憑證資訊).</summary>
/// <param name="CommonName">The holder's name as the certificate gives it.</param>
/// <param name="NationalIdLastFour">2.16.886.1.100.2.51 of the certificate.</param>
public sealed record CitizenCertificateInfo(
    string SerialNumber,
    string IssuerDn,
    string IssuerKeyId,
    string SubjectDn,
    string? CommonName,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string NationalIdLastFour,
    string? CardNumber,
    string Sha256Thumbprint);

/// <summary>The authorization manager's contact details, entered on every registration and swap.</summary>
public sealed record ManagerContact(string Name, string Email, string Phone, string? Extension, string? Note);

/// <summary>The two cards a grant change was authorised with, and when each was verified in the session.</summary>
public sealed record GrantAuthorisation(
    string OrganisationIssuerKeyId,
    string OrganisationSerialNumber,
    DateTimeOffset OrganisationVerifiedAt,
    string ManagerIssuerKeyId,
    string ManagerSerialNumber,
    DateTimeOffset ManagerVerifiedAt);

/// <summary>首次註冊: the agency registered its organisation certificate and its one authorization manager.</summary>
/// <param name="AgencyName">The name in the agency directory at the time.</param>
/// <param name="TermsVersion">The terms-of-use version the manager accepted.</param>
/// <param name="OidReviewCase">The approved review the certificate's OID relied on, when it did not match the directory.</param>
/// <param name="ManagerNationalId">The manager's national ID (personal data: mask it on screen).</param>
[EventType("AgencyRegistered", 1)]
public sealed record AgencyRegistered(
    string AgencyCode,
    string AgencyName,
    string TermsVersion,
    OrganisationCertificateInfo OrganisationCertificate,
    int? OidReviewCase,
    CitizenCertificateInfo ManagerCertificate,
    string ManagerNationalId,
    ManagerContact ManagerContact,
    string RegisteredBy,
    DateTimeOffset RegisteredAt) : RegistrationEvent;

/// <summary>An organisation certificate's OID did not match the directory and the applicant asked for a review.</summary>
/// <param name="CaseNumber">1, 2, 3… within the agency.</param>
/// <param name="ExpectedOids">What the directory expected at the time.</param>
/// <param name="ReviewDesk">The desk that answers this agency (from the directory).</param>
/// <param name="ApplicantPhone">The number to call back, without the extension.</param>
/// <param name="ApplicantExtension">
/// The extension (分機) typed after a <c>#</c>, on its own as in <see cref="ManagerContact"/>, so the desk can dial the number
/// and then the extension. Version 1 kept both in one text; its upcaster splits it the same way (<see cref="ContactRules.SplitExtension"/>).
/// </param>
[EventType("OidReviewRequested", 2)]
public sealed record OidReviewRequested(
    string AgencyCode,
    int CaseNumber,
    string AgencyName,
    IReadOnlyList<string> ExpectedOids,
    string ReviewDesk,
    OrganisationCertificateInfo Certificate,
    string ApplicantName,
    string ApplicantPhone,
    string? ApplicantExtension,
    string RequestedBy,
    DateTimeOffset RequestedAt) : RegistrationEvent
{
    /// <summary>v1 kept the extension inside <c>applicantPhone</c> (<c>(02)2345-6789#123</c>); v2 holds it apart, split as the decider splits it.</summary>
    [UpcastsFrom("OidReviewRequested.v1")]
    public static JsonObject FromVersion1(JsonObject v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var (number, extension) = ContactRules.SplitExtension(v1["applicantPhone"]?.GetValue<string>());
        v1["applicantPhone"] = number;
        v1["applicantExtension"] = extension;
        return v1;
    }
}

/// <summary>A reviewer accepted the reviewed OID for this agency, from the start of the next business day.</summary>
/// <param name="EffectiveFrom">00:00 Taiwan time of the next business day, in UTC.</param>
[EventType("OidReviewApproved", 1)]
public sealed record OidReviewApproved(
    string AgencyCode,
    int CaseNumber,
    string ApprovedOid,
    DateTimeOffset EffectiveFrom,
    string ApprovedBy,
    DateTimeOffset ApprovedAt) : RegistrationEvent;

/// <summary>A reviewer refused the reviewed OID for this agency; the desk contacts the applicant.</summary>
[EventType("OidReviewRejected", 1)]
public sealed record OidReviewRejected(
    string AgencyCode,
    int CaseNumber,
    string RejectedOid,
    string Reason,
    string RejectedBy,
    DateTimeOffset RejectedAt) : RegistrationEvent;

/// <summary>更換機關憑證: a new organisation certificate, confirmed with the current manager's card.</summary>
[EventType("OrganisationCertificateReplaced", 1)]
public sealed record OrganisationCertificateReplaced(
    string AgencyCode,
    string TermsVersion,
    string PreviousIssuerKeyId,
    string PreviousSerialNumber,
    OrganisationCertificateInfo OrganisationCertificate,
    int? OidReviewCase,
    ManagerContact ManagerContact,
    string ReplacedBy,
    DateTimeOffset ReplacedAt) : RegistrationEvent;

/// <summary>更換授權管理者自然人憑證: a new manager certificate, possibly of a different person, confirmed with the registered organisation card.</summary>
[EventType("ManagerCertificateReplaced", 1)]
public sealed record ManagerCertificateReplaced(
    string AgencyCode,
    string TermsVersion,
    string PreviousIssuerKeyId,
    string PreviousSerialNumber,
    CitizenCertificateInfo ManagerCertificate,
    string ManagerNationalId,
    ManagerContact ManagerContact,
    string ReplacedBy,
    DateTimeOffset ReplacedAt) : RegistrationEvent;

/// <summary>
/// 更換機關憑證和授權管理者自然人憑證: both certificates at once, in effect from now on. Since the cooling-off period it
/// follows a <see cref="BothCertificatesSwapRequested"/> (when its period ended, or with a reviewer's
/// <see cref="BothCertificatesSwapApproved"/>); earlier streams hold it alone.
/// </summary>
[EventType("OrganisationAndManagerCertificatesReplaced", 1)]
public sealed record OrganisationAndManagerCertificatesReplaced(
    string AgencyCode,
    string TermsVersion,
    string PreviousOrganisationIssuerKeyId,
    string PreviousOrganisationSerialNumber,
    OrganisationCertificateInfo OrganisationCertificate,
    int? OidReviewCase,
    string PreviousManagerIssuerKeyId,
    string PreviousManagerSerialNumber,
    CitizenCertificateInfo ManagerCertificate,
    string ManagerNationalId,
    ManagerContact ManagerContact,
    string ReplacedBy,
    DateTimeOffset ReplacedAt) : RegistrationEvent;

/// <summary>
/// 更換機關憑證和授權管理者自然人憑證, asked for: both cards new at once could hand the agency to whoever holds two
/// new cards, so the swap waits for a cooling-off period (or a reviewer) before <see cref="OrganisationAndManagerCertificatesReplaced"/>
/// records it. The previous manager and the agency's contact on file are the ones told.
/// </summary>
/// <param name="RequestNumber">1, 2, 3… within the agency.</param>
/// <param name="PreviousManagerNationalId">The manager being replaced (personal data: mask it on screen).</param>
/// <param name="PreviousContact">The contact on file before the swap: the address the notice goes to.</param>
/// <param name="EffectiveAt">When the swap takes effect unless a reviewer approves it earlier or refuses it.</param>
[EventType("BothCertificatesSwapRequested", 1)]
public sealed record BothCertificatesSwapRequested(
    string AgencyCode,
    int RequestNumber,
    string AgencyName,
    string TermsVersion,
    string PreviousOrganisationIssuerKeyId,
    string PreviousOrganisationSerialNumber,
    OrganisationCertificateInfo OrganisationCertificate,
    int? OidReviewCase,
    string PreviousManagerIssuerKeyId,
    string PreviousManagerSerialNumber,
    string PreviousManagerNationalId,
    ManagerContact PreviousContact,
    CitizenCertificateInfo ManagerCertificate,
    string ManagerNationalId,
    ManagerContact ManagerContact,
    DateTimeOffset EffectiveAt,
    string RequestedBy,
    DateTimeOffset RequestedAt) : RegistrationEvent;

/// <summary>A reviewer let a both-cards swap take effect before its cooling-off period ended; the swap itself follows in the same append.</summary>
[EventType("BothCertificatesSwapApproved", 1)]
public sealed record BothCertificatesSwapApproved(
    string AgencyCode,
    int RequestNumber,
    string ApprovedBy,
    DateTimeOffset ApprovedAt) : RegistrationEvent;

/// <summary>A reviewer refused a both-cards swap during its cooling-off period: the registration stays as it was.</summary>
[EventType("BothCertificatesSwapRefused", 1)]
public sealed record BothCertificatesSwapRefused(
    string AgencyCode,
    int RequestNumber,
    string Reason,
    string RefusedBy,
    DateTimeOffset RefusedAt) : RegistrationEvent;

/// <summary>授權指派: a handler's certificate serial was granted functions of the catalogue.</summary>
/// <param name="GrantNumber">1, 2, 3… within the agency; never reused.</param>
/// <param name="FunctionCodes">Leaf codes of the catalogue version, in catalogue order.</param>
/// <param name="HandlerIssuerKeyId">
/// The authority key identifier of the handler's certificate when the manager read it from the card (讀取憑證); null
/// when the serial was typed, and in version 1 events, which never had it. The handler role at sign-in matches issuer
/// key id + serial + person; a grant without an issuer key id matches serial + person only (docs/grants.md, "The
/// handler role").
/// </param>
[EventType("GrantIssued", 2)]
public sealed record HandlerGrantIssued(
    string AgencyCode,
    int GrantNumber,
    string HandlerCertificateSerial,
    string HandlerName,
    string HandlerNationalId,
    IReadOnlyList<string> FunctionCodes,
    string CatalogueVersion,
    GrantAuthorisation AuthorisedWith,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    string? HandlerIssuerKeyId = null) : RegistrationEvent
{
    /// <summary>v1 recorded no issuer: a null <c>handlerIssuerKeyId</c>, the serial typed without a card.</summary>
    [UpcastsFrom("GrantIssued.v1")]
    public static JsonObject FromVersion1(JsonObject v1) => v1;
}

/// <summary>修改授權經辦人: a grant's serial (after a card renewal), name, ID or functions changed; carries the whole new grant.</summary>
/// <param name="HandlerIssuerKeyId">As in <see cref="HandlerGrantIssued"/>: the issuer of the card read, or the one the grant
/// held when the serial stayed the same; null otherwise and in version 1 events.</param>
[EventType("GrantModified", 2)]
public sealed record HandlerGrantModified(
    string AgencyCode,
    int GrantNumber,
    string HandlerCertificateSerial,
    string HandlerName,
    string HandlerNationalId,
    IReadOnlyList<string> FunctionCodes,
    string CatalogueVersion,
    GrantAuthorisation AuthorisedWith,
    string ModifiedBy,
    DateTimeOffset ModifiedAt,
    string? HandlerIssuerKeyId = null) : RegistrationEvent
{
    /// <summary>v1 recorded no issuer: a null <c>handlerIssuerKeyId</c>.</summary>
    [UpcastsFrom("GrantModified.v1")]
    public static JsonObject FromVersion1(JsonObject v1) => v1;
}

/// <summary>刪除授權經辦人: a grant ended (the handler left, or no longer does this work).</summary>
[EventType("GrantRevoked", 1)]
public sealed record HandlerGrantRevoked(
    string AgencyCode,
    int GrantNumber,
    string Reason,
    GrantAuthorisation AuthorisedWith,
    string RevokedBy,
    DateTimeOffset RevokedAt) : RegistrationEvent;
