using Pkix.Validation;

namespace Domain.Certificates;

/// <summary>Which kind of card a certificate belongs to.</summary>
public enum CertificateKind
{
    /// <summary>Neither an agency OID nor ID digits: not a card we accept.</summary>
    Unknown = 0,

    /// <summary>機關憑證: GCA / XCA / MOEACA / HCA, agency OID in 2.16.886.1.100.2.102.</summary>
    Organisation = 1,

    /// <summary>自然人憑證: MOICA, last four national-ID digits in 2.16.886.1.100.2.51.</summary>
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
/// <param name="AgencyOid">2.16.886.1.100.2.102 from Subject Directory Attributes, organisation certificates.</param>
/// <param name="NationalIdLastFour">2.16.886.1.100.2.51 from Subject Directory Attributes, citizen certificates.</param>
/// <param name="Kind">Organisation or citizen, from the attributes above.</param>
/// <param name="Sha256Thumbprint">Upper-case hex SHA-256 of the DER certificate.</param>
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
    string Sha256Thumbprint);
