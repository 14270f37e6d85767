using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;

namespace CardAgent.Cards;

/// <summary>Tells citizen cards from organisation cards by their certificate, and names the kinds as API v1 spells them.</summary>
public static class CardKinds
{
    /// <summary>
    /// The kind from the shared certificate parser (Subject Directory Attributes: an agency OID marks
    /// an organisation card, the national-ID digits a citizen card); Unknown for anything else,
    /// including a certificate the parser refuses.
    /// </summary>
    public static CertificateKind FromCertificate(X509Certificate2 certificate)
    {
        var parsed = CertificateParser.Parse(certificate.RawData);
        return parsed.Succeeded ? parsed.Facts.Kind : CertificateKind.Unknown;
    }

    /// <summary>"citizen", "organisation" or "unknown".</summary>
    public static string ToApiName(CertificateKind kind) => kind switch
    {
        CertificateKind.Citizen => "citizen",
        CertificateKind.Organisation => "organisation",
        _ => "unknown",
    };
}
