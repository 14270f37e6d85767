using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Security;

namespace TestPki;

/// <summary>One revoked serial: when, and why (an RFC 5280 CRLReason, or none).</summary>
internal readonly record struct RevokedSerial(byte[] Serial, DateTimeOffset RevokedAt, int? Reason);

/// <summary>
/// Writes DER CRLs (RFC 5280 v2) straight with an ASN.1 writer, which keeps a 400,000-entry CRL to
/// a second or so; the issuing CA's key signs the TBS bytes.
/// </summary>
internal static class CrlWriter
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string AuthorityKeyIdentifier = "2.5.29.35";
    private const string CrlNumber = "2.5.29.20";
    private const string ReasonCode = "2.5.29.21";
    private const int TwoDigitYearMax = 2049;

    // An entry is at most 52 bytes: a 17-byte serial, a time and a reason code, with their headers.
    private const int MaxEntrySize = 52;

    /// <param name="expectedEntries">A size hint: AsnWriter grows its buffer linearly, which turns a large CRL quadratic.</param>
    public static byte[] Write(IssuingCa ca, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IEnumerable<RevokedSerial> entries, int expectedEntries = 0)
    {
        var tbs = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 2048 + expectedEntries * MaxEntrySize);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1); // v2
            WriteAlgorithm(tbs);
            tbs.WriteEncodedValue(ca.Certificate.CertificateStructure.Subject.GetEncoded(Asn1Encodable.Der));
            tbs.WriteUtcTime(thisUpdate, TwoDigitYearMax);
            tbs.WriteUtcTime(nextUpdate, TwoDigitYearMax);
            WriteEntries(tbs, entries);
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (tbs.PushSequence())
            {
                WriteExtension(tbs, AuthorityKeyIdentifier, w =>
                {
                    using (w.PushSequence())
                        w.WriteOctetString(ca.KeyId, new Asn1Tag(TagClass.ContextSpecific, 0));
                });
                WriteExtension(tbs, CrlNumber, w => w.WriteInteger(crlNumber));
            }
        }
        var tbsBytes = tbs.Encode();

        var signer = SignerUtilities.GetSigner("SHA256WITHRSA");
        signer.Init(true, ca.PrivateKey);
        signer.BlockUpdate(tbsBytes, 0, tbsBytes.Length);
        var signature = signer.GenerateSignature();

        var crl = new AsnWriter(AsnEncodingRules.DER, initialCapacity: tbsBytes.Length + signature.Length + 64);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(tbsBytes);
            WriteAlgorithm(crl);
            crl.WriteBitString(signature);
        }
        return crl.Encode();
    }

    private static void WriteEntries(AsnWriter writer, IEnumerable<RevokedSerial> entries)
    {
        using var list = entries.GetEnumerator();
        if (!list.MoveNext())
            return; // RFC 5280: no revoked certificates means no list at all, not an empty one.
        using (writer.PushSequence())
        {
            do
            {
                var entry = list.Current;
                using (writer.PushSequence())
                {
                    writer.WriteIntegerUnsigned(entry.Serial);
                    writer.WriteUtcTime(entry.RevokedAt, TwoDigitYearMax);
                    if (entry.Reason is { } reason)
                        writer.WriteEncodedValue(ReasonExtensions[reason]);
                }
            }
            while (list.MoveNext());
        }
    }

    // crlEntryExtensions holding only a reasonCode, encoded once per reason: a large CRL repeats them many times.
    private static readonly byte[][] ReasonExtensions = Enumerable.Range(0, 11).Select(reason =>
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            WriteExtension(writer, ReasonCode, w => w.WriteEnumeratedValue((CrlReason)reason));
        return writer.Encode();
    }).ToArray();

    private static void WriteAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Sha256WithRsa);
            writer.WriteNull();
        }
    }

    private static void WriteExtension(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        value(inner);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteOctetString(inner.Encode());
        }
    }
}

/// <summary>RFC 5280 CRLReason values the test PKI uses.</summary>
public enum CrlReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
}
