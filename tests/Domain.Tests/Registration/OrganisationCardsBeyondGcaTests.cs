using Domain.Certificates;
using Domain.Ecpa;
using Domain.People;
using Domain.ReferenceData;
using Domain.Registration;
using Domain.Tests.Support;
using static Domain.Tests.Registration.RegistrationExamples;

namespace Domain.Tests.Registration;

/// <summary>
/// Organisation cards beyond GCA's (docs/domain.md, "Which organisation cards identify an agency"): an XCA card by
/// its organisation OID in XCA's own arc, a MOEACA company card by its business number; registration, the OID review
/// and binding compare the card's organisation identifier with the directory's the same way.
/// </summary>
public class OrganisationCardsBeyondGcaTests : RegistrationSpecification
{
    private const string BusinessNumber = "70759028";
    private const string XcaOid = "2.16.886.111.90005.90003.100004";

    private static CertificateFacts Moeaca(string serial, string businessNumber = BusinessNumber) =>
        OrganisationFacts(serial, null!, "MOEACAKEY") with
        {
            IssuerDn = "OU=工商憑證管理中心,O=行政院,C=TW", SubjectDn = "O=臺灣網路認證股份有限公司,C=TW",
            CertificateType = TaiwanCertificateOids.MoeacaCompanyType, AgencyOid = null, BusinessNumber = businessNumber,
        };

    private static CertificateFacts Xca(string serial) =>
        OrganisationFacts(serial, XcaOid, "XCAKEY") with { IssuerDn = "OU=組織及團體憑證管理中心,O=行政院,C=TW", CertificateType = TaiwanCertificateOids.XcaOrganisationType };

    [Fact]
    public void A_MOEACA_card_registers_an_agency_whose_directory_row_lists_its_business_number()
    {
        var card = OrganisationCardWith(Moeaca("0B01")) with { DirectoryEntry = DirectoryEntry(BusinessNumber) };

        var registered = Given().When(Register() with { OrganisationCard = card }).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();

        registered.OrganisationCertificate.AgencyOid.ShouldBe(BusinessNumber);
    }

    [Fact]
    public void An_XCA_card_registers_an_agency_whose_directory_row_lists_its_OID_in_XCAs_arc()
    {
        var card = OrganisationCardWith(Xca("0B02")) with { DirectoryEntry = DirectoryEntry(XcaOid) };

        Given().When(Register() with { OrganisationCard = card }).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>()
            .OrganisationCertificate.AgencyOid.ShouldBe(XcaOid);
    }

    [Fact]
    public void A_MOEACA_card_whose_business_number_the_directory_does_not_list_goes_to_review_for_that_number()
    {
        var card = OrganisationCardWith(Moeaca("0B03"));

        Given().When(Register() with { OrganisationCard = card }).ThenRejects("oid-mismatch", RegistrationFields.OrganisationCertificate);
        var requested = Given().When(RequestReview(Moeaca("0B03"))).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<OidReviewRequested>();
        requested.Certificate.AgencyOid.ShouldBe(BusinessNumber);
        Given(requested).When(Approve()).Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<OidReviewApproved>().ApprovedOid.ShouldBe(BusinessNumber);
    }

    [Fact]
    public void A_company_card_with_another_business_number_does_not_match_and_the_message_names_the_number()
    {
        var entry = new AgencyDirectoryEntry(Agency, AgencyName, [BusinessNumber], ReviewDesk);
        entry.Expects(BusinessNumber).ShouldBeTrue();
        entry.Expects("24536806").ShouldBeFalse();

        OrganisationUploadRejections.OidDoesNotMatch(entry, "24536806").Message.ShouldContain("統一編號 24536806");
        OrganisationUploadRejections.OidDoesNotMatch(entry, XcaOid).Message.ShouldContain($"OID {XcaOid}");
    }

    [Fact]
    public void A_personnel_officer_binds_a_MOEACA_card_by_its_business_number()
    {
        var agency = People.EcpaExamples.Agency;
        var entry = new AgencyDirectoryEntry(agency, "臺灣網路認證股份有限公司", [BusinessNumber], ReviewDesk);
        var card = Moeaca("0B04");
        BindOrganisationCertificate Bind(AgencyDirectoryEntry directoryEntry) => new(Guid.NewGuid(), agency, "ecpa:wangxm", People.EcpaExamples.Now, card,
            "MC01000000000001", directoryEntry, new Uploader(People.EcpaExamples.WangKey, "王小明", [People.EcpaExamples.Report(category: "08")]), null);

        DeciderSpecification<OrganisationCertificateDecider, AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>.Given().When(Bind(entry))
            .Decision.Events.ShouldHaveSingleItem().ShouldBeOfType<OrganisationCertificateBound>().Certificate.AgencyOid.ShouldBe(BusinessNumber);
        DeciderSpecification<OrganisationCertificateDecider, AgencyCertificate, BindOrganisationCertificate, EcpaAgencyEvent>.Given()
            .When(Bind(entry with { ExpectedOids = ["24536806"] })).ThenRejects("oid-does-not-match-agency", OrganisationUploadFields.AgencyCode);
    }
}
