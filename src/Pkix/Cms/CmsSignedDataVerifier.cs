using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Pkix.Cms;

/// <summary>The object identifiers of an attached SignedData with signed attributes (RFC 5652, PKCS #9).</summary>
public static class CmsOids
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
}

/// <summary>Why a signature was refused; each code is one check.</summary>
public enum CmsFailureCode
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

/// <summary>A refusal with a detail for logs and tests (never shown to a user as is).</summary>
public sealed record CmsFailure(CmsFailureCode Code, string Detail);

/// <summary>
/// What a verified signature says: the certificate whose key made it — still to be built to the relying party's own
/// anchors, checked for revocation and purpose; it proves nothing before that — the signing time when signed, and
/// every signed attribute by type (DER value), for profile-specific attributes the caller reads itself.
/// </summary>
public sealed record CmsSignedContent(byte[] SignerCertificate, DateTimeOffset? SigningTime, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> SignedAttributes)
{
    /// <summary>A signed attribute's value as text (OCTET STRING of UTF-8 or a character string), or null.</summary>
    public string? TextAttribute(string oid) => SignedAttributes.TryGetValue(oid, out var value) ? CmsSignedDataVerifier.Text(value) : null;
}

/// <summary>
/// Checks a CMS SignedData (RFC 5652) that carries a challenge the caller issued, before any certificate path
/// work: the challenge attached as id-data content, exactly one signer, SHA-256 only, signed attributes required
/// — contentType id-data, messageDigest = SHA-256(content), signingTime within the window when present, the
/// PKCS #9 randomNonce when one was sent — and an RSASSA-PKCS1-v1_5 signature (rsaEncryption or
/// sha256WithRSAEncryption) of at least 2048 bits over them, by the certificate in the message that the signer
/// identifier names. Other certificates in the message are ignored: the caller builds the path from its own CAs.
/// Also the bare RSASSA-PKCS1-v1_5 check for signers that return no CMS wrapper.
/// </summary>
public static class CmsSignedDataVerifier
{
    /// <summary>Larger messages are refused before parsing (a signature with one certificate is a few kilobytes).</summary>
    public const int MaxBytes = 32 * 1024;

    private const int MinimumRsaBits = 2048;

    /// <param name="signatureBase64">The SignedData, base64 (DER or BER).</param>
    /// <param name="expectedContent">The content the signer was given (the challenge's bytes).</param>
    /// <param name="nonce">The nonce the signer was told to add, or null when none was.</param>
    /// <param name="now">The relying party's clock.</param>
    /// <param name="signingTimeWindow">How far a signingTime attribute may be from <paramref name="now"/>, either way.</param>
    public static (CmsSignedContent? Signed, CmsFailure? Failure) VerifyAttached(
        string? signatureBase64, ReadOnlySpan<byte> expectedContent, string? nonce, DateTimeOffset now, TimeSpan signingTimeWindow)
    {
        var der = Base64(signatureBase64);
        if (der is null)
            return Fail(CmsFailureCode.Malformed, $"the signature is empty, not base64 or larger than {MaxBytes} bytes");
        try
        {
            return Verify(der, expectedContent.ToArray(), nonce, now, signingTimeWindow);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            return Fail(CmsFailureCode.Malformed, "the CMS structure cannot be read: " + e.Message);
        }
    }

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 over <paramref name="data"/>, by <paramref name="certificateDer"/>'s RSA key of 2048 bits or more.</summary>
    public static CmsFailure? VerifyRsaPkcs1(byte[] certificateDer, byte[] data, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        try
        {
            return CheckRsaSignature(certificateDer, data, signature);
        }
        catch (CryptographicException e)
        {
            return new CmsFailure(CmsFailureCode.Malformed, "the certificate cannot be read: " + e.Message);
        }
    }

    private static (CmsSignedContent?, CmsFailure?) Verify(byte[] der, byte[] expectedContent, string? nonce, DateTimeOffset now, TimeSpan window)
    {
        // BER on the outside (a DER message reads the same); the signature then pins down every byte that matters.
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedDataOid)
            return Fail(CmsFailureCode.Malformed, "the message is not CMS SignedData");
        var explicitContent = contentInfo.ReadSequence(Context(0));
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        var version = signedData.ReadInteger();
        if (version < 1 || version > 5)
            return Fail(CmsFailureCode.Malformed, $"SignedData version {version}");
        var digestAlgorithms = signedData.ReadSetOf();
        while (digestAlgorithms.HasData)
        {
            if (ReadAlgorithm(digestAlgorithms) != CmsOids.Sha256Oid)
                return Fail(CmsFailureCode.DigestAlgorithm, "a digest algorithm other than SHA-256 is listed");
        }

        var encapsulated = signedData.ReadSequence();
        if (encapsulated.ReadObjectIdentifier() != CmsOids.DataOid)
            return Fail(CmsFailureCode.Malformed, "the signed content is not id-data");
        if (!encapsulated.HasData)
            return Fail(CmsFailureCode.Detached, "the content is detached; it must be carried");
        var eContent = encapsulated.ReadSequence(Context(0));
        var content = eContent.ReadOctetString();
        eContent.ThrowIfNotEmpty();
        encapsulated.ThrowIfNotEmpty();
        if (!content.AsSpan().SequenceEqual(expectedContent))
            return Fail(CmsFailureCode.ContentMismatch, "the signed content is not the challenge this server issued");

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
            return Fail(CmsFailureCode.SignerCount, "more than one signer");
        return VerifySigner(signerInfo, content, certificates, nonce, now, window);
    }

    private static (CmsSignedContent?, CmsFailure?) VerifySigner(
        AsnReader signerInfo, byte[] content, List<byte[]> certificates, string? nonce, DateTimeOffset now, TimeSpan window)
    {
        signerInfo.ReadInteger();
        var signerId = signerInfo.ReadEncodedValue().ToArray();
        if (ReadAlgorithm(signerInfo) != CmsOids.Sha256Oid)
            return Fail(CmsFailureCode.DigestAlgorithm, "the signer's digest algorithm is not SHA-256");
        if (!signerInfo.HasData || !signerInfo.PeekTag().HasSameClassAndValue(Context(0)))
            return Fail(CmsFailureCode.MissingAttribute, "the signer has no signed attributes");
        var attributesEncoded = signerInfo.ReadEncodedValue().ToArray();
        var signatureAlgorithm = ReadAlgorithm(signerInfo);
        if (signatureAlgorithm is not (CmsOids.RsaEncryptionOid or CmsOids.Sha256WithRsaOid))
            return Fail(CmsFailureCode.SignatureAlgorithm, $"signature algorithm {signatureAlgorithm} is not RSA PKCS#1 v1.5");
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
                return Fail(CmsFailureCode.DuplicateAttribute, $"attribute {type} has more than one value");
            attribute.ThrowIfNotEmpty();
            if (!attributes.TryAdd(type, value))
                return Fail(CmsFailureCode.DuplicateAttribute, $"attribute {type} appears twice");
        }

        if (!attributes.TryGetValue(CmsOids.ContentTypeOid, out var contentType) || new AsnReader(contentType, AsnEncodingRules.BER).ReadObjectIdentifier() != CmsOids.DataOid)
            return Fail(CmsFailureCode.MissingAttribute, "the contentType attribute is missing or not id-data");
        if (!attributes.TryGetValue(CmsOids.MessageDigestOid, out var digest))
            return Fail(CmsFailureCode.MissingAttribute, "the messageDigest attribute is missing");
        if (!new AsnReader(digest, AsnEncodingRules.BER).ReadOctetString().AsSpan().SequenceEqual(SHA256.HashData(content)))
            return Fail(CmsFailureCode.DigestMismatch, "messageDigest is not SHA-256 of the content");
        DateTimeOffset? signingTime = null;
        if (attributes.TryGetValue(CmsOids.SigningTimeOid, out var time))
        {
            var reader = new AsnReader(time, AsnEncodingRules.BER);
            signingTime = reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
            if ((signingTime.Value - now).Duration() > window)
                return Fail(CmsFailureCode.SigningTimeOutsideWindow, $"signingTime {signingTime:O} is more than {window} from {now:O}");
        }
        if (nonce is not null && (!attributes.TryGetValue(CmsOids.RandomNonceOid, out var signedNonce) || Text(signedNonce) != nonce))
            return Fail(CmsFailureCode.NonceMismatch, "the nonce attribute is missing or not the one sent");

        var signer = certificates.Where(c => Identifies(signerId, c)).ToList();
        if (signer.Count != 1)
            return Fail(CmsFailureCode.SignerCertificateMissing, $"{signer.Count} certificates in the message match the signer identifier");
        // The signature covers the DER SET OF the attributes: the [0] IMPLICIT field with its tag turned back into SET.
        var signedBytes = (byte[])attributesEncoded.Clone();
        signedBytes[0] = 0x31;
        var failure = CheckRsaSignature(signer[0], signedBytes, signature);
        return failure is null ? (new CmsSignedContent(signer[0], signingTime, attributes), null) : (null, failure);
    }

    private static CmsFailure? CheckRsaSignature(byte[] certificateDer, byte[] signed, byte[] signature)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null || rsa.KeySize < MinimumRsaBits)
            return new CmsFailure(CmsFailureCode.KeyNotAccepted, $"the signer's key is not RSA of {MinimumRsaBits} bits or more");
        if (signature.Length != (rsa.KeySize + 7) / 8)
            return new CmsFailure(CmsFailureCode.SignatureInvalid, "the signature does not have the key's length");
        return rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? null
            : new CmsFailure(CmsFailureCode.SignatureInvalid, "the signature does not verify with the signer's key");
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

    /// <summary>A string attribute value: OCTET STRING of UTF-8 or a character string (signers differ in which they use).</summary>
    internal static string? Text(ReadOnlyMemory<byte> value)
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

    private static (CmsSignedContent?, CmsFailure?) Fail(CmsFailureCode code, string detail) => (null, new CmsFailure(code, detail));
}
