using Domain.Certificates;
using Pkix.Validation;

namespace TestPki.Tests;

public class ExtraCardsTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();
    private static readonly CitizenHolder Person = new("林美華", "F223456786");

    [Fact]
    public void A_citizen_card_is_issued_by_MOICA_g2_for_the_holder_and_is_deterministic()
    {
        Domain.Common.NationalId.Parse(Person.NationalId).Error.ShouldBeNull();
        var card = Pki.IssueCitizenCard(Person);
        var again = Pki.IssueCitizenCard(Person);

        again.CertificateDer.ShouldBe(card.CertificateDer);
        again.Card.ShouldBeEquivalentTo(card.Card);
        var certificate = Bc.Certificate(card.CertificateDer);
        certificate.Verify(Bc.Certificate(Pki.Ca("moica-g2")).GetPublicKey());
        certificate.SubjectDN.ToString().ShouldMatch("^C=TW,CN=林美華,SERIALNUMBER=[0-9]{16}$");
        card.SubjectDn.ShouldMatch("^SERIALNUMBER=[0-9]{16},CN=林美華,C=TW$");
        card.IssuerKeyId.ShouldBe(Pki.Ca("moica-g2").SubjectKeyId);
        card.Card.Kind.ShouldBe("citizen");
        card.Card.Label.ShouldBe("林美華的自然人憑證");
        card.Card.Keys[0].Algorithm.ShouldBe("RSA-2048");
        card.Name.ShouldStartWith("citizen-");
        card.Name.ShouldNotContain("6786");
        card.NotAfter.ShouldBe(Pki.ReferenceInstants.ValidNotAfter);
    }

    [Fact]
    public void A_variant_is_another_card_for_the_same_holder()
    {
        var first = Pki.IssueCitizenCard(Person, new CardRequest { Key = KeyAlgorithm.EcP256 });
        var renewed = Pki.IssueCitizenCard(Person, new CardRequest { Key = KeyAlgorithm.EcP256, Variant = "renewal-1" });
        renewed.SerialNumber.ShouldNotBe(first.SerialNumber);
        renewed.CardNumber.ShouldNotBe(first.CardNumber);
        renewed.SubjectDn.ShouldBe(first.SubjectDn);
        renewed.Name.ShouldNotBe(first.Name);
        renewed.Card.Keys[0].Algorithm.ShouldBe("EC-P256");
    }

    [Fact]
    public void An_organisation_card_carries_the_agency_OID_and_can_come_from_another_CA_or_case()
    {
        var agency = new OrganisationHolder("測試縣政府人事處", "測試縣政府", "376570000A", "2.16.886.101.20003.20777");
        var card = Pki.IssueOrganisationCard(agency, new CardRequest { Issuer = "xca", Case = LeafCase.Expired });

        var certificate = Bc.Certificate(card.CertificateDer);
        certificate.Verify(Bc.Certificate(Pki.Ca("xca")).GetPublicKey());
        card.SubjectDn.ShouldBe("O=測試縣政府人事處,C=TW");
        card.IssuerDn.ShouldBe("OU=組織及團體憑證管理中心,O=行政院,C=TW");
        card.NotAfter.ShouldBe(Pki.ReferenceInstants.ExpiredNotAfter);
        card.Card.Kind.ShouldBe("organisation");
        card.Card.Atr.ShouldBe(CardImage.OrganisationAtr);
        card.CardNumber.ShouldStartWith("XC01");
        var facts = CertificateParser.Parse(card.CertificateDer).Facts!;
        facts.AgencyOid.ShouldBe("2.16.886.101.20003.20777");
        facts.CertificateType.ShouldBe(TaiwanCertificateOids.XcaOrganisationType);
        facts.Kind.ShouldBe(CertificateKind.Organisation);
    }

    [Fact]
    public void Writing_an_issued_card_gives_the_card_image_and_pem_files()
    {
        using var folder = new TempFolder();
        var card = Pki.IssueCitizenCard(Person, new CardRequest { Name = "demo-林美華", Case = LeafCase.WrongKeyUsage });
        var path = card.WriteTo(folder.Path);

        path.ShouldBe(folder["demo-林美華.card.json"]);
        CardImage.Load(path).ToJson().ShouldBe(card.Card.ToJson());
        File.Exists(folder["demo-林美華.pem"]).ShouldBeTrue();
        File.Exists(folder["demo-林美華.key.pem"]).ShouldBeTrue();
        card.KeyUsage.ShouldBe(KeyUsageBits.KeyEncipherment);
    }

    [Fact]
    public void Bad_holders_and_requests_are_refused()
    {
        Should.Throw<ArgumentException>(() => Pki.IssueCitizenCard(new CitizenHolder("王小明", "A123456788")));
        Should.Throw<ArgumentException>(() => Pki.IssueOrganisationCard(new OrganisationHolder("某機關", "某部", "3230000", "1.2.3")));
        Should.Throw<ArgumentException>(() => Pki.IssueCitizenCard(Person, new CardRequest { Case = LeafCase.Revoked }));
        Should.Throw<ArgumentException>(() => Pki.IssueCitizenCard(Person, new CardRequest { Issuer = "grca-g2" }));
        Should.Throw<KeyNotFoundException>(() => Pki.IssueCitizenCard(Person, new CardRequest { Issuer = "nope" }));
    }
}
