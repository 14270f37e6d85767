namespace Domain.Registration;

// The events a confirmed registration command records, each built by one small function from the command (what the
// cards said, the contact as normalised) and the registration as it stood (the certificates replaced).
public sealed partial class RegistrationDecider
{
    private static AgencyRegistered Registered(RegisterAgency c, AgencyRegistration state) => new(
        c.Agency.Value,
        c.OrganisationCard.DirectoryEntry!.Name,
        c.Terms.VersionInForce,
        OrganisationInfo(c.OrganisationCard),
        ApprovedReviewRelied(state, c.OrganisationCard),
        CitizenInfo(c.ManagerCard),
        c.ManagerCard.NationalId.Value,
        ContactRules.Normalise(c.Contact),
        c.Actor,
        c.Now);

    private static OrganisationCertificateReplaced OrganisationReplaced(ReplaceOrganisationCertificate c, AgencyRegistration state, RegisteredAgency registered) => new(
        c.Agency.Value,
        c.Terms.VersionInForce,
        registered.OrganisationKey.IssuerKeyId,
        registered.OrganisationKey.SerialNumber,
        OrganisationInfo(c.OrganisationCard),
        ApprovedReviewRelied(state, c.OrganisationCard),
        ContactRules.Normalise(c.Contact),
        c.Actor,
        c.Now);

    private static ManagerCertificateReplaced ManagerReplaced(ReplaceManagerCertificate c, RegisteredAgency registered) => new(
        c.Agency.Value,
        c.Terms.VersionInForce,
        registered.ManagerKey.IssuerKeyId,
        registered.ManagerKey.SerialNumber,
        CitizenInfo(c.ManagerCard),
        c.ManagerCard.NationalId.Value,
        ContactRules.Normalise(c.Contact),
        c.Actor,
        c.Now);

    private static BothCertificatesSwapRequested BothRequested(ReplaceOrganisationAndManagerCertificates c, AgencyRegistration state, RegisteredAgency registered) => new(
        c.Agency.Value,
        state.SwapRequests.Count + 1,
        registered.AgencyName,
        c.Terms.VersionInForce,
        registered.OrganisationKey.IssuerKeyId,
        registered.OrganisationKey.SerialNumber,
        OrganisationInfo(c.OrganisationCard),
        ApprovedReviewRelied(state, c.OrganisationCard),
        registered.ManagerKey.IssuerKeyId,
        registered.ManagerKey.SerialNumber,
        registered.ManagerNationalId,
        registered.ManagerContact,
        CitizenInfo(c.ManagerCard),
        c.ManagerCard.NationalId.Value,
        ContactRules.Normalise(c.Contact),
        c.Now + c.CoolingOff,
        c.Actor,
        c.Now);

    /// <summary>The requested swap in effect: what the request recorded, by whom it was asked, from <paramref name="now"/>.</summary>
    private static OrganisationAndManagerCertificatesReplaced BothReplaced(BothCertificatesSwapRequested r, DateTimeOffset now) => new(
        r.AgencyCode,
        r.TermsVersion,
        r.PreviousOrganisationIssuerKeyId,
        r.PreviousOrganisationSerialNumber,
        r.OrganisationCertificate,
        r.OidReviewCase,
        r.PreviousManagerIssuerKeyId,
        r.PreviousManagerSerialNumber,
        r.ManagerCertificate,
        r.ManagerNationalId,
        r.ManagerContact,
        r.RequestedBy,
        now);

    /// <summary>The review case, numbered after the agency's earlier ones, with the directory's expectations at the time.</summary>
    private static OidReviewRequested ReviewRequested(RequestOidReview c, AgencyRegistration state)
    {
        var entry = c.OrganisationCard.DirectoryEntry!;
        var (phone, extension) = ContactRules.SplitExtension(c.ApplicantPhone);
        return new OidReviewRequested(
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
            c.Now);
    }

    /// <summary>The approved review case a new organisation certificate's OID relies on, when the directory alone does not accept it.</summary>
    private static int? ApprovedReviewRelied(AgencyRegistration state, OrganisationCard card) =>
        card.DirectoryEntry!.Expects(card.Certificate.OrganisationIdentifier)
            ? null
            : state.LatestDecisionAbout(card.Certificate.OrganisationIdentifier!)?.CaseNumber;

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
