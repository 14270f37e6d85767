using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using Pkix.Validation;

namespace Domain.Tests.Registration;

/// <summary>
/// One agency's story in data: its directory entry, cards, people, and the commands and events the
/// tests vary with <c>with</c>. Times are Monday 2026-11-23, 10:00 in Taiwan.
/// </summary>
internal static class RegistrationExamples
{
    public static readonly AgencyCode Agency = AgencyCode.Of("12345");
    public const string AgencyName = "範例縣政府人事處";
    public const string AgencyOid = "2.16.886.101.20003.20012";
    public const string OtherOid = "2.16.886.101.20003.99999";
    public const string ReviewDesk = "承保第一科";
    public const string Terms = "2022-11";
    public const string ManagerActor = "cert:MOICA2:B001";

    /// <summary>Monday 2026-11-23 10:00 Taiwan time.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 23);

    public static readonly NationalId ManagerId = NationalId.WithCheckDigit("A12345678");
    public static readonly NationalId NewManagerId = NationalId.WithCheckDigit("F22345678");
    public static readonly NationalId HandlerId = NationalId.WithCheckDigit("B12345678");

    public static readonly CertificateFacts OrganisationCertificate = OrganisationFacts("0A11");
    public static readonly CertificateFacts NewOrganisationCertificate = OrganisationFacts("0A12");
    public static readonly CertificateFacts ManagerCertificate = CitizenFacts(ManagerId, "B001");
    public static readonly CertificateFacts NewManagerCertificate = CitizenFacts(NewManagerId, "B002");

    public static readonly ManagerContact Contact = new("王小明", "wang@example.gov.tw", "(02)2701-3411", "123", null);

    public static readonly FunctionCatalogue Catalogue =
        FunctionCatalogues.Parse(ReferenceDataSeeds.FunctionCatalogueCsv).Value!.Versions.Single();

    public static AgencyDirectoryEntry DirectoryEntry(params string[] expectedOids) =>
        new(Agency, AgencyName, expectedOids.Length == 0 ? [AgencyOid] : expectedOids, ReviewDesk);

    public static CertificateFacts OrganisationFacts(string serial, string oid = AgencyOid, string issuerKeyId = "GCAKEY01") => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", issuerKeyId, $"OU={AgencyName},O=行政院,C=TW", null, AgencyName, "行政院", "TW",
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        KeyUsageBits.DigitalSignature, [], oid, null, CertificateKind.Organisation, $"ORG{serial}THUMB");

    public static CertificateFacts CitizenFacts(NationalId owner, string serial, string issuerKeyId = "MOICA2") => new(
        serial, "OU=內政部憑證管理中心,O=內政部,C=TW", issuerKeyId, "CN=王小明,C=TW", "王小明", null, null, "TW",
        new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero),
        KeyUsageBits.DigitalSignature, [], null, owner.LastFour, CertificateKind.Citizen, $"CIT{serial}THUMB");

    /// <summary>A personnel report of <see cref="Agency"/> unless another agency is given.</summary>
    public static PersonnelRecord Record(NationalId id, EmploymentStatus status = EmploymentStatus.Current, DateOnly? reportedOn = null, AgencyCode? agency = null) =>
        new(id, "王小明", null, status, "01", "秘書室", null, agency ?? Agency, reportedOn ?? new DateOnly(2026, 1, 5));

    public static OrganisationCard OrganisationCardWith(CertificateFacts? certificate = null, string? registeredTo = null) =>
        new(certificate ?? OrganisationCertificate, "TP0000000001", DirectoryEntry(), registeredTo);

    public static ManagerCard ManagerCardWith(NationalId? id = null, CertificateFacts? certificate = null) =>
        new(certificate ?? ManagerCertificate, "TP03000000000001", id ?? ManagerId, Record(id ?? ManagerId));

    public static ManagerCard NewManagerCard() => new(NewManagerCertificate, "TP03000000000002", NewManagerId, Record(NewManagerId));

    public static TermsAcceptance AcceptedTerms => new(Terms, Terms);

    public static CardSession Session(
        CertificateFacts? organisation = null, CertificateFacts? manager = null, DateTimeOffset? organisationAt = null, DateTimeOffset? managerAt = null) =>
        new(CertificateKey.Of(organisation ?? OrganisationCertificate), organisationAt ?? Now.AddMinutes(-3),
            CertificateKey.Of(manager ?? ManagerCertificate), managerAt ?? Now.AddMinutes(-2));

    public static GrantAuthorisation AuthorisedWith(CertificateFacts? manager = null) => new(
        "GCAKEY01", "0A11", Now.AddMinutes(-3), (manager ?? ManagerCertificate).IssuerKeyId, (manager ?? ManagerCertificate).SerialNumber, Now.AddMinutes(-2));

    // Commands

    public static RegisterAgency Register() =>
        new(Guid.NewGuid(), Agency, ManagerActor, Now, AcceptedTerms, OrganisationCardWith(), ManagerCardWith(), Contact);

    public static RequestOidReview RequestReview(CertificateFacts? certificate = null) =>
        new(Guid.NewGuid(), Agency, "applicant", Now, OrganisationCardWith(certificate ?? OrganisationFacts("0A11", OtherOid)), "李大華", "(02)2345-6789");

    public static ApproveOidReview Approve(int caseNumber = 1) =>
        new(Guid.NewGuid(), Agency, "staff:reviewer1", Now, caseNumber, new DateOnly(2026, 11, 24));

    public static RejectOidReview RejectReview(int caseNumber = 1, string reason = "OID 與機關不符") =>
        new(Guid.NewGuid(), Agency, "staff:reviewer1", Now, caseNumber, reason);

    public static ReplaceOrganisationCertificate ReplaceOrganisation(long expectedVersion = 1) =>
        new(Guid.NewGuid(), Agency, ManagerActor, Now, expectedVersion, AcceptedTerms, OrganisationCardWith(NewOrganisationCertificate), ManagerCardWith(), Contact);

    public static ReplaceManagerCertificate ReplaceManager(long expectedVersion = 1) =>
        new(Guid.NewGuid(), Agency, "cert:MOICA2:B002", Now, expectedVersion, AcceptedTerms, OrganisationCardWith(), NewManagerCard(), Contact);

    /// <summary>The both-cards swap's cooling-off period in these examples.</summary>
    public static readonly TimeSpan CoolingOff = TimeSpan.FromDays(5);

    public static ReplaceOrganisationAndManagerCertificates ReplaceBoth(long expectedVersion = 1) =>
        new(Guid.NewGuid(), Agency, "cert:MOICA2:B002", Now, expectedVersion, AcceptedTerms, OrganisationCardWith(NewOrganisationCertificate), NewManagerCard(), Contact, CoolingOff);

    public static ApplyDueBothCertificatesSwap ApplyDueSwap(DateTimeOffset now, int requestNumber = 1) =>
        new(Guid.NewGuid(), Agency, "system:cooling-off", now, requestNumber);

    public static ApproveBothCertificatesSwap ApproveSwap(int requestNumber = 1) =>
        new(Guid.NewGuid(), Agency, "staff:reviewer1", Now, requestNumber);

    public static RefuseBothCertificatesSwap RefuseSwap(int requestNumber = 1, string reason = "前任授權管理者表示未曾申請") =>
        new(Guid.NewGuid(), Agency, "staff:reviewer1", Now, requestNumber, reason);

    public static HandlerDetails Handler(string serial = "C0FFEE01", params string[] functions) =>
        new(serial, "陳經辦", HandlerId, functions.Length == 0 ? ["0101", "0103"] : functions, null);

    public static IssueHandlerGrant Issue(HandlerDetails? handler = null) =>
        new(Guid.NewGuid(), Agency, ManagerActor, Now, Session(), handler ?? Handler(), Catalogue);

    public static ModifyHandlerGrant Modify(long expectedVersion, int grantNumber = 1, HandlerDetails? handler = null) =>
        new(Guid.NewGuid(), Agency, ManagerActor, Now, expectedVersion, Session(), grantNumber, handler ?? Handler(), Catalogue);

    public static RevokeHandlerGrant Revoke(long expectedVersion, int grantNumber = 1, string reason = "離職") =>
        new(Guid.NewGuid(), Agency, ManagerActor, Now, expectedVersion, Session(), grantNumber, reason);

    // Events, as the commands above decide them

    public static OrganisationCertificateInfo OrganisationInfo(CertificateFacts? certificate = null)
    {
        var f = certificate ?? OrganisationCertificate;
        return new(f.SerialNumber, f.IssuerDn, f.IssuerKeyId, f.SubjectDn, f.OrganisationalUnit, f.NotBefore, f.NotAfter, f.AgencyOid!, "TP0000000001", f.Sha256Thumbprint);
    }

    public static CitizenCertificateInfo CitizenInfo(CertificateFacts? certificate = null, string cardNumber = "TP03000000000001")
    {
        var f = certificate ?? ManagerCertificate;
        return new(f.SerialNumber, f.IssuerDn, f.IssuerKeyId, f.SubjectDn, f.CommonName, f.NotBefore, f.NotAfter, f.NationalIdLastFour!, cardNumber, f.Sha256Thumbprint);
    }

    public static AgencyRegistered Registered() => new(
        Agency.Value, AgencyName, Terms, OrganisationInfo(), null, CitizenInfo(), ManagerId.Value, Contact, ManagerActor, Now.AddDays(-30));

    public static OidReviewRequested ReviewRequested(int caseNumber = 1, string oid = OtherOid, string serial = "0A11") => new(
        Agency.Value, caseNumber, AgencyName, [AgencyOid], ReviewDesk, OrganisationInfo(OrganisationFacts(serial, oid)),
        "李大華", "(02)2345-6789", null, "applicant", Now.AddDays(-3));

    public static OidReviewApproved ReviewApproved(DateTimeOffset effectiveFrom, int caseNumber = 1, string oid = OtherOid) =>
        new(Agency.Value, caseNumber, oid, effectiveFrom, "staff:reviewer1", Now.AddDays(-2));

    public static OidReviewRejected ReviewRejected(int caseNumber = 1, string oid = OtherOid, string reason = "OID 與機關不符") =>
        new(Agency.Value, caseNumber, oid, reason, "staff:reviewer1", Now.AddDays(-2));

    /// <summary>The both-cards swap of <see cref="ReplaceBoth"/> as requested at <paramref name="at"/> (default <see cref="Now"/>).</summary>
    public static BothCertificatesSwapRequested BothSwapRequested(DateTimeOffset? at = null, int requestNumber = 1) => new(
        Agency.Value, requestNumber, AgencyName, Terms, "GCAKEY01", "0A11", OrganisationInfo(NewOrganisationCertificate), null,
        "MOICA2", "B001", ManagerId.Value, Contact, CitizenInfo(NewManagerCertificate, "TP03000000000002"), NewManagerId.Value, Contact,
        (at ?? Now) + CoolingOff, "cert:MOICA2:B002", at ?? Now);

    public static HandlerGrantIssued Granted(int grantNumber = 1, string serial = "C0FFEE01", params string[] functions) => new(
        Agency.Value, grantNumber, serial, "陳經辦", HandlerId.Value, functions.Length == 0 ? ["0101", "0103"] : functions, Catalogue.Version,
        AuthorisedWith(), ManagerActor, Now.AddDays(-1));

    public static HandlerGrantRevoked Revoked(int grantNumber = 1) =>
        new(Agency.Value, grantNumber, "離職", AuthorisedWith(), ManagerActor, Now.AddHours(-1));
}
