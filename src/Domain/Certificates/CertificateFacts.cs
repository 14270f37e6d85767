using Pkix.Validation;

namespace Domain.Certificates;

/// <summary>Which kind of card a certificate belongs to.</summary>
public enum CertificateKind
{
    /// <summary>Not a card we accept: no GPKI card type from a CA that issues that kind, or no identifier.</summary>
    Unknown = 0,

    /// <summary>機關憑證: a GCA / XCA / HCA card with its organisation OID, or a MOEACA company card with its business number.</summary>
    Organisation = 1,

    /// <summary>自然人憑證: a MOICA natural-person certificate with the last four national-ID digits.</summary>
    Citizen = 2,
}

/// <summary>
/// What a certificate says, read once with a real ASN.1 reader: the one certificate-facts type
/// shared by the server, the card agent and the events (which copy these fields as primitives).
/// </summary>
/// <param name="SerialNumber">Upper-case hex, no leading zeros beyond one byte's pair.</param>
/// <param name="IssuerDn">RFC 4514 string of the issuer name.</param>
/// <param name="IssuerKeyId">Upper-case hex of the authority key identifier (tells MOICA generations apart).</param>
/// <param name="SubjectDn">RFC 4514 string of the subject name.</param>
/// <param name="CommonName">CN (the person's name on citizen certificates), if present.</param>
/// <param name="OrganisationalUnit">OU (the agency on organisation certificates), if present.</param>
/// <param name="Organisation">O (the ministry on organisation certificates), if present.</param>
/// <param name="Country">C, if present.</param>
/// <param name="NotBefore">Validity start, UTC.</param>
/// <param name="NotAfter">Validity end, UTC.</param>
/// <param name="KeyUsage">Key usage bits, None when the extension is absent.</param>
/// <param name="Policies">Certificate policy OIDs, in certificate order.</param>
/// <param name="AgencyOid">The organisation OID, 2.16.886.1.100.2.102 from Subject Directory Attributes (GCA, XCA, HCA cards; any arc).</param>
/// <param name="NationalIdLastFour">2.16.886.1.100.2.51 from Subject Directory Attributes, citizen certificates.</param>
/// <param name="Kind">Organisation or citizen: the certificate type with the issuing CA and the identifier it carries (CertificateParser).</param>
/// <param name="Sha256Thumbprint">Upper-case hex SHA-256 of the DER certificate.</param>
/// <param name="CertificateType">The GPKI certificate type, 2.16.886.1.100.2.1 (e.g. 2.16.886.1.100.3.1.1, MOICA's citizen card).</param>
/// <param name="BusinessNumber">The business number (統一編號), 2.16.886.1.100.2.101, MOEACA's company certificates.</param>
public sealed record CertificateFacts(
    string SerialNumber,
    string IssuerDn,
    string IssuerKeyId,
    string SubjectDn,
    string? CommonName,
    string? OrganisationalUnit,
    string? Organisation,
    string? Country,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    KeyUsageBits KeyUsage,
    IReadOnlyList<string> Policies,
    string? AgencyOid,
    string? NationalIdLastFour,
    CertificateKind Kind,
    string Sha256Thumbprint,
    string? CertificateType = null,
    string? BusinessNumber = null)
{
    /// <summary>
    /// What identifies an organisation card's holder (<see cref="Certificates.OrganisationIdentifier"/>): its organisation
    /// OID, or for a MOEACA company card, which carries none, its business number.
    /// </summary>
    public string? OrganisationIdentifier => AgencyOid ?? BusinessNumber;
}
