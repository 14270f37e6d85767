using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Validation;

namespace Domain.Tests.Certificates.Cards;

/// <summary>
/// HiPKI's answer as a card step verifies it: the CMS checks, then the signer's certificate through the same
/// validator as our agent's tokens — our configured anchors only, revocation, test CAs, kind. Messages are made
/// with SignedCms in HiPKI's shape (attached, leaf only, SHA-256, signed attributes).
/// </summary>
public class HiPkiTokenVerifierTests(TaiwanPki taiwan) : IClassFixture<TaiwanPki>
{
    private const string Challenge = "Hq3vB8nZkL0pXw2yT6rU9sD4fG7hJ1aCeVbNmQoIuYt";
    private const string Origin = TaiwanPki.Origin;

    private HiPkiTokenVerifier Verifier() => new(taiwan.Validator(), taiwan.Clock);

    private Task<HiPkiTokenResult> Verify(string token, CertificateKind kind = CertificateKind.Citizen, bool allowPkcs1 = false, string? requestOrigin = Origin) =>
        Verifier().VerifyAsync(token, Origin, requestOrigin, Challenge, kind, allowPkcs1);

    private X509Certificate2 Leaf(string name)
    {
        var leaf = taiwan.Pki.Leaf(name);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.CertificateDer());
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(leaf.KeyPath));
        return certificate.CopyWithPrivateKey(key);
    }

    private string Pkcs7(string leaf = "citizen-moica2-rsa", string content = Challenge, string? cardNumber = null, X509Certificate2? signer = null, X509Certificate2Collection? extra = null)
    {
        using var certificate = signer ?? Leaf(leaf);
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(content)));
        var cmsSigner = new CmsSigner(certificate) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(taiwan.Now.UtcDateTime));
        if (cardNumber is not null)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteCharacterString(UniversalTagNumber.PrintableString, cardNumber);
            cmsSigner.SignedAttributes.Add(new AsnEncodedData(HiPkiToken.CardNumberOid, writer.Encode()));
        }
        if (extra is not null)
            cmsSigner.Certificates.AddRange(extra);
        cms.ComputeSignature(cmsSigner);
        return Json("PKCS7", Convert.ToBase64String(cms.Encode()), cardNumber: "TP99999999999999");
    }

    private static string Json(string type, string signature, string? certificate = null, string? cardNumber = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["format"] = HiPkiToken.Format, ["signatureType"] = type, ["signature"] = signature, ["certificate"] = certificate, ["cardNumber"] = cardNumber });

    [Fact]
    public async Task A_citizen_cards_PKCS7_over_the_challenge_verifies_with_the_signed_card_number_not_the_posted_one()
    {
        var result = await Verify(Pkcs7(cardNumber: "TP03000000000001"));

        result.Failure.ShouldBeNull();
        result.Certificate!.Facts.SerialNumber.ShouldBe(taiwan.Pki.Leaf("citizen-moica2-rsa").SerialNumber);
        result.CardNumber.ShouldBe("TP03000000000001");
    }

    [Fact]
    public async Task An_organisation_cards_signature_for_a_citizen_step_is_the_wrong_kind()
    {
        (await Verify(Pkcs7("org-gca-rsa"))).Failure!.Check.ShouldBe(CardCheck.WrongKind);
        (await Verify(Pkcs7("org-gca-rsa"), CertificateKind.Organisation)).Failure.ShouldBeNull();
    }

    [Theory]
    [InlineData("citizen-revoked", CertificateFailureCode.Revoked)]
    [InlineData("citizen-expired", CertificateFailureCode.Expired)]
    public async Task Revoked_and_expired_signers_are_refused_as_for_our_own_tokens(string leaf, CertificateFailureCode expected)
    {
        (await Verify(Pkcs7(leaf))).Failure!.Certificate.ShouldBe(expected);
    }

    [Fact]
    public async Task A_test_CA_signer_is_refused()
    {
        (await Verify(Pkcs7("citizen-test-ca"))).Failure!.Check.ShouldBe(CardCheck.TestCertificate);
    }

    [Fact]
    public async Task CA_certificates_the_message_carries_do_not_make_a_rogue_signer_trusted()
    {
        // The rogue CA and root ride along in the message, as a forger would send them.
        var chain = new X509Certificate2Collection
        {
            X509CertificateLoader.LoadCertificate(taiwan.Pki.Ca("rogue-moica").CertificateDer()),
            X509CertificateLoader.LoadCertificate(taiwan.Pki.Ca("rogue-root").CertificateDer()),
        };

        (await Verify(Pkcs7("citizen-wrong-issuer", extra: chain))).Failure!.Certificate.ShouldBe(CertificateFailureCode.UntrustedIssuer);
    }

    [Fact]
    public async Task A_self_signed_signer_is_refused_however_good_its_signature()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=王小明,C=TW", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var selfSigned = request.CreateSelfSigned(taiwan.Now.AddDays(-1), taiwan.Now.AddDays(30));

        // Refused before any path is tried: nothing in it says citizen card (ANILA's old verifier let such a one sign in).
        var result = await Verify(Pkcs7(signer: selfSigned));

        result.Certificate.ShouldBeNull();
        result.Failure!.Check.ShouldBe(CardCheck.WrongKind);
    }

    [Fact]
    public async Task A_signature_over_another_challenge_is_refused()
    {
        (await Verify(Pkcs7(content: Challenge + "x"))).Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Fact]
    public async Task A_post_from_another_origin_is_refused_before_anything_is_read()
    {
        (await Verify(Pkcs7(), requestOrigin: "https://phish.example")).Failure!.Check.ShouldBe(CardCheck.OriginMismatch);
    }

    [Fact]
    public async Task PKCS1_is_refused_unless_the_deployment_allows_it_and_then_still_needs_a_trusted_certificate()
    {
        using var leaf = Leaf("citizen-moica2-rsa");
        using var key = leaf.GetRSAPrivateKey()!;
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(Challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var token = Json("PKCS1", signature, Convert.ToBase64String(leaf.RawData));

        (await Verify(token)).Failure!.Certificate.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
        (await Verify(token, allowPkcs1: true)).Failure.ShouldBeNull();
        (await Verify(Json("PKCS1", signature, Convert.ToBase64String(taiwan.Der("org-gca-rsa"))), allowPkcs1: true)).Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"format\":\"hipki/1\",\"signatureType\":\"RAW\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"format\":\"hipki/1\",\"signatureType\":\"PKCS7\",\"signature\":\"not base64\"}")]
    [InlineData("[1,2]")]
    public async Task Garbage_is_malformed_not_an_exception(string token)
    {
        (await Verify(token)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
    }
}
