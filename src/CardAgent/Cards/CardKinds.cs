using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;

namespace CardAgent.Cards;

/// <summary>Tells citizen cards from organisation cards by their certificate, and names the kinds as API v1 spells them.</summary>
public static class CardKinds
{
    /// <summary>
    /// The kind from the Subject Directory Attributes: an agency OID marks an organisation card,
    /// the national-ID digits a citizen card; anything else (or an unreadable certificate) is Unknown.
    /// </summary>
    public static CertificateKind FromCertificate(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[TaiwanCertificateOids.SubjectDirectoryAttributes];
        if (extension is null)
            return CertificateKind.Unknown;
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var attributes = reader.ReadSequence();
            var kind = CertificateKind.Unknown;
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                if (type == TaiwanCertificateOids.AgencyOid)
                    return CertificateKind.Organisation;
                if (type == TaiwanCertificateOids.NationalIdLastFour)
                    kind = CertificateKind.Citizen;
            }
            return kind;
        }
        catch (AsnContentException)
        {
            return CertificateKind.Unknown;
        }
    }

    /// <summary>"citizen", "organisation" or "unknown".</summary>
    public static string ToApiName(CertificateKind kind) => kind switch
    {
        CertificateKind.Citizen => "citizen",
        CertificateKind.Organisation => "organisation",
        _ => "unknown",
    };
}
