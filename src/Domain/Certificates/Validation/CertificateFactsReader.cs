using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Domain.Certificates.Validation;

/// <summary>
/// Reads <see cref="CertificateFacts"/> from a parsed certificate, the Taiwan attributes from Subject
/// Directory Attributes included. Interim: replaced by Domain.Certificates.CertificateParser once the
/// pki branch lands, so the code base keeps one facts reader.
/// </summary>
internal static class CertificateFactsReader
{
    private const string AgencyOid = "2.16.886.1.100.2.102";
    private const string NationalIdLastFour = "2.16.886.1.100.2.51";

    public static CertificateFacts Read(PkixCertificate certificate)
    {
        string? agencyOid = null, lastFour = null;
        if (certificate.Extension(Oids.SubjectDirectoryAttributes) is { } attributes)
        {
            try
            {
                var sequence = new AsnReader(attributes.Value, AsnEncodingRules.DER).ReadSequence();
                while (sequence.HasData)
                {
                    var attribute = sequence.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var values = attribute.ReadSetOf(skipSortOrderValidation: true);
                    if (!values.HasData)
                        continue;
                    var value = ReadText(values);
                    if (type == AgencyOid) agencyOid = value;
                    else if (type == NationalIdLastFour) lastFour = value;
                }
            }
            catch (AsnContentException)
            {
                // Unreadable attributes leave the kind Unknown, which the validator refuses.
            }
        }

        var kind = agencyOid is not null ? CertificateKind.Organisation : lastFour is not null ? CertificateKind.Citizen : CertificateKind.Unknown;
        string? Attribute(string oid) => certificate.Subject.Rdns.SelectMany(r => r).FirstOrDefault(a => a.Oid == oid)?.Text;
        return new CertificateFacts(
            certificate.SerialHex,
            certificate.Issuer.ToString(),
            certificate.AuthorityKeyIdHex,
            certificate.Subject.ToString(),
            Attribute("2.5.4.3"),
            Attribute("2.5.4.11"),
            Attribute("2.5.4.10"),
            Attribute("2.5.4.6"),
            certificate.NotBefore,
            certificate.NotAfter,
            certificate.KeyUsage ?? KeyUsageBits.None,
            certificate.Policies ?? [],
            agencyOid,
            lastFour,
            kind,
            Convert.ToHexString(SHA256.HashData(certificate.Der)));
    }

    private static string? ReadText(AsnReader values)
    {
        var tag = values.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            return values.ReadObjectIdentifier();
        if (tag.TagClass == TagClass.Universal && tag.TagValue is (int)UniversalTagNumber.PrintableString or (int)UniversalTagNumber.UTF8String
                or (int)UniversalTagNumber.IA5String or (int)UniversalTagNumber.NumericString or (int)UniversalTagNumber.BMPString)
            return values.ReadCharacterString((UniversalTagNumber)tag.TagValue);
        return null;
    }
}
