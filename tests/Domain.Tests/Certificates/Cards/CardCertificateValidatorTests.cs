using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;
using Domain.Certificates.Cards;
using LimboHarness.Cases;
using Pkix.Revocation;
using Pkix.Validation;

namespace Domain.Tests.Certificates.Cards;

public class CardCertificateValidatorTests(TaiwanPki taiwan) : IClassFixture<TaiwanPki>
{
    private Task<CardCertificateResult> Validate(string leaf, CertificateKind expected, CardCertificateValidator? validator = null) =>
        (validator ?? taiwan.Validator()).ValidateAsync(taiwan.Der(leaf), expected);

    [Theory]
    [InlineData("citizen-moica2-rsa", CertificateKind.Citizen)]
    [InlineData("citizen-moica2-ec", CertificateKind.Citizen)]
    [InlineData("citizen-moica3-rsa", CertificateKind.Citizen)]
    [InlineData("org-gca-rsa", CertificateKind.Organisation)]
    [InlineData("org-gca-ec", CertificateKind.Organisation)]
    [InlineData("org-xca-rsa", CertificateKind.Organisation)]
    [InlineData("org-moeaca-rsa", CertificateKind.Organisation)]
    [InlineData("org-hca-rsa", CertificateKind.Organisation)]
    public async Task A_valid_card_certificate_validates_to_its_facts_and_path(string leaf, CertificateKind kind)
    {
        var result = await Validate(leaf, kind);

        result.Failure.ShouldBeNull();
        var entry = taiwan.Pki.Leaf(leaf);
        result.Certificate!.Facts.SerialNumber.ShouldBe(entry.SerialNumber);
        result.Certificate.Facts.Kind.ShouldBe(kind);
        result.Certificate.Path.Issuer.KeyIdHex.ShouldBe(taiwan.Pki.Ca(entry.Issuer).SubjectKeyId.ToUpperInvariant());
        // MOICA G3 chains to GRCA G3, every other issuing CA to GRCA G2.
        result.Certificate.Path.Anchor.KeyIdHex.ShouldBe(taiwan.Pki.Ca(entry.Issuer == "moica-g3" ? "grca-g3" : "grca-g2").SubjectKeyId.ToUpperInvariant());
    }

    [Fact]
    public async Task The_two_MOICA_generations_are_told_apart_by_key_identifier()
    {
        var g3 = await Validate("citizen-moica3-rsa", CertificateKind.Citizen);
        var g2 = await Validate("citizen-moica2-rsa", CertificateKind.Citizen);

        g3.Certificate!.Path.Issuer.KeyIdHex.ShouldNotBe(g2.Certificate!.Path.Issuer.KeyIdHex);
        g3.Certificate.Path.Issuer.Subject.ShouldBe(g2.Certificate.Path.Issuer.Subject);
    }

    [Fact]
    public async Task An_organisation_card_where_a_citizen_card_is_expected_is_the_wrong_kind()
    {
        var result = await Validate("org-gca-rsa", CertificateKind.Citizen);

        result.Failure!.Check.ShouldBe(CardCheck.WrongKind);
        result.Failure.Message.ShouldContain("卡片種類不符");
        (await Validate("citizen-moica2-rsa", CertificateKind.Organisation)).Failure!.Check.ShouldBe(CardCheck.WrongKind);
    }

    [Fact]
    public async Task A_certificate_from_an_impostor_CA_with_MOICAs_name_is_untrusted()
    {
        (await Validate("citizen-wrong-issuer", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.UntrustedIssuer);
    }

    [Theory]
    [InlineData("citizen-test-ca", CertificateKind.Citizen)]
    [InlineData("org-test-ca", CertificateKind.Organisation)]
    public async Task A_test_CA_certificate_is_refused(string leaf, CertificateKind kind)
    {
        var result = await Validate(leaf, kind);

        result.Failure!.Check.ShouldBe(CardCheck.TestCertificate);
        result.Failure.Message.ShouldContain("測試");
    }

    [Fact]
    public async Task A_test_CA_certificate_is_refused_even_when_its_root_is_configured_as_an_anchor()
    {
        var careless = taiwan.Trust with
        {
            Kinds = new Dictionary<CertificateKind, KindTrust>
            {
                [CertificateKind.Citizen] = new([TaiwanTrust.Ca(taiwan.Pki, "grca-g2"), TaiwanTrust.Ca(taiwan.Pki, "test-root")],
                    [TaiwanTrust.Ca(taiwan.Pki, "moica-g2"), TaiwanTrust.Ca(taiwan.Pki, "test-gca")]),
            },
        };

        var result = await Validate("citizen-test-ca", CertificateKind.Citizen, taiwan.Validator(trust: careless));

        result.Failure!.Check.ShouldBe(CardCheck.TestCertificate);
    }

    [Fact]
    public async Task An_expired_card_is_refused()
    {
        (await Validate("citizen-expired", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Expired);
        (await Validate("org-expired", CertificateKind.Organisation)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Expired);
    }

    [Fact]
    public async Task A_card_not_yet_valid_is_refused()
    {
        (await Validate("citizen-not-yet-valid", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.NotYetValid);
    }

    [Fact]
    public async Task A_revoked_card_on_its_CAs_CRL_is_refused()
    {
        (await Validate("citizen-revoked", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        (await Validate("org-revoked", CertificateKind.Organisation)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
    }

    [Fact]
    public async Task The_MOICA_sized_CRL_revokes_the_same_card()
    {
        var large = TaiwanTrust.LoadCrls(taiwan.Pki, large: true);
        large.For(TaiwanTrust.Ca(taiwan.Pki, "moica-g2"))!.Count.ShouldBe(400_000);

        (await Validate("citizen-revoked", CertificateKind.Citizen, taiwan.Validator(crls: large))).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, taiwan.Validator(crls: large))).IsValid.ShouldBeTrue();
    }

    private CrlStore IssuingCaCrlAnd(params CrlIndex[] rootCrls)
    {
        var crls = new CrlStore();
        var moica = TaiwanTrust.Ca(taiwan.Pki, "moica-g2");
        crls.Add(CrlIndex.Load(File.ReadAllBytes(taiwan.Pki.Crl("moica-g2").Path), moica).Index!);
        foreach (var crl in rootCrls)
            crls.Add(crl);
        return crls;
    }

    private CrlIndex RootCrl(DateTimeOffset thisUpdate, params PkixCertificate[] revoked) =>
        CrlIndex.Load(TaiwanTrust.CaWithKey(taiwan.Pki, "grca-g2").IssueCrl(revoked.Select(c => c.SerialNumber), thisUpdate, taiwan.Now.AddDays(7)), TaiwanTrust.Ca(taiwan.Pki, "grca-g2")).Index!;

    [Fact]
    public async Task A_card_whose_issuing_CA_is_on_the_roots_CRL_is_refused()
    {
        var moica = TaiwanTrust.Ca(taiwan.Pki, "moica-g2");

        var result = await Validate("citizen-moica2-rsa", CertificateKind.Citizen, taiwan.Validator(crls: IssuingCaCrlAnd(RootCrl(taiwan.Now.AddDays(-1), moica))));

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        result.Failure.Detail.ShouldContain("內政部憑證管理中心");
    }

    [Fact]
    public async Task Without_the_roots_CRL_the_issuing_CAs_status_is_unknown_and_the_card_refused()
    {
        var result = await Validate("citizen-moica2-rsa", CertificateKind.Citizen, taiwan.Validator(crls: IssuingCaCrlAnd()));

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.RevocationUnknown);
        result.Failure.Detail.ShouldContain("內政部憑證管理中心");
    }

    [Fact]
    public async Task A_warm_validation_sees_a_newer_root_CRL_that_revokes_the_issuing_CA()
    {
        var crls = IssuingCaCrlAnd(RootCrl(taiwan.Now.AddDays(-2)));
        var validator = taiwan.Validator(crls: crls);
        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, validator)).IsValid.ShouldBeTrue();

        crls.Add(RootCrl(taiwan.Now.AddDays(-1), TaiwanTrust.Ca(taiwan.Pki, "moica-g2")));

        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, validator)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
    }

    [Fact]
    public async Task A_card_whose_key_usage_lacks_digitalSignature_is_refused()
    {
        (await Validate("citizen-wrong-key-usage", CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.KeyUsage);
    }

    [Fact]
    public async Task Without_any_CRL_or_OCSP_answer_the_card_is_refused_unless_soft_fail_is_chosen()
    {
        var closed = taiwan.Validator(crls: new CrlStore());
        var open = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.CrlOnly, SoftFail = true }, crls: new CrlStore());

        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, closed)).Failure!.Certificate.ShouldBe(CertificateFailureCode.RevocationUnknown);
        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, open)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_stale_CRL_of_the_issuer_is_refused()
    {
        var moica = TaiwanTrust.CaWithKey(taiwan.Pki, "moica-g2");
        var stale = CrlIndex.Load(moica.IssueCrl([], taiwan.Now.AddDays(-10), taiwan.Now.AddDays(-3)), TaiwanTrust.Ca(taiwan.Pki, "moica-g2")).Index!;
        var crls = new CrlStore();
        crls.Add(stale);

        (await Validate("citizen-moica2-rsa", CertificateKind.Citizen, taiwan.Validator(crls: crls))).Failure!.Certificate.ShouldBe(CertificateFailureCode.CrlStale);
    }

    [Fact]
    public void A_CRL_of_the_other_MOICA_generation_does_not_verify_against_this_one()
    {
        var g3Crl = File.ReadAllBytes(taiwan.Pki.Crls.Single(c => c.Name == "moica-g3").Path);

        CrlIndex.Load(g3Crl, TaiwanTrust.Ca(taiwan.Pki, "moica-g2")).Failure!.Code.ShouldBe(CertificateFailureCode.CrlBadSignature);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_certificate_are_malformed()
    {
        var der = taiwan.Der("citizen-moica2-rsa");

        (await taiwan.Validator().ValidateAsync(der[..^10], CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
    }

    [Fact]
    public async Task A_tampered_certificate_fails_its_issuers_signature()
    {
        var der = taiwan.Der("citizen-moica2-rsa");
        // Flip one bit of the subject public key: still well formed, no longer what MOICA signed.
        var tampered = (byte[])der.Clone();
        var spki = PkixCertificate.FromPemOrDer(der).SubjectPublicKeyInfo;
        var offset = der.AsSpan().IndexOf(spki.Span) + spki.Length - 20;
        tampered[offset] ^= 0x01;

        var cold = await taiwan.Validator().ValidateAsync(tampered, CertificateKind.Citizen);
        var warmValidator = taiwan.Validator();
        (await warmValidator.ValidateAsync(der, CertificateKind.Citizen)).IsValid.ShouldBeTrue();
        var warm = await warmValidator.ValidateAsync(tampered, CertificateKind.Citizen);

        cold.Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
        warm.Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Fact]
    public async Task A_warm_validation_still_checks_the_leafs_own_validity()
    {
        var validator = taiwan.Validator();
        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).IsValid.ShouldBeTrue();

        (await validator.ValidateAsync(taiwan.Der("citizen-expired"), CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Expired);
    }

    [Fact]
    public async Task A_card_under_an_extra_CA_below_MOICA_breaks_MOICAs_path_length()
    {
        var moica = TaiwanTrust.CaWithKey(taiwan.Pki, "moica-g2");
        // Named as MOICA's test CA, so that the card reads as a citizen card and only the path refuses it (under MOICA's own
        // name the sub-CA would be self-issued, which RFC 5280 does not count against the path length).
        var subCa = TestCertificates.Issue(new() { CommonName = "", GpkiCaName = "(測試用) 內政部憑證管理中心", IsCa = true, Issuer = moica, UseRsa = true });
        var leaf = TestCertificates.Issue(new()
        {
            CommonName = "王小明", Issuer = subCa, KeyUsage = X509KeyUsageFlags.DigitalSignature,
            DirectoryAttributes = TestCertificateSpec.CitizenCard("6789"),
        });
        var trust = taiwan.Trust with
        {
            Kinds = new Dictionary<CertificateKind, KindTrust>
            {
                [CertificateKind.Citizen] = new([TaiwanTrust.Ca(taiwan.Pki, "grca-g2")], [TaiwanTrust.Ca(taiwan.Pki, "moica-g2"), subCa.Parsed]),
            },
        };

        var result = await taiwan.Validator(trust: trust).ValidateAsync(leaf.Der, CertificateKind.Citizen);

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.PathLength);
    }
}
