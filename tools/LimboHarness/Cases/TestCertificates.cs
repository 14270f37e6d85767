using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;
using Pkix.Validation;

namespace LimboHarness.Cases;

/// <summary>A name form for a name constraint or SAN in a test certificate: (kind, text); IP constraints as "10.0.0.0/8".</summary>
public readonly record struct TestName(GeneralNameKind Kind, string Value)
{
    public static TestName Dns(string value) => new(GeneralNameKind.Dns, value);
    public static TestName Email(string value) => new(GeneralNameKind.Rfc822, value);
    public static TestName Ip(string value) => new(GeneralNameKind.IpAddress, value);
    public static TestName Directory(string organisation) => new(GeneralNameKind.Directory, organisation);
}

/// <summary>What a test certificate should look like; every field defaults to a conforming certificate.</summary>
public sealed record TestCertificateSpec
{
    public required string CommonName { get; init; }

    /// <summary>An O attribute placed before CN (for directoryName constraints).</summary>
    public string? Organisation { get; init; }

    /// <summary>A GPKI CA's name, <c>C=TW, O=行政院, OU=&lt;this&gt;</c> with no CN, instead of CN (and O).</summary>
    public string? GpkiCaName { get; init; }

    /// <summary>The issuer; null for a self-signed root.</summary>
    public TestCertificate? Issuer { get; init; }

    public bool IsCa { get; init; }

    /// <summary>Leave out the authority key identifier (a self-signed root needs none).</summary>
    public bool OmitAuthorityKeyIdentifier { get; init; }

    public bool IncludeBasicConstraints { get; init; } = true;
    public int? PathLength { get; init; }

    /// <summary>Key usage; null picks keyCertSign+cRLSign for CAs and digitalSignature for leaves.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    public bool OmitKeyUsage { get; init; }
    public DateTimeOffset NotBefore { get; init; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset NotAfter { get; init; } = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public IReadOnlyList<TestName> AltNames { get; init; } = [];
    public IReadOnlyList<string> ExtendedKeyUsages { get; init; } = [];
    public IReadOnlyList<TestName> PermittedSubtrees { get; init; } = [];
    public IReadOnlyList<TestName> ExcludedSubtrees { get; init; } = [];
    public IReadOnlyList<string> Policies { get; init; } = [];
    public int? RequireExplicitPolicy { get; init; }
    public int? InhibitPolicyMapping { get; init; }
    public IReadOnlyList<(string IssuerDomain, string SubjectDomain)> PolicyMappings { get; init; } = [];
    public int? InhibitAnyPolicy { get; init; }
    public IReadOnlyList<X509Extension> ExtraExtensions { get; init; } = [];

    /// <summary>
    /// Taiwan Subject Directory Attributes: (attribute OID, text value), written as the real profile writes them — the
    /// certificate type and organisation OID as OBJECT IDENTIFIERs, digits as UTF8String (see <see cref="CitizenCard"/>).
    /// </summary>
    public IReadOnlyList<(string Oid, string Value)> DirectoryAttributes { get; init; } = [];

    /// <summary>The attributes of MOICA's citizen card: its certificate type and the last four ID digits.</summary>
    public static IReadOnlyList<(string Oid, string Value)> CitizenCard(string lastFour) =>
        [(TaiwanCertificateOids.CertificateType, TaiwanCertificateOids.CitizenCardType), (TaiwanCertificateOids.NationalIdLastFour, lastFour)];

    /// <summary>Reuse this key (same-key cross certificates, self-issued key rollover).</summary>
    public ECDsa? Key { get; init; }

    public bool UseRsa { get; init; }

    /// <summary>The hash of the certificate's signature: SHA-256, or SHA-1 with an RSA issuer (a certificate we refuse).</summary>
    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;
    public long Serial { get; init; }
}

/// <summary>A generated certificate with its private key.</summary>
public sealed class TestCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key)
{
    public X509Certificate2 Certificate { get; } = certificate;
    public AsymmetricAlgorithm Key { get; } = key;
    public byte[] Der => Certificate.RawData;
    public string Pem => Pkix.Validation.Pem.Encode(Der, "CERTIFICATE");
    public PkixCertificate Parsed => PkixCertificate.FromPemOrDer(Der);

    public X509SignatureGenerator Signer => Key switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new InvalidOperationException("Unsupported test key."),
    };

    /// <summary>
    /// A CRL written field by field (the BCL builder takes no issuing distribution point): AKI, CRL number and an
    /// issuing distribution point limited to <paramref name="scopeUris"/> and/or user or CA certificates.
    /// </summary>
    public byte[] IssueScopedCrl(IEnumerable<byte[]> revokedSerials, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate,
        IReadOnlyList<string> scopeUris, bool onlyUserCertificates = false, bool onlyCaCertificates = false)
    {
        var algorithm = Signer.GetSignatureAlgorithmIdentifier(HashAlgorithmName.SHA256);
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1);
            tbs.WriteEncodedValue(algorithm);
            tbs.WriteEncodedValue(Certificate.SubjectName.RawData);
            tbs.WriteUtcTime(thisUpdate);
            tbs.WriteUtcTime(nextUpdate);
            var serials = revokedSerials.ToList();
            if (serials.Count > 0)
            {
                using (tbs.PushSequence())
                {
                    foreach (var serial in serials)
                    {
                        using (tbs.PushSequence())
                        {
                            tbs.WriteIntegerUnsigned(serial);
                            tbs.WriteUtcTime(thisUpdate.AddDays(-1));
                        }
                    }
                }
            }

            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (tbs.PushSequence())
            {
                var ski = Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
                PkitsStyle.PkitsDer.WriteExtension(tbs, Oids.AuthorityKeyIdentifier, false, X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski).RawData);
                var number = new AsnWriter(AsnEncodingRules.DER);
                number.WriteInteger(1);
                PkitsStyle.PkitsDer.WriteExtension(tbs, Oids.CrlNumber, false, number.Encode());
                var idp = new AsnWriter(AsnEncodingRules.DER);
                using (idp.PushSequence())
                {
                    if (scopeUris.Count > 0)
                    {
                        using (idp.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                        using (idp.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                        {
                            foreach (var uri in scopeUris)
                                idp.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
                        }
                    }

                    if (onlyUserCertificates) idp.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 1));
                    if (onlyCaCertificates) idp.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 2));
                }

                PkitsStyle.PkitsDer.WriteExtension(tbs, Oids.IssuingDistributionPoint, true, idp.Encode());
            }
        }

        var tbsBytes = tbs.Encode();
        var crl = new AsnWriter(AsnEncodingRules.DER);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(tbsBytes);
            crl.WriteEncodedValue(algorithm);
            crl.WriteBitString(Signer.SignData(tbsBytes, HashAlgorithmName.SHA256));
        }

        return crl.Encode();
    }

    /// <summary>A CRL signed by this CA listing the serials.</summary>
    public byte[] IssueCrl(IEnumerable<byte[]> revokedSerials, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in revokedSerials)
            builder.AddEntry(serial, thisUpdate.AddDays(-1));
        var ski = Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        return builder.Build(Certificate.SubjectName, Signer, BigInteger.One, nextUpdate, HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski), thisUpdate);
    }
}

/// <summary>
/// Builds certificates for our own RFC 5280 cases and unit tests with the BCL's CertificateRequest,
/// extensions written with AsnWriter where the BCL has no builder (name constraints, policies).
/// </summary>
public static class TestCertificates
{
    private static long _serial = 0x1000;

    public static TestCertificate Issue(TestCertificateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AsymmetricAlgorithm key = spec.Key ?? (spec.UseRsa ? RSA.Create(2048) : (AsymmetricAlgorithm)ECDsa.Create(ECCurve.NamedCurves.nistP256));
        // The builder encodes attributes in the reverse order of adding: this yields O first, then CN.
        var nameBuilder = new X500DistinguishedNameBuilder();
        if (spec.GpkiCaName is { } gpkiCa)
        {
            nameBuilder.AddOrganizationalUnitName(gpkiCa);
            nameBuilder.AddOrganizationName("行政院");
            nameBuilder.AddCountryOrRegion("TW");
        }
        else
        {
            nameBuilder.AddCommonName(spec.CommonName);
            if (spec.Organisation is not null)
                nameBuilder.AddOrganizationName(spec.Organisation);
        }
        var subject = nameBuilder.Build();
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);

        if (spec.IncludeBasicConstraints)
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCa, spec.PathLength.HasValue, spec.PathLength ?? 0, true));
        if (!spec.OmitKeyUsage)
        {
            var usage = spec.KeyUsage ?? (spec.IsCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        }

        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        var issuerSki = spec.Issuer?.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single() ?? ski;
        if (!spec.OmitAuthorityKeyIdentifier)
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerSki));
        if (spec.AltNames.Count > 0)
            request.CertificateExtensions.Add(AltNames(spec.AltNames));
        if (spec.ExtendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in spec.ExtendedKeyUsages) oids.Add(new Oid(oid));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (spec.PermittedSubtrees.Count > 0 || spec.ExcludedSubtrees.Count > 0)
            request.CertificateExtensions.Add(NameConstraints(spec.PermittedSubtrees, spec.ExcludedSubtrees));
        if (spec.Policies.Count > 0)
            request.CertificateExtensions.Add(Policies(spec.Policies));
        if (spec.RequireExplicitPolicy is not null || spec.InhibitPolicyMapping is not null)
            request.CertificateExtensions.Add(PolicyConstraints(spec.RequireExplicitPolicy, spec.InhibitPolicyMapping));
        if (spec.PolicyMappings.Count > 0)
            request.CertificateExtensions.Add(PolicyMappings(spec.PolicyMappings));
        if (spec.InhibitAnyPolicy is { } inhibitAny)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteInteger(inhibitAny);
            request.CertificateExtensions.Add(new X509Extension(Oids.InhibitAnyPolicy, writer.Encode(), true));
        }
        if (spec.DirectoryAttributes.Count > 0)
            request.CertificateExtensions.Add(DirectoryAttributes(spec.DirectoryAttributes));
        foreach (var extra in spec.ExtraExtensions)
            request.CertificateExtensions.Add(extra);

        var serial = new BigInteger(spec.Serial != 0 ? spec.Serial : Interlocked.Increment(ref _serial)).ToByteArray(isUnsigned: true, isBigEndian: true);
        var issuerName = spec.Issuer?.Certificate.SubjectName ?? subject;
        var signer = spec.Issuer?.Signer ?? (key is RSA selfRsa ? X509SignatureGenerator.CreateForRSA(selfRsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)key));
        if (spec.Hash == HashAlgorithmName.SHA1)
            signer = new Sha1RsaSigner((RSA)(spec.Issuer?.Key ?? key));
        var certificate = request.Create(issuerName, signer, spec.NotBefore, spec.NotAfter, serial);
        return new TestCertificate(certificate, key);
    }

    /// <summary>Signs <paramref name="spec"/>'s certificate with another key under a given issuer name (cycles, rogue CAs).</summary>
    public static TestCertificate IssueWithSigner(TestCertificateSpec spec, X500DistinguishedName issuerName, TestCertificate signer, byte[] authorityKeyId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(signer);
        var unsigned = Issue(spec with { Issuer = null });
        var request = new CertificateRequest(unsigned.Certificate.SubjectName, (ECDsa)unsigned.Key, HashAlgorithmName.SHA256);
        foreach (var extension in unsigned.Certificate.Extensions)
        {
            if (extension.Oid?.Value != Oids.AuthorityKeyIdentifier)
                request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyId));
        var certificate = request.Create(issuerName, signer.Signer, spec.NotBefore, spec.NotAfter, unsigned.Certificate.GetSerialNumber().Reverse().ToArray());
        return new TestCertificate(certificate, unsigned.Key);
    }

    /// <summary>A CRL distribution points extension with one full-name URI per point.</summary>
    public static X509Extension CrlDistributionPoints(params string[] uris)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var uri in uris)
            {
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            }
        }

        return new X509Extension(Oids.CrlDistributionPoints, writer.Encode(), false);
    }

    public static X509Extension UnknownCritical() => new("1.3.6.1.4.1.55738.666.1", [0x05, 0x00], true);

    private static X509Extension AltNames(IEnumerable<TestName> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            switch (name.Kind)
            {
                case GeneralNameKind.Dns: builder.AddDnsName(name.Value); break;
                case GeneralNameKind.Rfc822: builder.AddEmailAddress(name.Value); break;
                case GeneralNameKind.IpAddress: builder.AddIpAddress(System.Net.IPAddress.Parse(name.Value)); break;
                default: throw new ArgumentException($"No SAN of kind {name.Kind} in test certificates.", nameof(names));
            }
        }

        return builder.Build(false);
    }

    private static X509Extension NameConstraints(IReadOnlyList<TestName> permitted, IReadOnlyList<TestName> excluded)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteSubtrees(writer, 0, permitted);
            WriteSubtrees(writer, 1, excluded);
        }

        return new X509Extension(Oids.NameConstraints, writer.Encode(), true);
    }

    private static void WriteSubtrees(AsnWriter writer, int tag, IReadOnlyList<TestName> names)
    {
        if (names.Count == 0)
            return;
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, true)))
        {
            foreach (var name in names)
            {
                using (writer.PushSequence())
                {
                    switch (name.Kind)
                    {
                        case GeneralNameKind.Dns or GeneralNameKind.Rfc822:
                            writer.WriteCharacterString(UniversalTagNumber.IA5String, name.Value, new Asn1Tag(TagClass.ContextSpecific, (int)name.Kind));
                            break;
                        case GeneralNameKind.IpAddress:
                            var parts = name.Value.Split('/');
                            var address = System.Net.IPAddress.Parse(parts[0]).GetAddressBytes();
                            var prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                            var mask = new byte[address.Length];
                            for (var bit = 0; bit < prefix; bit++) mask[bit / 8] |= (byte)(0x80 >> (bit % 8));
                            writer.WriteOctetString([.. address, .. mask], new Asn1Tag(TagClass.ContextSpecific, 7));
                            break;
                        case GeneralNameKind.Directory:
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true)))
                                writer.WriteEncodedValue(OrganisationName(name.Value));
                            break;
                        default:
                            throw new ArgumentException($"No constraint of kind {name.Kind} in test certificates.", nameof(names));
                    }
                }
            }
        }
    }

    private static byte[] OrganisationName(string organisation)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(organisation);
        return builder.Build().RawData;
    }

    private static X509Extension Policies(IEnumerable<string> policies)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var policy in policies)
            {
                using (writer.PushSequence())
                    writer.WriteObjectIdentifier(policy);
            }
        }

        return new X509Extension(Oids.CertificatePolicies, writer.Encode(), false);
    }

    private static X509Extension DirectoryAttributes(IEnumerable<(string Oid, string Value)> attributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (oid, value) in attributes)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    using (writer.PushSetOf())
                    {
                        if (oid is TaiwanCertificateOids.CertificateType or TaiwanCertificateOids.AgencyOid)
                            writer.WriteObjectIdentifier(value);
                        else
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                    }
                }
            }
        }

        return new X509Extension(TaiwanCertificateOids.SubjectDirectoryAttributes, writer.Encode(), false);
    }

    private static X509Extension PolicyConstraints(int? requireExplicitPolicy, int? inhibitPolicyMapping)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (requireExplicitPolicy is { } require)
                writer.WriteInteger(require, new Asn1Tag(TagClass.ContextSpecific, 0));
            if (inhibitPolicyMapping is { } inhibit)
                writer.WriteInteger(inhibit, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return new X509Extension(Oids.PolicyConstraints, writer.Encode(), true);
    }

    private static X509Extension PolicyMappings(IEnumerable<(string IssuerDomain, string SubjectDomain)> mappings)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (issuerDomain, subjectDomain) in mappings)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(issuerDomain);
                    writer.WriteObjectIdentifier(subjectDomain);
                }
            }
        }

        return new X509Extension(Oids.PolicyMappings, writer.Encode(), true);
    }

    /// <summary>sha1WithRSAEncryption, which the BCL no longer offers but old CAs used.</summary>
    private sealed class Sha1RsaSigner(RSA key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.5");
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => new(key);
    }
}
