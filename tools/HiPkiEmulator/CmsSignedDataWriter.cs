using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HiPkiEmulator;

/// <summary>
/// The PKCS7 answer of /sign in the shape the one real HiPKI-family blob has (README.md): CMS SignedData
/// (RFC 5652) version 1, SHA-256, the signed bytes attached as id-data eContent, only the signer's
/// certificate, one SignerInfo by issuer and serial number whose signed attributes are contentType,
/// signingTime and messageDigest (plus nonce and card number when asked), signature algorithm
/// rsaEncryption — an RSASSA-PKCS1-v1_5 signature over the DER SET of the signed attributes, made by the card.
/// </summary>
public static class CmsSignedDataWriter
{
    public const string SignedDataOid = "1.2.840.113549.1.7.2";
    public const string DataOid = "1.2.840.113549.1.7.1";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string ContentTypeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";
    public const string RandomNonceOid = "1.2.840.113549.1.9.25.3";
    public const string CardNumberOid = "2.16.886.1.100.2.204";

    /// <summary>The DER SET OF the signed attributes: what the card signs (with SHA-256 and PKCS#1 v1.5).</summary>
    public static byte[] SignedAttributes(byte[] content, DateTimeOffset signingTime, string? nonce, string? cardNumber)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteSignedAttributes(writer, content, signingTime, nonce, cardNumber);
        return writer.Encode();
    }

    /// <summary>The whole ContentInfo, given the signed attributes and the card's signature over them.</summary>
    public static byte[] Write(byte[] content, X509Certificate2 signer, byte[] signedAttributes, byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                    WriteAlgorithm(writer, Sha256Oid);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DataOid);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                        writer.WriteOctetString(content);
                }
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    writer.WriteEncodedValue(signer.RawData);
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(signer.IssuerName.RawData);
                        writer.WriteIntegerUnsigned(signer.SerialNumberBytes.Span);
                    }
                    WriteAlgorithm(writer, Sha256Oid);
                    // The signed attributes go in as [0] IMPLICIT: the same content as the SET that was signed.
                    var set = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf();
                    using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        while (set.HasData)
                            writer.WriteEncodedValue(set.ReadEncodedValue().Span);
                    }
                    WriteAlgorithm(writer, RsaEncryptionOid);
                    writer.WriteOctetString(signature);
                }
            }
        }
        return writer.Encode();
    }

    private static void WriteSignedAttributes(AsnWriter writer, byte[] content, DateTimeOffset signingTime, string? nonce, string? cardNumber)
    {
        using (writer.PushSetOf())
        {
            Attribute(writer, ContentTypeOid, w => w.WriteObjectIdentifier(DataOid));
            Attribute(writer, SigningTimeOid, w => w.WriteUtcTime(signingTime));
            Attribute(writer, MessageDigestOid, w => w.WriteOctetString(SHA256.HashData(content)));
            if (!string.IsNullOrEmpty(nonce))
                Attribute(writer, RandomNonceOid, w => w.WriteOctetString(Encoding.UTF8.GetBytes(nonce)));
            if (!string.IsNullOrEmpty(cardNumber))
                Attribute(writer, CardNumberOid, w => w.WriteCharacterString(UniversalTagNumber.PrintableString, cardNumber));
        }
    }

    private static void Attribute(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSetOf())
                value(writer);
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }
    }
}
