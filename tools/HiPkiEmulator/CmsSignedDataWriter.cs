using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Domain.Certificates.Cards;
using Pkix.Cms;

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
            writer.WriteObjectIdentifier(CmsOids.SignedDataOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                    WriteAlgorithm(writer, CmsOids.Sha256Oid);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.DataOid);
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
                    WriteAlgorithm(writer, CmsOids.Sha256Oid);
                    // The signed attributes go in as [0] IMPLICIT: the same content as the SET that was signed.
                    var set = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf();
                    using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        while (set.HasData)
                            writer.WriteEncodedValue(set.ReadEncodedValue().Span);
                    }
                    WriteAlgorithm(writer, CmsOids.RsaEncryptionOid);
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
            Attribute(writer, CmsOids.ContentTypeOid, w => w.WriteObjectIdentifier(CmsOids.DataOid));
            Attribute(writer, CmsOids.SigningTimeOid, w => w.WriteUtcTime(signingTime));
            Attribute(writer, CmsOids.MessageDigestOid, w => w.WriteOctetString(SHA256.HashData(content)));
            if (!string.IsNullOrEmpty(nonce))
                Attribute(writer, CmsOids.RandomNonceOid, w => w.WriteOctetString(Encoding.UTF8.GetBytes(nonce)));
            if (!string.IsNullOrEmpty(cardNumber))
                Attribute(writer, HiPkiToken.CardNumberOid, w => w.WriteCharacterString(UniversalTagNumber.PrintableString, cardNumber));
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
