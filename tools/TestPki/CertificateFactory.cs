using Domain.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using KeyUsageBits = Pkix.Validation.KeyUsageBits;

namespace TestPki;

/// <summary>A CA that can sign: its certificate, key and key identifier.</summary>
internal sealed record IssuingCa(string Name, X509Certificate Certificate, AsymmetricKeyParameter PrivateKey, byte[] KeyId)
{
    public X509Name Subject => Certificate.SubjectDN;
}

/// <summary>What goes into one certificate besides its issuer.</summary>
internal sealed record CertificateContent(
    X509Name Subject,
    AsymmetricKeyParameter PublicKey,
    Org.BouncyCastle.Math.BigInteger Serial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    KeyUsageBits KeyUsage,
    IReadOnlyList<string> Policies,
    int? CaPathLength,
    IReadOnlyList<(string Oid, Asn1Encodable Value)> DirectoryAttributes);

/// <summary>Builds the X.509 v3 certificates of the test PKI with the extensions Taiwan's CAs use.</summary>
internal sealed class CertificateFactory(string baseUrl)
{
    public string CrlUrl(string caName) => $"{baseUrl}/crl/{caName}.crl";
    public string OcspUrl(string caName) => $"{baseUrl}/ocsp/{caName}";
    public string CaIssuersUrl(string caName) => $"{baseUrl}/ca/{caName}.cer";

    /// <summary>A name from (short name, value) pairs in X.500 order, C first; RFC 4514 prints it reversed.</summary>
    public static X509Name Name(IReadOnlyList<(string ShortName, string Value)> parts) =>
        new(parts.Select(p => X509Name.DefaultLookup[p.ShortName.ToLowerInvariant()]).ToList(), parts.Select(p => p.Value).ToList());

    /// <summary>OU=&lt;CA name&gt;, O=行政院, C=TW, as Taiwan's issuing CAs are named (no CN); a root's own name.</summary>
    public static IReadOnlyList<(string ShortName, string Value)> CaSubjectParts(CaSpec ca) =>
        ca.Subject ?? [("C", "TW"), ("O", Hierarchy.Executive), ("OU", ca.OrganisationalUnit)];

    /// <summary>Signs <paramref name="content"/> with <paramref name="issuer"/>, or self-signs it when issuer is null.</summary>
    public X509Certificate Issue(CertificateContent content, IssuingCa? issuer, AsymmetricKeyParameter? selfSigningKey = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(content.Serial);
        generator.SetSubjectDN(content.Subject);
        generator.SetIssuerDN(issuer?.Subject ?? content.Subject);
        generator.SetNotBefore(content.NotBefore.UtcDateTime);
        generator.SetNotAfter(content.NotAfter.UtcDateTime);
        generator.SetPublicKey(content.PublicKey);

        var keyId = KeyIdentifier(content.PublicKey);
        if (content.CaPathLength is { } pathLength)
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(pathLength));
        if (content.KeyUsage != KeyUsageBits.None)
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ToBouncyCastle(content.KeyUsage)));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
        if (issuer is not null)
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.KeyId));
        if (content.Policies.Count > 0)
            generator.AddExtension(X509Extensions.CertificatePolicies, false,
                new CertificatePolicies(content.Policies.Select(p => new PolicyInformation(new DerObjectIdentifier(p))).ToArray()));
        if (issuer is not null)
        {
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([
                new DistributionPoint(new DistributionPointName(new GeneralNames(Uri(CrlUrl(issuer.Name)))), null, null),
            ]));
            var access = new List<AccessDescription> { new(AccessDescription.IdADCAIssuers, Uri(CaIssuersUrl(issuer.Name))) };
            if (content.CaPathLength is null)
                access.Insert(0, new AccessDescription(AccessDescription.IdADOcsp, Uri(OcspUrl(issuer.Name))));
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(access.ToArray()));
        }
        if (content.DirectoryAttributes.Count > 0)
            generator.AddExtension(X509Extensions.SubjectDirectoryAttributes, false, DirectoryAttributes(content.DirectoryAttributes));

        // RSA PKCS#1 v1.5 signatures are deterministic, so the same seed gives the same bytes.
        var signingKey = issuer?.PrivateKey ?? selfSigningKey ?? throw new ArgumentException("A self-signed certificate needs its private key.", nameof(selfSigningKey));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", signingKey));
    }

    /// <summary>RFC 5280 method 1: SHA-1 of the subjectPublicKey bits.</summary>
    public static byte[] KeyIdentifier(AsymmetricKeyParameter publicKey) =>
        X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey).GetKeyIdentifier();

    private static DerSequence DirectoryAttributes(IReadOnlyList<(string Oid, Asn1Encodable Value)> attributes) =>
        new(attributes.Select(a => (Asn1Encodable)new AttributeX509(new DerObjectIdentifier(a.Oid), new DerSet(a.Value))).ToArray());

    private static GeneralName Uri(string url) => new(GeneralName.UniformResourceIdentifier, url);

    private static int ToBouncyCastle(KeyUsageBits bits)
    {
        // RFC 5280 bit n is the n-th bit of the BIT STRING, most significant first; BouncyCastle's int mirrors that per byte.
        var result = 0;
        for (var n = 0; n <= 8; n++)
        {
            if (((int)bits & (1 << n)) != 0)
                result |= n < 8 ? 1 << (7 - n) : 1 << 15;
        }
        return result;
    }
}
