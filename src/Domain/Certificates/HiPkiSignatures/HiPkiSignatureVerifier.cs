using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Domain.Certificates.HiPkiSignatures;

/// <summary>The object identifiers of HiPKI's PKCS7 answer (RFC 5652, PKCS #9, and CHT's card-number attribute).</summary>
public static class HiPkiCmsOids
{
    public const string SignedDataOid = "1.2.840.113549.1.7.2";
    public const string DataOid = "1.2.840.113549.1.7.1";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string Sha256WithRsaOid = "1.2.840.113549.1.1.11";
    public const string ContentTypeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";
    public const string RandomNonceOid = "1.2.840.113549.1.9.25.3";
    public const string CardNumberOid = "2.16.886.1.100.2.204";
}

/// <summary>Why a HiPKI signature was refused; each code is one check.</summary>
public enum HiPkiSignatureFailureCode
{
    Malformed,
    Detached,
    ContentMismatch,
    SignerCount,
    DigestAlgorithm,
    SignatureAlgorithm,
    MissingAttribute,
    DuplicateAttribute,
    DigestMismatch,
    NonceMismatch,
    SigningTimeOutsideWindow,
    SignerCertificateMissing,
    KeyNotAccepted,
    SignatureInvalid,
}

/// <summary>A refusal with a detail for logs and tests (never shown to the user as is).</summary>
public sealed record HiPkiSignatureFailure(HiPkiSignatureFailureCode Code, string Detail);

/// <summary>
/// What a verified HiPKI signature says: the certificate whose key made it (still to be built to our own anchors,
/// checked for revocation and kind — it proves nothing before that), and the audit facts it carried. The card
/// number is HiPKI's claim, signed only when the page asked for it, and never identity.
/// </summary>
public sealed record HiPkiSignedChallenge(byte[] SignerCertificate, string? CardNumber, DateTimeOffset? SigningTime);

/// <summary>
/// Checks what HiPKI Local Server returns for our challenge, before any certificate path work (README of
/// tools/HiPkiEmulator and ../shared/research/hipki-local-server.md §7, §9). PKCS7: CMS SignedData with the
/// challenge attached as id-data content, exactly one signer, SHA-256 only, signed attributes required —
/// contentType id-data, messageDigest = SHA-256(content), signingTime within the window when present, the
/// nonce when one was sent — and an RSASSA-PKCS1-v1_5 signature (rsaEncryption or sha256WithRSAEncryption)
/// of at least 2048 bits over them, by the certificate in the message that the signer identifier names.
/// Other certificates in the message are ignored: the caller builds the path from its own configured CAs.
/// PKCS1 (a deployment's fallback): the raw signature over SHA-256 of the challenge, with the certificate HiPKI sent.
/// </summary>
public static class HiPkiSignatureVerifier
{
    /// <summary>Larger answers are refused before parsing (a signature with one certificate is a few kilobytes).</summary>
    public const int MaxBytes = 32 * 1024;

    private const int MinimumRsaBits = 2048;

    /// <param name="signatureBase64">HiPKI's <c>signature</c> for <c>signatureType: "PKCS7"</c>.</param>
    /// <param name="challenge">The challenge this server issued (the page sent it as <c>tbs</c> with <c>tbsEncoding: "NONE"</c>).</param>
    /// <param name="nonce">The nonce the page was told to send, or null when none was.</param>
    /// <param name="now">This server's clock.</param>
    /// <param name="signingTimeWindow">How far a signingTime attribute may be from <paramref name="now"/>, either way.</param>
    public static (HiPkiSignedChallenge? Signed, HiPkiSignatureFailure? Failure) VerifyPkcs7(
        string? signatureBase64, string challenge, string? nonce, DateTimeOffset now, TimeSpan signingTimeWindow)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var der = Base64(signatureBase64);
        if (der is null)
            return Fail(HiPkiSignatureFailureCode.Malformed, $"the signature is empty, not base64 or larger than {MaxBytes} bytes");
        try
        {
            return Verify(der, Encoding.UTF8.GetBytes(challenge), nonce, now, signingTimeWindow);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            return Fail(HiPkiSignatureFailureCode.Malformed, "the CMS structure cannot be read: " + e.Message);
        }
    }

    /// <summary>The PKCS1 fallback: RSASSA-PKCS1-v1_5 with SHA-256 over the UTF-8 challenge, by <paramref name="certificateBase64"/>'s key.</summary>
    public static (HiPkiSignedChallenge? Signed, HiPkiSignatureFailure? Failure) VerifyPkcs1(string? signatureBase64, string? certificateBase64, string challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var signature = Base64(signatureBase64);
        var certificate = Base64(certificateBase64);
        if (signature is null || certificate is null)
            return Fail(HiPkiSignatureFailureCode.Malformed, "the signature or certificate is empty, not base64 or too large");
        try
        {
            var failure = CheckRsaSignature(certificate, Encoding.UTF8.GetBytes(challenge), signature);
            return failure is null ? (new HiPkiSignedChallenge(certificate, null, null), null) : (null, failure);
        }
        catch (CryptographicException e)
        {
            return Fail(HiPkiSignatureFailureCode.Malformed, "the certificate cannot be read: " + e.Message);
        }
    }

    private static (HiPkiSignedChallenge?, HiPkiSignatureFailure?) Verify(byte[] der, byte[] expectedContent, string? nonce, DateTimeOffset now, TimeSpan window)
    {
        // BER on the outside (a DER message reads the same); the signature then pins down every byte that matters.
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != HiPkiCmsOids.SignedDataOid)
            return Fail(HiPkiSignatureFailureCode.Malformed, "the message is not CMS SignedData");
        var explicitContent = contentInfo.ReadSequence(Context(0));
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        var version = signedData.ReadInteger();
        if (version < 1 || version > 5)
            return Fail(HiPkiSignatureFailureCode.Malformed, $"SignedData version {version}");
        var digestAlgorithms = signedData.ReadSetOf();
        while (digestAlgorithms.HasData)
        {
            if (ReadAlgorithm(digestAlgorithms) != HiPkiCmsOids.Sha256Oid)
                return Fail(HiPkiSignatureFailureCode.DigestAlgorithm, "a digest algorithm other than SHA-256 is listed");
        }

        var encapsulated = signedData.ReadSequence();
        if (encapsulated.ReadObjectIdentifier() != HiPkiCmsOids.DataOid)
            return Fail(HiPkiSignatureFailureCode.Malformed, "the signed content is not id-data");
        if (!encapsulated.HasData)
            return Fail(HiPkiSignatureFailureCode.Detached, "the content is detached; HiPKI's PKCS7 carries it");
        var eContent = encapsulated.ReadSequence(Context(0));
        var content = eContent.ReadOctetString();
        eContent.ThrowIfNotEmpty();
        encapsulated.ThrowIfNotEmpty();
        if (!content.AsSpan().SequenceEqual(expectedContent))
            return Fail(HiPkiSignatureFailureCode.ContentMismatch, "the signed content is not the challenge this server issued");

        var certificates = new List<byte[]>();
        if (signedData.PeekTag().HasSameClassAndValue(Context(0)))
        {
            var bag = signedData.ReadSetOf(Context(0));
            while (bag.HasData)
            {
                var choice = bag.ReadEncodedValue();
                // Only plain certificates (SEQUENCE); other CertificateChoices are not signer candidates.
                if (choice.Span[0] == 0x30)
                    certificates.Add(choice.ToArray());
            }
        }
        if (signedData.PeekTag().HasSameClassAndValue(Context(1)))
            signedData.ReadEncodedValue();

        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
            return Fail(HiPkiSignatureFailureCode.SignerCount, "more than one signer");
        return VerifySigner(signerInfo, content, certificates, nonce, now, window);
    }

    private static (HiPkiSignedChallenge?, HiPkiSignatureFailure?) VerifySigner(
        AsnReader signerInfo, byte[] content, List<byte[]> certificates, string? nonce, DateTimeOffset now, TimeSpan window)
    {
        signerInfo.ReadInteger();
        var signerId = signerInfo.ReadEncodedValue().ToArray();
        if (ReadAlgorithm(signerInfo) != HiPkiCmsOids.Sha256Oid)
            return Fail(HiPkiSignatureFailureCode.DigestAlgorithm, "the signer's digest algorithm is not SHA-256");
        if (!signerInfo.HasData || !signerInfo.PeekTag().HasSameClassAndValue(Context(0)))
            return Fail(HiPkiSignatureFailureCode.MissingAttribute, "the signer has no signed attributes");
        var attributesEncoded = signerInfo.ReadEncodedValue().ToArray();
        var signatureAlgorithm = ReadAlgorithm(signerInfo);
        if (signatureAlgorithm is not (HiPkiCmsOids.RsaEncryptionOid or HiPkiCmsOids.Sha256WithRsaOid))
            return Fail(HiPkiSignatureFailureCode.SignatureAlgorithm, $"signature algorithm {signatureAlgorithm} is not RSA PKCS#1 v1.5");
        var signature = signerInfo.ReadOctetString();
        if (signerInfo.HasData)
            signerInfo.ReadEncodedValue(); // unsigned attributes: not covered by the signature, ignored

        var attributes = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var attributeSet = new AsnReader(attributesEncoded, AsnEncodingRules.BER).ReadSetOf(Context(0));
        while (attributeSet.HasData)
        {
            var attribute = attributeSet.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            var value = values.ReadEncodedValue();
            if (values.HasData)
                return Fail(HiPkiSignatureFailureCode.DuplicateAttribute, $"attribute {type} has more than one value");
            attribute.ThrowIfNotEmpty();
            if (!attributes.TryAdd(type, value))
                return Fail(HiPkiSignatureFailureCode.DuplicateAttribute, $"attribute {type} appears twice");
        }

        if (!attributes.TryGetValue(HiPkiCmsOids.ContentTypeOid, out var contentType) || new AsnReader(contentType, AsnEncodingRules.BER).ReadObjectIdentifier() != HiPkiCmsOids.DataOid)
            return Fail(HiPkiSignatureFailureCode.MissingAttribute, "the contentType attribute is missing or not id-data");
        if (!attributes.TryGetValue(HiPkiCmsOids.MessageDigestOid, out var digest))
            return Fail(HiPkiSignatureFailureCode.MissingAttribute, "the messageDigest attribute is missing");
        if (!new AsnReader(digest, AsnEncodingRules.BER).ReadOctetString().AsSpan().SequenceEqual(SHA256.HashData(content)))
            return Fail(HiPkiSignatureFailureCode.DigestMismatch, "messageDigest is not SHA-256 of the content");
        DateTimeOffset? signingTime = null;
        if (attributes.TryGetValue(HiPkiCmsOids.SigningTimeOid, out var time))
        {
            var reader = new AsnReader(time, AsnEncodingRules.BER);
            signingTime = reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
            if ((signingTime.Value - now).Duration() > window)
                return Fail(HiPkiSignatureFailureCode.SigningTimeOutsideWindow, $"signingTime {signingTime:O} is more than {window} from {now:O}");
        }
        if (nonce is not null && (!attributes.TryGetValue(HiPkiCmsOids.RandomNonceOid, out var signedNonce) || Text(signedNonce) != nonce))
            return Fail(HiPkiSignatureFailureCode.NonceMismatch, "the nonce attribute is missing or not the one sent");
        var cardNumber = attributes.TryGetValue(HiPkiCmsOids.CardNumberOid, out var number) ? Text(number) : null;

        var signer = certificates.Where(c => Identifies(signerId, c)).ToList();
        if (signer.Count != 1)
            return Fail(HiPkiSignatureFailureCode.SignerCertificateMissing, $"{signer.Count} certificates in the message match the signer identifier");
        // The signature covers the DER SET OF the attributes: the [0] IMPLICIT field with its tag turned back into SET.
        var signedBytes = (byte[])attributesEncoded.Clone();
        signedBytes[0] = 0x31;
        var failure = CheckRsaSignature(signer[0], signedBytes, signature);
        return failure is null ? (new HiPkiSignedChallenge(signer[0], cardNumber, signingTime), null) : (null, failure);
    }

    private static HiPkiSignatureFailure? CheckRsaSignature(byte[] certificateDer, byte[] signed, byte[] signature)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null || rsa.KeySize < MinimumRsaBits)
            return new HiPkiSignatureFailure(HiPkiSignatureFailureCode.KeyNotAccepted, $"the signer's key is not RSA of {MinimumRsaBits} bits or more");
        if (signature.Length != (rsa.KeySize + 7) / 8)
            return new HiPkiSignatureFailure(HiPkiSignatureFailureCode.SignatureInvalid, "the signature does not have the key's length");
        return rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? null
            : new HiPkiSignatureFailure(HiPkiSignatureFailureCode.SignatureInvalid, "the signature does not verify with the signer's key");
    }

    /// <summary>Whether the SignerIdentifier names this certificate: issuer and serial number, or [0] subject key identifier.</summary>
    private static bool Identifies(byte[] signerId, byte[] certificateDer)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        var reader = new AsnReader(signerId, AsnEncodingRules.BER);
        var subjectKeyId = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (reader.PeekTag().HasSameClassAndValue(subjectKeyId))
        {
            var keyId = reader.ReadOctetString(subjectKeyId);
            return certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ski
                && ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(keyId);
        }
        var issuerAndSerial = reader.ReadSequence();
        var issuer = issuerAndSerial.ReadEncodedValue();
        var serial = issuerAndSerial.ReadInteger();
        return issuer.Span.SequenceEqual(certificate.IssuerName.RawData)
            && serial == new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
    }

    /// <summary>A string attribute value: OCTET STRING of UTF-8 or a character string (HiPKI's types are not documented).</summary>
    private static string? Text(ReadOnlyMemory<byte> value)
    {
        var reader = new AsnReader(value, AsnEncodingRules.BER);
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) || tag.HasSameClassAndValue(Asn1Tag.ConstructedOctetString))
            return Encoding.UTF8.GetString(reader.ReadOctetString());
        return tag.TagClass == TagClass.Universal && tag.TagValue is (int)UniversalTagNumber.PrintableString or (int)UniversalTagNumber.UTF8String or (int)UniversalTagNumber.IA5String
            ? reader.ReadCharacterString((UniversalTagNumber)tag.TagValue)
            : null;
    }

    private static string ReadAlgorithm(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
            algorithm.ReadNull();
        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static Asn1Tag Context(int number) => new(TagClass.ContextSpecific, number, isConstructed: true);

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxBytes * 4 / 3 + 4)
            return null;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static (HiPkiSignedChallenge?, HiPkiSignatureFailure?) Fail(HiPkiSignatureFailureCode code, string detail) => (null, new HiPkiSignatureFailure(code, detail));
}
