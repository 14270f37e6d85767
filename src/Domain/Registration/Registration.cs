using System.Collections.Immutable;
using Domain.ReferenceData;

namespace Domain.Registration;

/// <summary>Where an OID review case stands.</summary>
public enum OidReviewStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>One OID review case of the agency.</summary>
/// <param name="Oid">The reviewed certificate's agency OID.</param>
/// <param name="EffectiveFrom">For an approved case, when the OID starts to count.</param>
public sealed record OidReviewCase(int CaseNumber, string Oid, CertificateKey Certificate, OidReviewStatus Status, DateTimeOffset? EffectiveFrom, string? RejectionReason);

/// <summary>Where a both-cards swap request stands.</summary>
public enum SwapRequestStatus
{
    /// <summary>In its cooling-off period: the registration is still the previous one.</summary>
    Pending = 1,

    /// <summary>In effect (its period ended, or a reviewer approved it early).</summary>
    Applied = 2,

    /// <summary>A reviewer refused it; nothing changed.</summary>
    Refused = 3,
}

/// <summary>One both-cards swap request of the agency and the request as recorded.</summary>
public sealed record BothSwapRequest(BothCertificatesSwapRequested Request, SwapRequestStatus Status)
{
    public int RequestNumber => Request.RequestNumber;

    public DateTimeOffset EffectiveAt => Request.EffectiveAt;
}

/// <summary>The registration in force: the agency's organisation certificate and its one authorization manager.</summary>
public sealed record RegisteredAgency(
    string AgencyName,
    OrganisationCertificateInfo OrganisationCertificate,
    CitizenCertificateInfo ManagerCertificate,
    string ManagerNationalId,
    ManagerContact ManagerContact)
{
    public CertificateKey OrganisationKey => new(OrganisationCertificate.IssuerKeyId, OrganisationCertificate.SerialNumber);

    public CertificateKey ManagerKey => new(ManagerCertificate.IssuerKeyId, ManagerCertificate.SerialNumber);
}

/// <summary>A handler grant of the agency, active or revoked.</summary>
/// <param name="IssuerKeyId">The issuer of the handler's certificate when the manager read it from the card; null for a typed serial.</param>
public sealed record HandlerGrant(
    int GrantNumber,
    string CertificateSerial,
    string Name,
    string NationalId,
    IReadOnlyList<string> FunctionCodes,
    string CatalogueVersion,
    bool IsRevoked,
    string? IssuerKeyId = null);

/// <summary>
/// An agency's registration stream folded into state: the registration (if any), its OID review
/// cases and its handler grants. <see cref="Version"/> counts the events folded, so a page built from
/// version N can say which state it showed.
/// </summary>
public sealed record AgencyRegistration(
    long Version,
    RegisteredAgency? Registered,
    ImmutableList<OidReviewCase> Reviews,
    ImmutableSortedDictionary<int, HandlerGrant> Grants)
{
    public static AgencyRegistration Initial { get; } = new(0, null, [], ImmutableSortedDictionary<int, HandlerGrant>.Empty);

    /// <summary>Organisation certificates a swap has replaced: a card handed back is never the agency's "new" card again.</summary>
    public ImmutableHashSet<CertificateKey> ReplacedOrganisationCertificates { get; init; } = [];

    /// <summary>Every both-cards swap request, in order.</summary>
    public ImmutableList<BothSwapRequest> SwapRequests { get; init; } = [];

    /// <summary>The both-cards swap waiting for its cooling-off period or a reviewer, if any.</summary>
    public BothSwapRequest? PendingSwap => SwapRequests.Find(r => r.Status == SwapRequestStatus.Pending);

    /// <summary>The stream that holds one agency's registration: <c>registration-{agencyCode}</c>.</summary>
    public static string StreamName(AgencyCode agency) => $"registration-{agency.Value}";

    public bool IsRegistered => Registered is not null;

    public OidReviewCase? PendingReview => Reviews.FirstOrDefault(c => c.Status == OidReviewStatus.Pending);

    /// <summary>The latest decided case about <paramref name="oid"/>, if any.</summary>
    public OidReviewCase? LatestDecisionAbout(string oid) =>
        Reviews.LastOrDefault(c => c.Oid == oid && c.Status != OidReviewStatus.Pending);

    public IEnumerable<HandlerGrant> ActiveGrants => Grants.Values.Where(g => !g.IsRevoked);

    public HandlerGrant? ActiveGrantFor(string certificateSerial) =>
        ActiveGrants.FirstOrDefault(g => g.CertificateSerial == certificateSerial);

    /// <summary>Applies one event: sets fields and adds items, nothing more.</summary>
    public static AgencyRegistration Evolve(AgencyRegistration state, RegistrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = @event switch
        {
            AgencyRegistered e => state with
            {
                Registered = new RegisteredAgency(e.AgencyName, e.OrganisationCertificate, e.ManagerCertificate, e.ManagerNationalId, e.ManagerContact),
            },
            OidReviewRequested e => state with
            {
                Reviews = state.Reviews.Add(new OidReviewCase(
                    e.CaseNumber, e.Certificate.AgencyOid, new CertificateKey(e.Certificate.IssuerKeyId, e.Certificate.SerialNumber),
                    OidReviewStatus.Pending, null, null)),
            },
            OidReviewApproved e => state with
            {
                Reviews = state.Reviews.Select(c => c.CaseNumber == e.CaseNumber
                    ? c with { Status = OidReviewStatus.Approved, EffectiveFrom = e.EffectiveFrom } : c).ToImmutableList(),
            },
            OidReviewRejected e => state with
            {
                Reviews = state.Reviews.Select(c => c.CaseNumber == e.CaseNumber
                    ? c with { Status = OidReviewStatus.Rejected, RejectionReason = e.Reason } : c).ToImmutableList(),
            },
            OrganisationCertificateReplaced e => state with
            {
                Registered = Require(state) with { OrganisationCertificate = e.OrganisationCertificate, ManagerContact = e.ManagerContact },
                ReplacedOrganisationCertificates = state.ReplacedOrganisationCertificates.Add(Require(state).OrganisationKey),
            },
            ManagerCertificateReplaced e => state with
            {
                Registered = Require(state) with
                {
                    ManagerCertificate = e.ManagerCertificate, ManagerNationalId = e.ManagerNationalId, ManagerContact = e.ManagerContact,
                },
            },
            OrganisationAndManagerCertificatesReplaced e => state with
            {
                SwapRequests = Settle(state, SwapRequestStatus.Applied),
                ReplacedOrganisationCertificates = state.ReplacedOrganisationCertificates.Add(Require(state).OrganisationKey),
                Registered = Require(state) with
                {
                    OrganisationCertificate = e.OrganisationCertificate,
                    ManagerCertificate = e.ManagerCertificate,
                    ManagerNationalId = e.ManagerNationalId,
                    ManagerContact = e.ManagerContact,
                },
            },
            BothCertificatesSwapRequested e => state with
            {
                SwapRequests = state.SwapRequests.Add(new BothSwapRequest(e, SwapRequestStatus.Pending)),
            },
            // The approval is followed by the swap itself in the same append, which settles the request.
            BothCertificatesSwapApproved => state,
            BothCertificatesSwapRefused e => state with
            {
                SwapRequests = state.SwapRequests.Select(r => r.RequestNumber == e.RequestNumber ? r with { Status = SwapRequestStatus.Refused } : r).ToImmutableList(),
            },
            HandlerGrantIssued e => state with
            {
                Grants = state.Grants.Add(e.GrantNumber, new HandlerGrant(
                    e.GrantNumber, e.HandlerCertificateSerial, e.HandlerName, e.HandlerNationalId, e.FunctionCodes, e.CatalogueVersion, false, e.HandlerIssuerKeyId)),
            },
            HandlerGrantModified e => state with
            {
                Grants = state.Grants.SetItem(e.GrantNumber, new HandlerGrant(
                    e.GrantNumber, e.HandlerCertificateSerial, e.HandlerName, e.HandlerNationalId, e.FunctionCodes, e.CatalogueVersion, false, e.HandlerIssuerKeyId)),
            },
            HandlerGrantRevoked e => state with
            {
                Grants = state.Grants.SetItem(e.GrantNumber, state.Grants[e.GrantNumber] with { IsRevoked = true }),
            },
            _ => throw new ArgumentException($"{@event?.GetType().Name} is not an event of the registration stream.", nameof(@event)),
        };
        return next with { Version = state.Version + 1 };
    }

    private static ImmutableList<BothSwapRequest> Settle(AgencyRegistration state, SwapRequestStatus status) =>
        state.SwapRequests.Select(r => r.Status == SwapRequestStatus.Pending ? r with { Status = status } : r).ToImmutableList();

    private static RegisteredAgency Require(AgencyRegistration state) =>
        state.Registered ?? throw new InvalidOperationException("A certificate swap was stored for an agency that is not registered.");
}
