using Domain.Certificates;
using Pkix.Validation;
using TestPki;

namespace Domain.Tests.Certificates.Parsing;

/// <summary>
/// Every real GPKI certificate of tools/TestPki/realpki through the parser, with the facts read off the certificates
/// themselves (openssl), so the parser is checked against the real profile, not only against TestPki's reading of it.
/// </summary>
public class RealCertificateTests
{
    private const string Grca = "O=Government Root Certification Authority,C=TW";
    private const string GrcaG3 = "CN=Government Root Certification Authority - G3,O=行政院,C=TW";
    private const string Moica = "OU=內政部憑證管理中心,O=行政院,C=TW";
    private const string Level3 = "2.16.886.101.0.3.3";
    private const KeyUsageBits CaUsage = KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign;

    private sealed record Expected(
        string File, string Subject, string Issuer, string Serial, string IssuerKeyId, KeyUsageBits Usage, string[] Policies,
        CertificateKind Kind = CertificateKind.Unknown, string? Type = null, string? OrganisationOid = null, string? BusinessNumber = null,
        string? LastFour = null);

    private static readonly Expected[] Certificates =
    [
        new(RealPki.GrcaG1, Grca, Grca, "1F9D595AD72FC20644A5800869E35EF6", "", KeyUsageBits.None, []),
        new(RealPki.GrcaG1ToG2Link, Grca, Grca, "FEE626678141435C5FAEA9F2DB4BA66F", "CCCCEFCC2960A43BB192B63CFA32628FAC25153B", CaUsage,
            ["2.16.886.101.0.3.1", "2.16.886.101.0.3.2", Level3, "2.16.886.101.0.3.4", "2.16.886.101.0.3.0"]),
        new(RealPki.GrcaG2, Grca, Grca, "B64B8807E223EEC85C12ADA60E06A1F2", "", CaUsage, []),
        new(RealPki.GrcaG3, GrcaG3, GrcaG3, "CD1DE713A9ADBF68FE2916D8435415C7", "", CaUsage | KeyUsageBits.DigitalSignature, []),
        new(RealPki.MoicaG1, Moica, Grca, "08B5D8ABC80BDCEF2C7E0F390A563713", "CCCCEFCC2960A43BB192B63CFA32628FAC25153B", CaUsage, [Level3]),
        new(RealPki.MoicaG2, Moica, Grca, "51C3B5C1A9A1588609222231D61AC0AD", "D5671DE09C7A2C9CCBC598E71D07262A86EC74CD", CaUsage, [Level3]),
        new(RealPki.MoicaG3, Moica, GrcaG3, "5A202D14B39787D0886C37184AC9B76A", "3A908EE741471973DC9CBDA37ED83D3E83091F03", CaUsage | KeyUsageBits.DigitalSignature, [Level3]),
        new(RealPki.MoeacaG2, "OU=工商憑證管理中心,O=行政院,C=TW", Grca, "8729CD5CF90BFAB612D26C2F9F67B6DD", "D5671DE09C7A2C9CCBC598E71D07262A86EC74CD", CaUsage, [Level3]),
        new(RealPki.MoeacaCompany, "O=臺灣網路認證股份有限公司,C=TW", "OU=工商憑證管理中心,O=行政院,C=TW", "18FBB32BF85BA0A1BC52442C7915EC17",
            "99447A0272EB6D6522B302578FD6A1DD3A020F6C", KeyUsageBits.DigitalSignature, [Level3],
            CertificateKind.Organisation, TaiwanCertificateOids.MoeacaCompanyType, BusinessNumber: "70759028"),
        new(RealPki.XcaSchool, "O=員崠國民小學,L=竹東鎮,L=新竹縣,C=TW", "OU=組織及團體憑證管理中心,O=行政院,C=TW", "56806577A4549FA68A5656835FB532B9",
            "5BEE156A49171C6A804DE85EE745AAFF80C7A040", KeyUsageBits.DigitalSignature, [Level3],
            CertificateKind.Organisation, TaiwanCertificateOids.XcaOrganisationType, OrganisationOid: "2.16.886.111.90005.90003.100004"),
        new(RealPki.GcaServer, "SERIALNUMBER=0000000010034188,CN=opendata.epa.gov.tw,OU=環境保護署,O=行政院,C=TW", "OU=政府憑證管理中心,O=行政院,C=TW",
            "BC71B37684C2F207E862F623D4256405", "D11867C357FE129A916B5F5F31EA3EC28487FBBD", KeyUsageBits.DigitalSignature | KeyUsageBits.KeyEncipherment,
            [Level3, "2.23.140.1.2.2"], Type: TaiwanCertificateOids.GcaServerType),
        new(RealPki.TestGtestca, "O=測試公司1,C=TW", "OU=政府測試憑證管理中心,O=行政院,C=TW", "DEBF29E887122FFE32EA202A252450F2",
            "4BF64A7768D394C4E3B560DC0E1BEFA9BA7BF653", KeyUsageBits.DigitalSignature, ["2.16.886.101.0.3.0"],
            CertificateKind.Organisation, TaiwanCertificateOids.MoeacaCompanyType, BusinessNumber: "34051920"),
        new(RealPki.TestGtestca2MoeacaProfile, "SERIALNUMBER=82675132,O=測試公司1,C=TW", "OU=(測試用) 政府測試憑證管理中心,O=行政院,C=TW",
            "4305D9161080465CF340F049EA6CC726", "77AFD06587EE1DC8A9F697A025470EC995DA71AB", KeyUsageBits.DigitalSignature, ["2.16.886.101.0.3.0"],
            CertificateKind.Organisation, TaiwanCertificateOids.MoeacaCompanyType, BusinessNumber: "82675132"),
        new(RealPki.TestMoicaG3A, "SERIALNUMBER=1061720472004809,CN=測試人,C=TW", "OU=(測試用) 內政部憑證管理中心,O=行政院,C=TW",
            "88D05A1C8BCD280AC7387EC8F40260D4", "EA7A4AAB78C2DA9228E0511AE3DB704F8C01B558", KeyUsageBits.KeyEncipherment | KeyUsageBits.DataEncipherment,
            [Level3], CertificateKind.Citizen, TaiwanCertificateOids.CitizenCardType, LastFour: "2116"),
        new(RealPki.TestMoicaG3B, "SERIALNUMBER=1282000269404504,CN=測試人,C=TW", "OU=(測試用) 內政部憑證管理中心,O=行政院,C=TW",
            "5CDD0D3A0A9A356F464B9EA110ACB5C2", "EA7A4AAB78C2DA9228E0511AE3DB704F8C01B558", KeyUsageBits.KeyEncipherment | KeyUsageBits.DataEncipherment,
            [Level3], CertificateKind.Citizen, "2.16.886.1.100.3.1.9", LastFour: "9945"),
    ];

    public static TheoryData<string> Files => [.. Certificates.Select(c => c.File)];

    [Fact]
    public void The_table_covers_every_real_certificate() =>
        Certificates.Select(c => c.File).ShouldBe(RealPki.All, ignoreOrder: true);

    [Theory]
    [MemberData(nameof(Files))]
    public void A_real_certificate_parses_with_the_facts_it_carries(string file)
    {
        var expected = Certificates.Single(c => c.File == file);

        var result = CertificateParser.Parse(RealPki.Der(file));

        result.Succeeded.ShouldBeTrue(result.Detail);
        var facts = result.Facts;
        facts.ShouldSatisfyAllConditions(
            () => facts.SubjectDn.ShouldBe(expected.Subject),
            () => facts.IssuerDn.ShouldBe(expected.Issuer),
            () => facts.SerialNumber.ShouldBe(expected.Serial),
            () => facts.IssuerKeyId.ShouldBe(expected.IssuerKeyId),
            () => facts.KeyUsage.ShouldBe(expected.Usage),
            () => facts.Policies.ShouldBe(expected.Policies),
            () => facts.Kind.ShouldBe(expected.Kind),
            () => facts.CertificateType.ShouldBe(expected.Type),
            () => facts.AgencyOid.ShouldBe(expected.OrganisationOid),
            () => facts.BusinessNumber.ShouldBe(expected.BusinessNumber),
            () => facts.NationalIdLastFour.ShouldBe(expected.LastFour),
            () => facts.Country.ShouldBe("TW"));
    }

    [Fact]
    public void MOEACA_and_XCA_leaves_are_organisation_cards_identified_by_business_number_and_by_OID()
    {
        var moeaca = CertificateParser.Parse(RealPki.Der(RealPki.MoeacaCompany)).Facts!;
        var xca = CertificateParser.Parse(RealPki.Der(RealPki.XcaSchool)).Facts!;

        moeaca.Kind.ShouldBe(CertificateKind.Organisation);
        moeaca.OrganisationIdentifier.ShouldBe("70759028");
        OrganisationIdentifier.IsBusinessNumber(moeaca.OrganisationIdentifier).ShouldBeTrue();
        xca.Kind.ShouldBe(CertificateKind.Organisation);
        xca.OrganisationIdentifier.ShouldBe("2.16.886.111.90005.90003.100004");
        OrganisationIdentifier.IsOid(xca.OrganisationIdentifier).ShouldBeTrue();
        xca.Organisation.ShouldBe("員崠國民小學");
    }

    [Fact]
    public void A_GCA_server_certificate_is_no_card_at_all() =>
        CertificateParser.Parse(RealPki.Der(RealPki.GcaServer)).Facts!.Kind.ShouldBe(CertificateKind.Unknown);
}
