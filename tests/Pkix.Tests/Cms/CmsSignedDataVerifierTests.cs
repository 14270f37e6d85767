using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Pkix.Cms;

namespace Pkix.Tests.Cms;

/// <summary>
/// Attached SignedData over a challenge as the server checks it before the certificate path: messages made with
/// the BCL's SignedCms (an implementation independent of ours) in HiPKI Local Server's shape, then bent one way at a time.
/// </summary>
public sealed class CmsSignedDataVerifierTests
{
    private const string Challenge = "c-2Vq8mPz0Yt3xLrQk9Jw7_0123456789abcdefghij";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static X509Certificate2 Leaf(string name = "citizen-moica2-rsa")
    {
        var leaf = TestPki.TestPkiCache.Get().Leaf(name);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.CertificateDer());
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(leaf.KeyPath));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A message like HiPKI's: attached id-data, SHA-256, contentType/signingTime/messageDigest, leaf only.</summary>
    private static string Message(
        string content = Challenge, string digest = "2.16.840.1.101.3.4.2.1", bool detached = false, DateTimeOffset? signingTime = null,
        string? nonce = null, string? cardNumber = null, X509Certificate2? signer = null, bool secondSigner = false,
        X509IncludeOption include = X509IncludeOption.EndCertOnly, SubjectIdentifierType identifier = SubjectIdentifierType.IssuerAndSerialNumber)
    {
        using var certificate = signer ?? Leaf();
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(content)), detached);
        var cmsSigner = new CmsSigner(identifier, certificate) { DigestAlgorithm = new Oid(digest), IncludeOption = include };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime((signingTime ?? Now).UtcDateTime));
        if (nonce is not null)
            cmsSigner.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.25.3", Encode(w => w.WriteOctetString(Encoding.UTF8.GetBytes(nonce)))));
        if (cardNumber is not null)
            cmsSigner.SignedAttributes.Add(new AsnEncodedData("2.16.886.1.100.2.204", Encode(w => w.WriteCharacterString(UniversalTagNumber.PrintableString, cardNumber))));
        cms.ComputeSignature(cmsSigner);
        if (secondSigner)
        {
            using var other = Leaf("org-gca-rsa");
            cms.ComputeSignature(new CmsSigner(other) { DigestAlgorithm = new Oid(digest) });
        }
        return Convert.ToBase64String(cms.Encode());
    }

    private static byte[] Encode(Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return writer.Encode();
    }

    private static CmsFailureCode? Refusal(string message, string challenge = Challenge, string? nonce = null) =>
        CmsSignedDataVerifier.VerifyAttached(message, Encoding.UTF8.GetBytes(challenge), nonce, Now, Window).Failure?.Code;

    [Fact]
    public void HiPKI_shaped_message_over_the_challenge_verifies_and_names_its_signer_and_signed_attributes()
    {
        using var leaf = Leaf();

        var (signed, failure) = CmsSignedDataVerifier.VerifyAttached(Message(nonce: "n-1", cardNumber: "TP03000000000001"), Encoding.UTF8.GetBytes(Challenge), "n-1", Now, Window);

        failure.ShouldBeNull();
        signed!.SignerCertificate.ShouldBe(leaf.RawData);
        signed.TextAttribute("2.16.886.1.100.2.204").ShouldBe("TP03000000000001");
        signed.SigningTime.ShouldBe(Now);
    }

    [Fact]
    public void Content_other_than_the_issued_challenge_is_refused()
    {
        Refusal(Message(), challenge: Challenge + "x").ShouldBe(CmsFailureCode.ContentMismatch);
    }

    [Fact]
    public void Detached_content_is_refused()
    {
        Refusal(Message(detached: true)).ShouldBe(CmsFailureCode.Detached);
    }

    [Fact]
    public void SHA_1_is_refused()
    {
        Refusal(Message(digest: "1.3.14.3.2.26")).ShouldBe(CmsFailureCode.DigestAlgorithm);
    }

    [Fact]
    public void Two_signers_are_refused()
    {
        Refusal(Message(secondSigner: true)).ShouldBe(CmsFailureCode.SignerCount);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Signing_time_more_than_the_window_away_is_refused(int minutes)
    {
        Refusal(Message(signingTime: Now.AddMinutes(minutes))).ShouldBe(CmsFailureCode.SigningTimeOutsideWindow);
    }

    [Fact]
    public void A_nonce_that_was_sent_must_come_back_signed()
    {
        Refusal(Message(), nonce: "n-1").ShouldBe(CmsFailureCode.NonceMismatch);
        Refusal(Message(nonce: "n-2"), nonce: "n-1").ShouldBe(CmsFailureCode.NonceMismatch);
    }

    [Fact]
    public void Signer_found_by_subject_key_identifier_among_extra_certificates_verifies()
    {
        Refusal(Message(include: X509IncludeOption.WholeChain, identifier: SubjectIdentifierType.SubjectKeyIdentifier)).ShouldBeNull();
    }

    [Fact]
    public void Message_without_the_signers_certificate_is_refused()
    {
        Refusal(Message(include: X509IncludeOption.None)).ShouldBe(CmsFailureCode.SignerCertificateMissing);
    }

    [Fact]
    public void Another_certificate_in_place_of_the_signers_is_refused()
    {
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(Message()));
        using var other = Leaf("citizen-moica3-rsa");
        cms.RemoveCertificate(cms.Certificates[0]);
        cms.AddCertificate(other);

        Refusal(Convert.ToBase64String(cms.Encode())).ShouldBe(CmsFailureCode.SignerCertificateMissing);
    }

    [Fact]
    public void A_changed_signature_byte_is_refused()
    {
        var message = Convert.FromBase64String(Message());
        message[^5] ^= 0x01;

        Refusal(Convert.ToBase64String(message)).ShouldBe(CmsFailureCode.SignatureInvalid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MIIB")]
    public void Garbage_is_malformed_not_an_exception(string message)
    {
        Refusal(message).ShouldBe(CmsFailureCode.Malformed);
    }

    [Fact]
    public void PKCS1_fallback_verifies_over_the_challenge_and_refuses_another()
    {
        using var leaf = Leaf();
        using var key = leaf.GetRSAPrivateKey()!;
        var signature = key.SignData(Encoding.UTF8.GetBytes(Challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        CmsSignedDataVerifier.VerifyRsaPkcs1(leaf.RawData, Encoding.UTF8.GetBytes(Challenge), signature).ShouldBeNull();
        CmsSignedDataVerifier.VerifyRsaPkcs1(leaf.RawData, Encoding.UTF8.GetBytes(Challenge + "x"), signature)!.Code.ShouldBe(CmsFailureCode.SignatureInvalid);
    }
}
