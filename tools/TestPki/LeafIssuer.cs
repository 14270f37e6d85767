using System.Security.Cryptography;
using Domain.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using Pkix.Validation;

namespace TestPki;

/// <summary>A leaf just issued: certificate, key pair, card image and the facts it was built from.</summary>
internal sealed record IssuedLeaf(
    X509Certificate Certificate,
    AsymmetricCipherKeyPair KeyPair,
    CardImage Card,
    string SerialNumber,
    string SubjectDn,
    string IssuerDn,
    string IssuerKeyId,
    string SubjectKeyId,
    string? CommonName,
    string? OrganisationalUnit,
    string? Organisation,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    KeyUsageBits KeyUsage,
    IReadOnlyList<string> Policies,
    string CertificateType,
    string Sha256Thumbprint)
{
    public byte[] CertificateDer => Certificate.GetEncoded();
}

/// <summary>
/// Issues one leaf certificate and its card image for a holder; shared by the catalogue leaves and the
/// extra cards demo data asks for, so both look the same.
/// </summary>
internal sealed class LeafIssuer(int seed, CertificateFactory factory, ReferenceInstants instants)
{
    public const KeyUsageBits SignatureUsage = KeyUsageBits.DigitalSignature | KeyUsageBits.NonRepudiation;

    /// <param name="owner">Unique purpose string: keys, serial and card number derive from (seed, owner).</param>
    /// <param name="serialNumber">A serial chosen by the caller instead of the derived one.</param>
    public IssuedLeaf Issue(
        string owner, IssuingCa issuer, CaSpec issuerSpec, KeyAlgorithm key, LeafCase leafCase, CitizenHolder? citizen, OrganisationHolder? agency,
        Org.BouncyCastle.Math.BigInteger? serialNumber = null)
    {
        if ((citizen is null) == (agency is null))
            throw new ArgumentException("A leaf has exactly one holder: a citizen or an agency.");

        var keyPair = Keys.Generate(key, seed, "leaf|" + owner);
        var (notBefore, notAfter) = instants.LeafValidity(leafCase);
        var usage = leafCase == LeafCase.WrongKeyUsage ? KeyUsageBits.KeyEncipherment : SignatureUsage;
        string[] policies = [issuerSpec.Trust == CaTrust.Test ? Hierarchy.PolicyTest : Hierarchy.PolicyLevel3];

        // The real profile (tools/TestPki/realpki): the certificate type as an OID value, the class as a PrintableString,
        // digits as UTF8String, the organisation OID as an OID value.
        (string ShortName, string Value)[] subjectParts;
        var type = citizen is not null ? TaiwanCertificateOids.CitizenCardType : issuerSpec.OrganisationCardType ?? TaiwanCertificateOids.GcaAgencyCardType;
        var attributes = new List<(string, Asn1Encodable)>
        {
            (TaiwanCertificateOids.CertificateType, new DerObjectIdentifier(type)),
            (TaiwanCertificateOids.CertificateClass, new DerPrintableString("primary")),
        };
        if (citizen is not null)
        {
            // MOICA's subject serial number stands for the person, not the card: it follows the holder across seeds and cards.
            subjectParts = [("C", "TW"), ("CN", citizen.Name), ("SERIALNUMBER", SeededRandom.Digits(0, "holder|" + citizen.NationalId, 16))];
            attributes.Add((TaiwanCertificateOids.NationalIdLastFour, new DerUtf8String(citizen.LastFour)));
        }
        else
        {
            // MOEACA and XCA name the company or school alone; GCA and HCA the agency under its ministry.
            subjectParts = issuerSpec.OrganisationCardType is TaiwanCertificateOids.MoeacaCompanyType or TaiwanCertificateOids.XcaOrganisationType
                ? [("C", "TW"), ("O", agency!.AgencyName)]
                : [("C", "TW"), ("O", agency!.Ministry), ("OU", agency.AgencyName)];
            if (agency.AgencyOid is { } oid)
                attributes.Add((TaiwanCertificateOids.AgencyOid, new DerObjectIdentifier(oid)));
            if (agency.BusinessNumber is { } businessNumber)
                attributes.Add((TaiwanCertificateOids.BusinessNumber, new DerUtf8String(businessNumber)));
        }

        var subject = CertificateFactory.Name(subjectParts);
        var serial = serialNumber ?? SeededRandom.SerialNumber(seed, "leaf|" + owner);
        var certificate = factory.Issue(
            new CertificateContent(subject, keyPair.Public, serial, notBefore, notAfter, usage, policies, null, attributes),
            issuer);
        var der = certificate.GetEncoded();

        var card = new CardImage
        {
            Label = citizen is not null ? $"{citizen.Name}的自然人憑證" : $"{agency!.AgencyName}的機關憑證",
            Kind = citizen is not null ? "citizen" : "organisation",
            Atr = citizen is not null ? CardImage.CitizenAtr : CardImage.OrganisationAtr,
            CardNumber = issuerSpec.CardPrefix + SeededRandom.Digits(seed, "card|" + owner, 12),
            Keys = [new CardKey(CardKey.AuthenticationKeyId, Keys.Label(key), Convert.ToBase64String(der), Convert.ToBase64String(Keys.Pkcs8(keyPair.Private)))],
        };

        string? Part(string name) => subjectParts.Where(p => p.ShortName == name).Select(p => p.Value).LastOrDefault();
        return new IssuedLeaf(
            certificate, keyPair, card,
            SerialNumber: Hex(serial.ToByteArrayUnsigned()),
            SubjectDn: DistinguishedName.Format(subjectParts),
            IssuerDn: DistinguishedName.Format(CertificateFactory.CaSubjectParts(issuerSpec)),
            IssuerKeyId: Hex(issuer.KeyId),
            SubjectKeyId: Hex(CertificateFactory.KeyIdentifier(keyPair.Public)),
            CommonName: Part("CN"), OrganisationalUnit: Part("OU"), Organisation: Part("O"),
            notBefore, notAfter, usage, policies, type,
            Sha256Thumbprint: Hex(SHA256.HashData(der)));
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
