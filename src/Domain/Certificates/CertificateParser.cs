using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Domain.Certificates;

/// <summary>
/// Reads the facts of an X.509 v3 certificate (DER, or PEM labelled CERTIFICATE) with a strict DER
/// reader. Bad input of any kind gives an error value, never an exception.
/// </summary>
public static partial class CertificateParser
{
    private const int TwoDigitYearMax = 2049; // RFC 5280 4.1.2.5.1: UTCTime years 50–99 are 19xx
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag IssuerUniqueIdTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag SubjectUniqueIdTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>The facts of one certificate given as DER or PEM (the first CERTIFICATE block), or why there are none.</summary>
    public static CertificateParseResult Parse(ReadOnlySpan<byte> derOrPem)
    {
        var start = derOrPem.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
            return CertificateParseResult.Failure(CertificateParseError.Empty, "no bytes");
        return derOrPem[start..].StartsWith("-----BEGIN "u8) ? ParsePem(derOrPem) : ParseDer(derOrPem.ToArray());
    }

    private static CertificateParseResult ParsePem(ReadOnlySpan<byte> pem)
    {
        var text = Encoding.UTF8.GetString(pem);
        if (!PemEncoding.TryFind(text, out var fields))
            return CertificateParseResult.Failure(CertificateParseError.Malformed, "PEM block without a valid end line or base64 body");
        var label = text[fields.Label];
        if (label is not ("CERTIFICATE" or "X509 CERTIFICATE"))
            return CertificateParseResult.Failure(CertificateParseError.NotACertificate, $"PEM block labelled {label}");
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64String(text[fields.Base64Data], der, out var written) || written == 0)
            return CertificateParseResult.Failure(CertificateParseError.Malformed, "PEM body does not decode");
        return ParseDer(written == der.Length ? der : der[..written]);
    }

    private static CertificateParseResult ParseDer(byte[] der)
    {
        if (der[0] != 0x30)
            return CertificateParseResult.Failure(CertificateParseError.NotACertificate, $"starts with 0x{der[0]:X2}, not a SEQUENCE");
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            outer.ReadEncodedValue();
            if (outer.HasData)
                return CertificateParseResult.Failure(CertificateParseError.Malformed, "bytes after the certificate");
        }
        catch (AsnContentException e)
        {
            return CertificateParseResult.Failure(CertificateParseError.Malformed, "outer DER: " + e.Message);
        }

        try
        {
            return ReadCertificate(der);
        }
        catch (ShapeException e)
        {
            return CertificateParseResult.Failure(CertificateParseError.NotACertificate, e.Message);
        }
        catch (ExtensionException e)
        {
            return CertificateParseResult.Failure(CertificateParseError.BadExtension, e.Message);
        }
        catch (AsnContentException e)
        {
            return CertificateParseResult.Failure(CertificateParseError.Malformed, e.Message);
        }
    }

    private static CertificateParseResult ReadCertificate(byte[] der)
    {
        var certificate = Expect(new AsnReader(der, AsnEncodingRules.DER), Asn1Tag.Sequence, "Certificate").ReadSequence();
        var tbs = Expect(certificate, Asn1Tag.Sequence, "TBSCertificate").ReadSequence();
        Expect(certificate, Asn1Tag.Sequence, "signatureAlgorithm").ReadSequence();
        Expect(certificate, Asn1Tag.PrimitiveBitString, "signatureValue").ReadBitString(out _);
        NoMore(certificate, "Certificate");

        // The version decides only after the shape proved this is a certificate: a CRL's TBS also opens without [0].
        var version = 0;
        if (tbs.HasData && tbs.PeekTag() == VersionTag)
        {
            var explicitVersion = tbs.ReadSequence(VersionTag);
            version = Expect(explicitVersion, Asn1Tag.Integer, "version").TryReadInt32(out var v) ? v : -1;
            NoMore(explicitVersion, "version");
        }
        var serial = Expect(tbs, Asn1Tag.Integer, "serialNumber").ReadIntegerBytes().ToArray();
        Expect(tbs, Asn1Tag.Sequence, "signature").ReadSequence();
        var issuer = DistinguishedName.Read(Expect(tbs, Asn1Tag.Sequence, "issuer"));
        var validity = Expect(tbs, Asn1Tag.Sequence, "validity").ReadSequence();
        var notBefore = ReadTime(validity, "notBefore");
        var notAfter = ReadTime(validity, "notAfter");
        NoMore(validity, "validity");
        var subject = DistinguishedName.Read(Expect(tbs, Asn1Tag.Sequence, "subject"));
        Expect(tbs, Asn1Tag.Sequence, "subjectPublicKeyInfo").ReadSequence();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(IssuerUniqueIdTag))
            tbs.ReadEncodedValue();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(SubjectUniqueIdTag))
            tbs.ReadEncodedValue();
        AsnReader? extensions = null;
        if (tbs.HasData && tbs.PeekTag() == ExtensionsTag)
        {
            var explicitExtensions = tbs.ReadSequence(ExtensionsTag);
            extensions = Expect(explicitExtensions, Asn1Tag.Sequence, "extensions").ReadSequence();
            NoMore(explicitExtensions, "extensions");
        }
        NoMore(tbs, "TBSCertificate");

        if (version != 2)
            return CertificateParseResult.Failure(CertificateParseError.UnsupportedVersion, $"version field {version} (v{version + 1})");

        var read = ReadExtensions(extensions);
        var issuerCa = GpkiIssuers.Of(MostSpecific(issuer, "2.5.4.6"), MostSpecific(issuer, "2.5.4.10"), MostSpecific(issuer, "2.5.4.11"));
        return CertificateParseResult.Success(new CertificateFacts(
            SerialNumber: SerialHex(serial),
            IssuerDn: issuer.Text,
            IssuerKeyId: read.AuthorityKeyId ?? "",
            SubjectDn: subject.Text,
            CommonName: MostSpecific(subject, "2.5.4.3"),
            OrganisationalUnit: MostSpecific(subject, "2.5.4.11"),
            Organisation: MostSpecific(subject, "2.5.4.10"),
            Country: MostSpecific(subject, "2.5.4.6"),
            NotBefore: notBefore,
            NotAfter: notAfter,
            KeyUsage: read.KeyUsage,
            Policies: read.Policies,
            AgencyOid: read.AgencyOid,
            NationalIdLastFour: read.NationalIdLastFour,
            Kind: KindOf(issuerCa, read),
            Sha256Thumbprint: Convert.ToHexString(SHA256.HashData(der)),
            CertificateType: read.CertificateType,
            BusinessNumber: read.BusinessNumber));
    }

    /// <summary>
    /// The kind of card, from the certificate type and the CA that issued it (the name here; path validation then proves
    /// the CA): a natural-person type from MOICA with the last four ID digits is a citizen card; an organisation type
    /// (not a server's) is an organisation card when it carries what its CA identifies holders by — the organisation
    /// OID (GCA, XCA, HCA) or the business number (MOEACA). GPKI's test CA issues every profile. Anything else, however
    /// many attributes it copies, is of no kind.
    /// </summary>
    private static CertificateKind KindOf(GpkiIssuer issuer, ExtensionFacts read)
    {
        var type = read.CertificateType;
        if (TaiwanCertificateOids.IsUnder(type, TaiwanCertificateOids.NaturalPersonTypeArc))
            return issuer is GpkiIssuer.Moica or GpkiIssuer.GovernmentTest && read.NationalIdLastFour is not null ? CertificateKind.Citizen : CertificateKind.Unknown;
        if (!TaiwanCertificateOids.IsUnder(type, TaiwanCertificateOids.OrganisationTypeArc) || read.NationalIdLastFour is not null)
            return CertificateKind.Unknown;
        var identified = issuer switch
        {
            GpkiIssuer.Gca or GpkiIssuer.Xca or GpkiIssuer.Hca => read.AgencyOid is not null,
            GpkiIssuer.Moeaca => read.BusinessNumber is not null,
            GpkiIssuer.GovernmentTest => read.AgencyOid is not null || read.BusinessNumber is not null,
            _ => false,
        };
        return identified ? CertificateKind.Organisation : CertificateKind.Unknown;
    }

    // The most specific value is the last in encoded order (the first in RFC 4514 text).
    private static string? MostSpecific((string Text, List<DistinguishedName.Attribute> Attributes) name, string oid) =>
        name.Attributes.LastOrDefault(a => a.Oid == oid).Value;

    private static string SerialHex(byte[] serial)
    {
        // DER adds a 0x00 byte to keep positive serials positive; facts show the number, so drop it.
        var start = 0;
        while (start < serial.Length - 1 && serial[start] == 0)
            start++;
        return Convert.ToHexString(serial, start, serial.Length - start);
    }

    private static DateTimeOffset ReadTime(AsnReader reader, string field)
    {
        if (!reader.HasData)
            throw new ShapeException($"{field} missing");
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
            return reader.ReadUtcTime(TwoDigitYearMax);
        if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
            return reader.ReadGeneralizedTime();
        throw new ShapeException($"{field} is not a time");
    }

    private static AsnReader Expect(AsnReader reader, Asn1Tag tag, string field)
    {
        if (!reader.HasData)
            throw new ShapeException($"{field} missing");
        if (!reader.PeekTag().HasSameClassAndValue(tag))
            throw new ShapeException($"{field} has tag {reader.PeekTag()}, expected {tag}");
        return reader;
    }

    private static void NoMore(AsnReader reader, string structure)
    {
        if (reader.HasData)
            throw new ShapeException($"unexpected element in {structure}");
    }

    /// <summary>Well-formed DER that does not have a certificate's shape.</summary>
    private sealed class ShapeException(string message) : Exception(message);

    /// <summary>An extension whose value does not decode as its standard says.</summary>
    private sealed class ExtensionException(string message, Exception? inner = null) : Exception(message, inner);
}
