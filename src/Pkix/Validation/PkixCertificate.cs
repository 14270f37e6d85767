using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Pkix.Validation;

/// <summary>One policy mapping of a CA certificate (RFC 5280 §4.2.1.5).</summary>
public sealed record PolicyMapping(string IssuerDomainPolicy, string SubjectDomainPolicy);

/// <summary>Permitted and excluded subtrees of a name constraints extension (RFC 5280 §4.2.1.10).</summary>
public sealed record NameConstraintsExtension(IReadOnlyList<GeneralName> Permitted, IReadOnlyList<GeneralName> Excluded);

/// <summary>One extension as carried: its OID, criticality and DER value.</summary>
public sealed record CertificateExtension(string Oid, bool Critical, ReadOnlyMemory<byte> Value);

/// <summary>The outcome of reading a certificate: the certificate, or why it is malformed.</summary>
public readonly record struct PkixCertificateParse(PkixCertificate? Certificate, string? Error);

/// <summary>
/// An X.509 certificate read strictly (DER) with the fields and extensions path validation needs,
/// decoded once. Public keys are imported into the platform's crypto lazily and kept, so a cached
/// CA certificate verifies signatures without re-importing its key.
/// </summary>
public sealed class PkixCertificate
{
    /// <summary>The extensions this validator processes; any other critical extension fails validation.</summary>
    public static readonly IReadOnlySet<string> UnderstoodExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        Oids.BasicConstraints, Oids.KeyUsage, Oids.ExtendedKeyUsage, Oids.SubjectAltName, Oids.NameConstraints,
        Oids.CertificatePolicies, Oids.PolicyMappings, Oids.PolicyConstraints, Oids.InhibitAnyPolicy,
        Oids.SubjectKeyIdentifier, Oids.AuthorityKeyIdentifier, Oids.CrlDistributionPoints, Oids.FreshestCrl,
    };

    private object? _publicKey;

    private PkixCertificate(byte[] der) => Der = der;

    public byte[] Der { get; }
    public ReadOnlyMemory<byte> TbsDer { get; private set; }
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private set; }
    public byte[] SignatureValue { get; private set; } = [];

    /// <summary>The signature BIT STRING is not a whole number of octets, so it verifies under no key.</summary>
    public bool SignatureHasUnusedBits { get; private set; }
    public int Version { get; private set; }

    /// <summary>The serial's content octets as encoded (two's complement, big-endian).</summary>
    public byte[] SerialNumber { get; private set; } = [];

    /// <summary>
    /// Upper-case hex of the serial number without sign padding, with a leading '-' for a negative one (which
    /// conforming CAs never issue, but CRLs must still tell -1 from 255): the key CRLs and registrations use.
    /// </summary>
    public string SerialHex { get; private set; } = "";

    public X500Name Issuer { get; private set; } = null!;
    public X500Name Subject { get; private set; } = null!;
    public DateTimeOffset NotBefore { get; private set; }
    public DateTimeOffset NotAfter { get; private set; }
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private set; }
    public string PublicKeyAlgorithmOid { get; private set; } = "";
    public IReadOnlyList<CertificateExtension> Extensions { get; private set; } = [];

    // Decoded extensions; null means absent.
    public bool? IsCa { get; private set; }
    public int? PathLengthConstraint { get; private set; }
    public KeyUsageBits? KeyUsage { get; private set; }
    public IReadOnlyList<string>? ExtendedKeyUsages { get; private set; }
    public byte[]? SubjectKeyIdentifier { get; private set; }
    public byte[]? AuthorityKeyIdentifier { get; private set; }
    public IReadOnlyList<GeneralName>? SubjectAltNames { get; private set; }
    public NameConstraintsExtension? NameConstraints { get; private set; }
    public IReadOnlyList<string>? Policies { get; private set; }
    public IReadOnlyList<PolicyMapping>? PolicyMappings { get; private set; }
    public int? RequireExplicitPolicy { get; private set; }
    public int? InhibitPolicyMapping { get; private set; }
    public int? InhibitAnyPolicy { get; private set; }
    public IReadOnlyList<string> OcspUrls { get; private set; } = [];

    /// <summary>The CRL distribution points (RFC 5280 §4.2.1.13); null when the extension is absent.</summary>
    public IReadOnlyList<Revocation.DistributionPoint>? CrlDistributionPoints { get; private set; }

    /// <summary>The certificate names where delta CRLs are published (freshestCRL, RFC 5280 §4.2.1.15).</summary>
    public bool HasFreshestCrl { get; private set; }

    /// <summary>Issuer and subject are the same name (RFC 5280's "self-issued").</summary>
    public bool IsSelfIssued => Issuer.Equals(Subject);

    /// <summary>Upper-case hex of the subject key identifier, or of the SHA-1 of the key when absent (the same rule RFC 5280 suggests CAs use).</summary>
    public string KeyIdHex { get; private set; } = "";

    /// <summary>Upper-case hex of the authority key identifier, empty when absent.</summary>
    public string AuthorityKeyIdHex => AuthorityKeyIdentifier is null ? "" : Convert.ToHexString(AuthorityKeyIdentifier);

    public CertificateExtension? Extension(string oid) => Extensions.FirstOrDefault(e => e.Oid == oid);

    /// <summary>The public key, imported once (RSA, ECDsa, or a BouncyCastle key for DSA and EdDSA).</summary>
    internal object? PublicKey => _publicKey ??= PublicKeys.Import(this);

    /// <summary>The subject's RSA or ECDSA key as the platform reads it, to verify what the holder signs besides certificates; null for other keys.</summary>
    public AsymmetricAlgorithm? PlatformPublicKey => PublicKey as AsymmetricAlgorithm;

    /// <summary>The RSA modulus length in bits as encoded (the platform's key size rounds some lengths); null for other keys.</summary>
    public int? RsaModulusBits => PublicKey is RSA rsa ? PublicKeys.RsaBits(rsa) : null;

    /// <summary>A DSA key without parameters: it takes them from the issuer's working key (RFC 5280 §6.1.4 d–f).</summary>
    internal bool InheritsKeyParameters => PublicKey is DsaKeyWithoutParameters;

    public static PkixCertificateParse Parse(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        var certificate = new PkixCertificate(der);
        try
        {
            certificate.Read();
            return new PkixCertificateParse(certificate, null);
        }
        catch (AsnContentException e)
        {
            return new PkixCertificateParse(null, e.Message);
        }
        catch (CryptographicException e)
        {
            return new PkixCertificateParse(null, e.Message);
        }
        catch (FormatException e)
        {
            return new PkixCertificateParse(null, e.Message);
        }
    }

    /// <summary>Reads PEM (one or more CERTIFICATE blocks) or DER; used by tools and tests.</summary>
    public static PkixCertificate FromPemOrDer(ReadOnlySpan<byte> data)
    {
        var parse = Parse(Pem.DecodeFirst(data, "CERTIFICATE"));
        return parse.Certificate ?? throw new FormatException("Not a certificate: " + parse.Error);
    }

    public override string ToString() => $"{Subject} (serial {SerialHex})";

    internal byte[] SubjectPublicKeyBits()
    {
        var spki = new AsnReader(SubjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence();
        spki.ReadSequence();
        return spki.ReadBitString(out _);
    }

    private void Read()
    {
        var outer = new AsnReader(Der, AsnEncodingRules.DER);
        var certificate = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        TbsDer = certificate.PeekEncodedValue();
        var tbs = certificate.ReadSequence();
        SignatureAlgorithm = certificate.ReadEncodedValue();
        // A signature BIT STRING with unused bits is no signature any algorithm of ours makes: the certificate is still
        // read (it may be a CA in someone's pool), and its signature never verifies (PKITS 4.1.2's bad CA signature).
        SignatureValue = certificate.ReadBitString(out var unused);
        SignatureHasUnusedBits = unused != 0;
        certificate.ThrowIfNotEmpty();

        Version = 1;
        var versionTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (tbs.PeekTag().HasSameClassAndValue(versionTag))
        {
            var explicitVersion = tbs.ReadSequence(versionTag);
            if (!explicitVersion.TryReadInt32(out var v) || v is < 0 or > 2)
                throw new AsnContentException("An unknown certificate version.");
            explicitVersion.ThrowIfNotEmpty();
            // DER forbids encoding the default: an explicit v1 is malformed.
            if (v == 0)
                throw new AsnContentException("The default version is encoded explicitly.");
            Version = v + 1;
        }

        SerialNumber = tbs.ReadIntegerBytes().ToArray();
        SerialHex = SerialToHex(SerialNumber);
        var innerAlgorithm = tbs.ReadEncodedValue();
        if (!innerAlgorithm.Span.SequenceEqual(SignatureAlgorithm.Span))
            throw new AsnContentException("The signature algorithm inside the certificate differs from the outer one.");
        Issuer = X500Name.Read(tbs);
        var validity = tbs.ReadSequence();
        NotBefore = ReadTime(validity);
        NotAfter = ReadTime(validity);
        validity.ThrowIfNotEmpty();
        Subject = X500Name.Read(tbs);
        SubjectPublicKeyInfo = tbs.ReadEncodedValue();
        var spki = new AsnReader(SubjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence();
        PublicKeyAlgorithmOid = spki.ReadSequence().ReadObjectIdentifier();

        var issuerUid = new Asn1Tag(TagClass.ContextSpecific, 1);
        var subjectUid = new Asn1Tag(TagClass.ContextSpecific, 2);
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(issuerUid))
        {
            if (Version < 2) throw new AsnContentException("Unique identifiers in a version 1 certificate.");
            tbs.ReadEncodedValue();
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(subjectUid))
        {
            if (Version < 2) throw new AsnContentException("Unique identifiers in a version 1 certificate.");
            tbs.ReadEncodedValue();
        }

        if (tbs.HasData)
        {
            if (Version != 3)
                throw new AsnContentException("Extensions in a certificate older than version 3.");
            var explicitExtensions = tbs.ReadSequence(extensionsTag);
            ReadExtensions(explicitExtensions.ReadSequence());
            explicitExtensions.ThrowIfNotEmpty();
        }

        tbs.ThrowIfNotEmpty();
        KeyIdHex = Convert.ToHexString(SubjectKeyIdentifier ?? SHA1.HashData(SubjectPublicKeyBits()));
        if (Issuer.IsEmpty)
            throw new AsnContentException("The issuer name is empty.");
    }

    private void ReadExtensions(AsnReader sequence)
    {
        var extensions = new List<CertificateExtension>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (sequence.HasData)
        {
            var extension = ReadExtension(sequence);
            if (!seen.Add(extension.Oid))
                throw new AsnContentException($"The extension {extension.Oid} appears twice.");
            extensions.Add(extension);
            Decode(extension.Oid, new AsnReader(extension.Value, AsnEncodingRules.DER));
        }

        if (extensions.Count == 0)
            throw new AsnContentException("An empty extensions list.");
        Extensions = extensions;
    }

    /// <summary>Reads one Extension (certificates, CRLs and CRL entries alike); an explicit DEFAULT FALSE is not DER.</summary>
    internal static CertificateExtension ReadExtension(AsnReader extensions)
    {
        var extension = extensions.ReadSequence();
        var oid = extension.ReadObjectIdentifier();
        var critical = false;
        if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            critical = extension.ReadBoolean();
            if (!critical)
                throw new AsnContentException("A DEFAULT FALSE criticality is encoded explicitly.");
        }

        var value = extension.ReadOctetString();
        extension.ThrowIfNotEmpty();
        return new CertificateExtension(oid, critical, value);
    }

    /// <summary>The keyIdentifier of an AuthorityKeyIdentifier (certificates and CRLs); null when it names the key by issuer and serial only.</summary>
    internal static byte[]? ReadAuthorityKeyId(AsnReader value)
    {
        var aki = value.ReadSequence();
        var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        return aki.HasData && aki.PeekTag().HasSameClassAndValue(keyIdTag) ? aki.ReadOctetString(keyIdTag) : null;
    }

    private void Decode(string oid, AsnReader value)
    {
        switch (oid)
        {
            case Oids.BasicConstraints:
                var basic = value.ReadSequence();
                IsCa = basic.HasData && basic.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && basic.ReadBoolean();
                if (basic.HasData)
                {
                    var pathLength = basic.ReadInteger();
                    if (pathLength.Sign < 0)
                        throw new AsnContentException("A negative pathLenConstraint.");
                    PathLengthConstraint = pathLength > 1000 ? 1000 : (int)pathLength;
                }

                basic.ThrowIfNotEmpty();
                break;
            case Oids.KeyUsage:
                var bits = value.ReadBitString(out var unusedBits);
                var usage = 0;
                for (var bit = 0; bit < Math.Min(bits.Length * 8 - unusedBits, 16); bit++)
                {
                    if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                        usage |= 1 << bit;
                }

                KeyUsage = (KeyUsageBits)usage;
                break;
            case Oids.ExtendedKeyUsage:
                var ekus = new List<string>();
                var ekuSequence = value.ReadSequence();
                while (ekuSequence.HasData)
                    ekus.Add(ekuSequence.ReadObjectIdentifier());
                if (ekus.Count == 0) throw new AsnContentException("An empty extended key usage.");
                ExtendedKeyUsages = ekus;
                break;
            case Oids.SubjectAltName:
                SubjectAltNames = GeneralName.ReadNames(value);
                if (SubjectAltNames.Count == 0) throw new AsnContentException("An empty subjectAltName.");
                break;
            case Oids.SubjectKeyIdentifier:
                SubjectKeyIdentifier = value.ReadOctetString();
                break;
            case Oids.AuthorityKeyIdentifier:
                AuthorityKeyIdentifier = ReadAuthorityKeyId(value);
                break;
            case Oids.NameConstraints:
                NameConstraints = ReadNameConstraints(value.ReadSequence());
                break;
            case Oids.CertificatePolicies:
                var policies = new List<string>();
                var policySequence = value.ReadSequence();
                while (policySequence.HasData)
                {
                    var information = policySequence.ReadSequence();
                    var policy = information.ReadObjectIdentifier();
                    if (policies.Contains(policy)) throw new AsnContentException("A certificate policy appears twice.");
                    policies.Add(policy);
                }

                if (policies.Count == 0) throw new AsnContentException("An empty certificatePolicies.");
                Policies = policies;
                break;
            case Oids.PolicyMappings:
                var mappings = new List<PolicyMapping>();
                var mappingSequence = value.ReadSequence();
                while (mappingSequence.HasData)
                {
                    var mapping = mappingSequence.ReadSequence();
                    mappings.Add(new PolicyMapping(mapping.ReadObjectIdentifier(), mapping.ReadObjectIdentifier()));
                    mapping.ThrowIfNotEmpty();
                }

                if (mappings.Count == 0) throw new AsnContentException("An empty policyMappings.");
                PolicyMappings = mappings;
                break;
            case Oids.PolicyConstraints:
                var constraints = value.ReadSequence();
                var requireTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                var inhibitTag = new Asn1Tag(TagClass.ContextSpecific, 1);
                if (constraints.HasData && constraints.PeekTag().HasSameClassAndValue(requireTag))
                    RequireExplicitPolicy = SkipCount(constraints.ReadInteger(requireTag));
                if (constraints.HasData && constraints.PeekTag().HasSameClassAndValue(inhibitTag))
                    InhibitPolicyMapping = SkipCount(constraints.ReadInteger(inhibitTag));
                constraints.ThrowIfNotEmpty();
                // RFC 5280 4.2.1.11: conforming CAs MUST NOT issue an empty sequence.
                if (RequireExplicitPolicy is null && InhibitPolicyMapping is null)
                    throw new AsnContentException("An empty policyConstraints.");
                break;
            case Oids.InhibitAnyPolicy:
                InhibitAnyPolicy = SkipCount(value.ReadInteger());
                break;
            case Oids.CrlDistributionPoints:
                CrlDistributionPoints = Revocation.DistributionPoint.ReadAll(value);
                break;
            case Oids.FreshestCrl:
                Revocation.DistributionPoint.ReadAll(value);
                HasFreshestCrl = true;
                break;
            case Oids.AuthorityInfoAccess:
                var urls = new List<string>();
                var accessSequence = value.ReadSequence();
                while (accessSequence.HasData)
                {
                    var description = accessSequence.ReadSequence();
                    var method = description.ReadObjectIdentifier();
                    var location = GeneralName.Read(description);
                    if (method == Oids.AccessOcsp && location is { Kind: GeneralNameKind.Uri, Text: { } url })
                        urls.Add(url);
                }

                OcspUrls = urls;
                break;
            default:
                return;
        }

        value.ThrowIfNotEmpty();
    }

    private static NameConstraintsExtension ReadNameConstraints(AsnReader sequence)
    {
        IReadOnlyList<GeneralName> Subtrees(Asn1Tag tag)
        {
            if (!sequence.HasData || !sequence.PeekTag().HasSameClassAndValue(tag))
                return [];
            var subtrees = sequence.ReadSequence(tag);
            var names = new List<GeneralName>();
            while (subtrees.HasData)
            {
                var subtree = subtrees.ReadSequence();
                names.Add(GeneralName.Read(subtree));
                // minimum MUST be zero and maximum absent (RFC 5280 4.2.1.10); anything else we cannot honour.
                if (subtree.HasData)
                    throw new AsnContentException("Name constraint subtrees with minimum or maximum are not supported.");
            }

            if (names.Count == 0) throw new AsnContentException("An empty list of name constraint subtrees.");
            return names;
        }

        var permitted = Subtrees(new Asn1Tag(TagClass.ContextSpecific, 0, true));
        var excluded = Subtrees(new Asn1Tag(TagClass.ContextSpecific, 1, true));
        if (permitted.Count == 0 && excluded.Count == 0)
            throw new AsnContentException("An empty nameConstraints.");
        return new NameConstraintsExtension(permitted, excluded);
    }

    private static int SkipCount(BigInteger value) =>
        value.Sign < 0 ? throw new AsnContentException("A negative skip count.") : value > 1000 ? 1000 : (int)value;

    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
            return reader.ReadUtcTime(2049);
        if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
            return reader.ReadGeneralizedTime();
        throw new AsnContentException("A validity time that is neither UTCTime nor GeneralizedTime.");
    }

    internal static string SerialToHex(ReadOnlySpan<byte> content)
    {
        if (content.Length > 0 && (content[0] & 0x80) != 0)
        {
            var magnitude = BigInteger.Abs(new BigInteger(content, isUnsigned: false, isBigEndian: true));
            return "-" + Convert.ToHexString(magnitude.ToByteArray(isUnsigned: true, isBigEndian: true));
        }

        // Leading zero octets (sign padding) are not part of the number.
        var start = 0;
        while (start < content.Length - 1 && content[start] == 0)
            start++;
        return Convert.ToHexString(content[start..]);
    }
}
