using Domain.Certificates;
using Domain.Registration;

namespace Domain.People;

/// <summary>The certificate facts an eCPA event keeps, in the same records the registration events use.</summary>
public static class CertificateInfos
{
    public static CitizenCertificateInfo Citizen(CertificateFacts facts, string? cardNumber)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var key = CertificateKey.Of(facts);
        return new CitizenCertificateInfo(key.SerialNumber, facts.IssuerDn, key.IssuerKeyId, facts.SubjectDn, facts.CommonName,
            facts.NotBefore.ToUniversalTime(), facts.NotAfter.ToUniversalTime(), facts.NationalIdLastFour ?? "", Clean(cardNumber), facts.Sha256Thumbprint);
    }

    public static OrganisationCertificateInfo Organisation(CertificateFacts facts, string? cardNumber)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var key = CertificateKey.Of(facts);
        return new OrganisationCertificateInfo(key.SerialNumber, facts.IssuerDn, key.IssuerKeyId, facts.SubjectDn, facts.OrganisationalUnit,
            facts.NotBefore.ToUniversalTime(), facts.NotAfter.ToUniversalTime(), facts.OrganisationIdentifier ?? "", Clean(cardNumber), facts.Sha256Thumbprint);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
