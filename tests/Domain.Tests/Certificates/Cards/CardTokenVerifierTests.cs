using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;
using Domain.Certificates.Cards;
using LimboHarness.Cases;
using Pkix.Validation;

namespace Domain.Tests.Certificates.Cards;

public class CardTokenVerifierTests(TaiwanPki taiwan) : IClassFixture<TaiwanPki>
{
    private const string Challenge = "q8Jx3c0Vb7m2Tt1yZ4oHkP9wLrN5sQeAaUdGfXiCjEo";
    private const string Origin = TaiwanPki.Origin;

    private readonly CardTokenVerifier _verifier = new(taiwan.Validator());

    private Task<CardTokenResult> Verify(string token, CertificateKind kind = CertificateKind.Citizen, string challenge = Challenge, string origin = Origin, string? requestOrigin = Origin) =>
        _verifier.VerifyAsync(token, origin, requestOrigin, challenge, kind);

    [Theory]
    [InlineData("citizen-moica2-rsa", "RS256", CertificateKind.Citizen)]
    [InlineData("citizen-moica2-rsa", "PS256", CertificateKind.Citizen)]
    [InlineData("citizen-moica2-ec", "ES256", CertificateKind.Citizen)]
    [InlineData("org-gca-rsa", "RS256", CertificateKind.Organisation)]
    [InlineData("org-gca-ec", "ES256", CertificateKind.Organisation)]
    public async Task A_token_signed_by_the_card_over_this_origin_and_challenge_verifies(string leaf, string algorithm, CertificateKind kind)
    {
        var result = await Verify(taiwan.Token(leaf, Challenge, algorithm), kind);

        result.Failure.ShouldBeNull();
        result.Certificate!.Facts.SerialNumber.ShouldBe(taiwan.Pki.Leaf(leaf).SerialNumber);
    }

    [Fact]
    public async Task An_ES384_token_from_a_P384_card_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var leaf = P384Citizen(key);

        var result = await Verify(TaiwanPki.SignToken(leaf.Der, key, Challenge, "ES384"));

        result.Failure.ShouldBeNull();
    }

    [Fact]
    public async Task An_RS256_token_of_our_format_is_refused_where_PS256_is_required_and_a_PS256_one_is_not()
    {
        var rs256 = taiwan.Token("citizen-moica2-rsa", Challenge, "RS256");
        var ps256 = taiwan.Token("citizen-moica2-rsa", Challenge, "PS256");

        (await _verifier.VerifyAsync(rs256, Origin, Origin, Challenge, CertificateKind.Citizen, requirePss: true)).Failure!.Check.ShouldBe(CardCheck.PssRequired);
        (await _verifier.VerifyAsync(ps256, Origin, Origin, Challenge, CertificateKind.Citizen, requirePss: true)).Failure.ShouldBeNull();
        (await _verifier.VerifyAsync(rs256, Origin, Origin, Challenge, CertificateKind.Citizen)).Failure.ShouldBeNull();
    }

    [Fact]
    public async Task A_token_signed_for_another_challenge_does_not_verify()
    {
        var result = await Verify(taiwan.Token("citizen-moica2-rsa", "another-challenge"));

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Fact]
    public async Task A_token_signed_for_another_origin_does_not_verify()
    {
        var token = taiwan.Token("citizen-moica2-ec", Challenge, origin: "https://evil.example");

        (await Verify(token)).Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Fact]
    public async Task A_request_from_another_origin_is_refused_before_anything_else()
    {
        var result = await Verify(taiwan.Token("citizen-moica2-rsa", Challenge), requestOrigin: "http://localhost:5081");

        result.Failure!.Check.ShouldBe(CardCheck.OriginMismatch);
        result.Failure.Message.ShouldContain("來源不符");
    }

    [Fact]
    public async Task An_unknown_algorithm_is_refused()
    {
        var token = taiwan.Token("citizen-moica2-rsa", Challenge, "RS256").Replace("\"RS256\"", "\"HS256\"", StringComparison.Ordinal);

        (await Verify(token)).Failure!.Certificate.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Theory]
    [InlineData("citizen-moica2-rsa", "ES256")]
    [InlineData("citizen-moica2-ec", "RS256")]
    [InlineData("citizen-moica2-ec", "ES384")]
    public async Task An_algorithm_that_does_not_fit_the_key_is_refused(string leaf, string claimed)
    {
        var token = taiwan.Token(leaf, Challenge);
        var original = leaf.EndsWith("-ec", StringComparison.Ordinal) ? "ES256" : "RS256";

        var result = await Verify(token.Replace($"\"{original}\"", $"\"{claimed}\"", StringComparison.Ordinal));

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Fact]
    public async Task An_ECDSA_signature_in_DER_instead_of_r_s_is_refused()
    {
        var entry = taiwan.Pki.Leaf("citizen-moica2-ec");
        using var key = (ECDsa)TaiwanTrust.LeafKey(entry);
        var der = key.SignData(CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, Challenge), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var result = await Verify(TaiwanPki.TokenJson(entry.CertificateDer(), der, "ES256"));

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"evs-auth/2\",\"certificate\":\"AA==\",\"signature\":\"AA==\",\"algorithm\":\"RS256\"}")]
    [InlineData("{\"format\":\"evs-auth/1\",\"certificate\":\"%%%\",\"signature\":\"AA==\",\"algorithm\":\"RS256\"}")]
    [InlineData("{\"format\":\"evs-auth/1\",\"certificate\":\"AA==\",\"signature\":\"AA==\"}")]
    public async Task A_malformed_token_is_refused_as_malformed(string token)
    {
        (await Verify(token)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
    }

    [Fact]
    public async Task A_token_with_bad_base64_in_the_signature_is_malformed()
    {
        var token = taiwan.Token("citizen-moica2-rsa", Challenge);
        var signatureStart = token.IndexOf("\"signature\":\"", StringComparison.Ordinal) + 13;

        (await Verify(token.Insert(signatureStart, "*"))).Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
    }

    [Fact]
    public async Task An_oversized_token_is_refused_unread()
    {
        var token = "{\"format\":\"evs-auth/1\",\"certificate\":\"" + new string('A', CardToken.MaxBytes) + "\",\"signature\":\"AA==\",\"algorithm\":\"RS256\"}";

        var result = await Verify(token);

        result.Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
        result.Failure.Detail.ShouldContain("larger than");
    }

    [Fact]
    public async Task A_token_whose_certificate_is_truncated_is_malformed()
    {
        var entry = taiwan.Pki.Leaf("citizen-moica2-rsa");

        (await Verify(TaiwanPki.TokenJson(entry.CertificateDer()[..200], new byte[256], "RS256"))).Failure!.Certificate.ShouldBe(CertificateFailureCode.Malformed);
    }

    [Fact]
    public async Task A_good_signature_from_a_card_of_the_wrong_kind_is_refused_for_its_kind()
    {
        (await Verify(taiwan.Token("org-gca-rsa", Challenge), CertificateKind.Citizen)).Failure!.Check.ShouldBe(CardCheck.WrongKind);
    }

    [Theory]
    [InlineData("citizen-revoked", "REVOKED")]
    [InlineData("citizen-expired", "EXPIRED")]
    [InlineData("citizen-test-ca", "TEST_CERTIFICATE")]
    [InlineData("citizen-wrong-issuer", "UNTRUSTED_ISSUER")]
    [InlineData("citizen-wrong-key-usage", "KEY_USAGE")]
    public async Task A_good_signature_does_not_save_a_bad_certificate(string leaf, string expected)
    {
        (await Verify(taiwan.Token(leaf, Challenge))).Failure!.Code.ShouldBe(expected);
    }

    [Fact]
    public async Task A_short_RSA_card_key_is_refused_for_tokens()
    {
        using var key = RSA.Create(1024);
        var leaf = TestCertificates.Issue(new()
        {
            CommonName = "王小明", Issuer = TaiwanTrust.CaWithKey(taiwan.Pki, "moica-g2"), UseRsa = true,
            KeyUsage = X509KeyUsageFlags.DigitalSignature, DirectoryAttributes = TestCertificateSpec.CitizenCard("6789"),
        });
        var shortLeaf = new TestCertificate(
            new CertificateRequest("CN=王小明", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(taiwan.Now.AddDays(-1), taiwan.Now.AddDays(1)), key);

        (await Verify(TaiwanPki.SignToken(shortLeaf.Der, key, Challenge))).Failure!.Certificate.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
        (await Verify(TaiwanPki.SignToken(leaf.Der, leaf.Key, Challenge))).IsValid.ShouldBeTrue();
    }

    private TestCertificate P384Citizen(ECDsa key) => TestCertificates.Issue(new()
    {
        CommonName = "陳美玲", Issuer = TaiwanTrust.CaWithKey(taiwan.Pki, "moica-g2"), Key = key,
        KeyUsage = X509KeyUsageFlags.DigitalSignature, DirectoryAttributes = TestCertificateSpec.CitizenCard("2340"),
        NotBefore = taiwan.Now.AddDays(-30), NotAfter = taiwan.Now.AddDays(300),
    });
}
