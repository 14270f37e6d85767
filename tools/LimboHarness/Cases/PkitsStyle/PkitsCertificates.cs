using System.Formats.Asn1;
using System.Numerics;
using Domain.Certificates;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>What a generated certificate should look like; every field defaults to a conforming certificate.</summary>
public sealed record CertificateSpec
{
    public required IReadOnlyList<NameAttributeSpec> Subject { get; init; }

    /// <summary>The issuer; null for a self-signed trust anchor.</summary>
    public PkitsCertificate? Issuer { get; init; }

    /// <summary>The issuer name as written into the certificate when it should differ from the issuer's subject encoding.</summary>
    public IReadOnlyList<NameAttributeSpec>? IssuerNameOverride { get; init; }

    public KeyKind KeyKind { get; init; } = KeyKind.Ec;

    /// <summary>Use this key instead of generating one (key rollover, separate CRL keys, DSA without parameters).</summary>
    public PkitsKey? Key { get; init; }

    public SignatureKind Signature { get; init; }
    public BigInteger Serial { get; init; }
    public DateTimeOffset NotBefore { get; init; } = PkitsStyleCases.Start;
    public DateTimeOffset NotAfter { get; init; } = PkitsStyleCases.End;

    /// <summary>Force GeneralizedTime (true) or UTCTime (false) for notBefore / notAfter.</summary>
    public bool? NotBeforeGeneralized { get; init; }
    public bool? NotAfterGeneralized { get; init; }

    public bool IsCa { get; init; }
    public bool OmitBasicConstraints { get; init; }

    /// <summary>Write basicConstraints without cA (FALSE) even on a certificate that is meant to sign others.</summary>
    public bool BasicConstraintsWithoutCa { get; init; }
    public bool BasicConstraintsCritical { get; init; } = true;
    public int? PathLength { get; init; }

    /// <summary>Key usage; null picks keyCertSign + cRLSign for CAs and digitalSignature for end entities.</summary>
    public KeyUsageBits? KeyUsage { get; init; }
    public bool OmitKeyUsage { get; init; }
    public bool KeyUsageCritical { get; init; } = true;

    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Attach a user notice qualifier to every policy (qualifiers are informational to path validation).</summary>
    public bool PolicyQualifiers { get; init; }
    public IReadOnlyList<(string IssuerDomain, string SubjectDomain)> PolicyMappings { get; init; } = [];
    public int? RequireExplicitPolicy { get; init; }
    public int? InhibitPolicyMapping { get; init; }
    public int? InhibitAnyPolicy { get; init; }
    public IReadOnlyList<GeneralNameSpec> Permitted { get; init; } = [];
    public IReadOnlyList<GeneralNameSpec> Excluded { get; init; } = [];
    public IReadOnlyList<GeneralNameSpec> AltNames { get; init; } = [];
    public IReadOnlyList<string> ExtendedKeyUsages { get; init; } = [];
    public IReadOnlyList<DistributionPointSpec> DistributionPoints { get; init; } = [];
    public bool UniqueIdentifiers { get; init; }
    public (string Oid, bool Critical)? PrivateExtension { get; init; }

    /// <summary>Flip a bit of the signature (an invalid signature, everything else intact).</summary>
    public bool BreakSignature { get; init; }
}

/// <summary>A generated certificate with its key: what cases, CRLs and further certificates are built from.</summary>
public sealed class PkitsCertificate(string label, byte[] der, byte[] subject, PkitsKey key, IReadOnlyList<NameAttributeSpec> subjectSpec, BigInteger serial)
{
    /// <summary>The name the generator gave it: keys, serials and signatures derive from it.</summary>
    public string Label { get; } = label;

    public byte[] Der { get; } = der;

    /// <summary>The subject Name as encoded.</summary>
    public byte[] Subject { get; } = subject;

    public IReadOnlyList<NameAttributeSpec> SubjectSpec { get; } = subjectSpec;
    public PkitsKey Key { get; } = key;
    public BigInteger Serial { get; } = serial;
    public string Pem => Pkix.Validation.Pem.Encode(Der, "CERTIFICATE");
    public PkixCertificate Parsed => PkixCertificate.FromPemOrDer(Der);
}

/// <summary>Builds certificates field by field with AsnWriter and signs them with BouncyCastle, deterministically.</summary>
public static class PkitsCertificates
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, true);

    public static PkitsCertificate Issue(CertificateSpec spec, string purpose)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = spec.Key ?? PkitsKey.Generate(spec.KeyKind, purpose);
        var signer = spec.Issuer?.Key ?? key;
        var subject = PkitsDer.Name(spec.Subject);
        var issuerName = spec.IssuerNameOverride is { } overridden ? PkitsDer.Name(overridden) : spec.Issuer?.Subject ?? subject;
        var serial = spec.Serial.IsZero ? SerialFor(purpose) : spec.Serial;
        // The signature AlgorithmIdentifier goes inside the TBS too: sign an empty message once to learn it.
        var (algorithm, _) = signer.Sign(spec.Signature, [], purpose + "|probe");

        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            using (tbs.PushSequence(Context0))
                tbs.WriteInteger(2);
            tbs.WriteInteger(serial);
            tbs.WriteEncodedValue(algorithm);
            tbs.WriteEncodedValue(issuerName);
            using (tbs.PushSequence())
            {
                PkitsDer.WriteTime(tbs, spec.NotBefore, spec.NotBeforeGeneralized);
                PkitsDer.WriteTime(tbs, spec.NotAfter, spec.NotAfterGeneralized);
            }

            tbs.WriteEncodedValue(subject);
            tbs.WriteEncodedValue(key.Spki);
            if (spec.UniqueIdentifiers)
            {
                tbs.WriteBitString(spec.Issuer?.Key.KeyId ?? key.KeyId, 0, new Asn1Tag(TagClass.ContextSpecific, 1));
                tbs.WriteBitString(key.KeyId, 0, new Asn1Tag(TagClass.ContextSpecific, 2));
            }

            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, true)))
            using (tbs.PushSequence())
                WriteExtensions(tbs, spec, key, signer);
        }

        var der = PkitsDer.Signed(signer, spec.Signature, tbs.Encode(), purpose, spec.BreakSignature);
        return new PkitsCertificate(purpose, der, subject, key, spec.Subject, serial);
    }

    /// <summary>A positive serial of 8 octets that depends only on <paramref name="purpose"/>.</summary>
    public static BigInteger SerialFor(string purpose)
    {
        var bytes = new byte[8];
        DeterministicRandom.For("serial|" + purpose).NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x3F) | 0x10);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static void WriteExtensions(AsnWriter writer, CertificateSpec spec, PkitsKey key, PkitsKey signer)
    {
        if (!spec.OmitBasicConstraints && (spec.IsCa || spec.PathLength is not null || spec.Issuer is null || spec.BasicConstraintsWithoutCa))
        {
            PkitsDer.WriteExtension(writer, Oids.BasicConstraints, spec.BasicConstraintsCritical, PkitsDer.Encode(w =>
            {
                using (w.PushSequence())
                {
                    if (spec.IsCa && !spec.BasicConstraintsWithoutCa) w.WriteBoolean(true);
                    if (spec.PathLength is { } length) w.WriteInteger(length);
                }
            }));
        }

        if (!spec.OmitKeyUsage)
        {
            var usage = spec.KeyUsage ?? (spec.IsCa ? KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign : KeyUsageBits.DigitalSignature);
            PkitsDer.WriteExtension(writer, Oids.KeyUsage, spec.KeyUsageCritical, PkitsDer.Encode(w => PkitsDer.WriteNamedBits(w, (int)usage)));
        }

        PkitsDer.WriteExtension(writer, Oids.SubjectKeyIdentifier, false, PkitsDer.Encode(w => w.WriteOctetString(key.KeyId)));
        if (spec.Issuer is not null || !ReferenceEquals(signer, key))
            PkitsDer.WriteAuthorityKeyIdentifier(writer, signer.KeyId);

        if (spec.AltNames.Count > 0)
            PkitsDer.WriteExtension(writer, Oids.SubjectAltName, false, PkitsDer.Encode(w => PkitsDer.WriteGeneralNames(w, spec.AltNames)));
        if (spec.ExtendedKeyUsages.Count > 0)
        {
            PkitsDer.WriteExtension(writer, Oids.ExtendedKeyUsage, false, PkitsDer.Encode(w =>
            {
                using (w.PushSequence())
                {
                    foreach (var eku in spec.ExtendedKeyUsages)
                        w.WriteObjectIdentifier(eku);
                }
            }));
        }

        if (spec.Permitted.Count > 0 || spec.Excluded.Count > 0)
            PkitsDer.WriteExtension(writer, Oids.NameConstraints, true, PkitsDer.Encode(w => WriteNameConstraints(w, spec)));
        if (spec.Policies.Count > 0)
            PkitsDer.WriteExtension(writer, Oids.CertificatePolicies, false, PkitsDer.Encode(w => WritePolicies(w, spec)));
        if (spec.PolicyMappings.Count > 0)
        {
            PkitsDer.WriteExtension(writer, Oids.PolicyMappings, true, PkitsDer.Encode(w =>
            {
                using (w.PushSequence())
                {
                    foreach (var (issuerDomain, subjectDomain) in spec.PolicyMappings)
                    {
                        using (w.PushSequence())
                        {
                            w.WriteObjectIdentifier(issuerDomain);
                            w.WriteObjectIdentifier(subjectDomain);
                        }
                    }
                }
            }));
        }

        if (spec.RequireExplicitPolicy is not null || spec.InhibitPolicyMapping is not null)
        {
            PkitsDer.WriteExtension(writer, Oids.PolicyConstraints, true, PkitsDer.Encode(w =>
            {
                using (w.PushSequence())
                {
                    if (spec.RequireExplicitPolicy is { } require) w.WriteInteger(require, new Asn1Tag(TagClass.ContextSpecific, 0));
                    if (spec.InhibitPolicyMapping is { } inhibit) w.WriteInteger(inhibit, new Asn1Tag(TagClass.ContextSpecific, 1));
                }
            }));
        }

        if (spec.InhibitAnyPolicy is { } inhibitAny)
            PkitsDer.WriteExtension(writer, Oids.InhibitAnyPolicy, true, PkitsDer.Encode(w => w.WriteInteger(inhibitAny)));
        if (spec.DistributionPoints.Count > 0)
            PkitsDer.WriteExtension(writer, Oids.CrlDistributionPoints, false, PkitsDer.Encode(w => WriteDistributionPoints(w, spec.DistributionPoints)));
        if (spec.PrivateExtension is var (oid, critical))
            PkitsDer.WriteExtension(writer, oid, critical, PkitsDer.Encode(w => w.WriteCharacterString(UniversalTagNumber.UTF8String, "evs private extension")));
    }

    private static void WriteNameConstraints(AsnWriter writer, CertificateSpec spec)
    {
        void Subtrees(int tag, IReadOnlyList<GeneralNameSpec> names)
        {
            if (names.Count == 0)
                return;
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, true)))
            {
                foreach (var name in names)
                {
                    using (writer.PushSequence())
                        PkitsDer.WriteGeneralName(writer, name);
                }
            }
        }

        using (writer.PushSequence())
        {
            Subtrees(0, spec.Permitted);
            Subtrees(1, spec.Excluded);
        }
    }

    private static void WritePolicies(AsnWriter writer, CertificateSpec spec)
    {
        using (writer.PushSequence())
        {
            foreach (var policy in spec.Policies)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(policy);
                    if (!spec.PolicyQualifiers)
                        continue;
                    using (writer.PushSequence())
                    using (writer.PushSequence())
                    {
                        // id-qt-unotice with explicitText: informational, never a reason to refuse a path.
                        writer.WriteObjectIdentifier("1.3.6.1.5.5.7.2.2");
                        using (writer.PushSequence())
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, "q1: a user notice for the relying party");
                    }
                }
            }
        }
    }

    /// <summary>CRLDistributionPoints (also freshestCRL): each point's name, reasons and cRLIssuer.</summary>
    internal static void WriteDistributionPoints(AsnWriter writer, IReadOnlyList<DistributionPointSpec> points)
    {
        using (writer.PushSequence())
        {
            foreach (var point in points)
            {
                using (writer.PushSequence())
                {
                    if (point.FullName is not null || point.RelativeName is not null)
                        PkitsDer.WriteDistributionPointName(writer, point);
                    if (point.Reasons is { } reasons)
                        PkitsDer.WriteNamedBits(writer, (int)reasons, new Asn1Tag(TagClass.ContextSpecific, 1));
                    if (point.CrlIssuer is { } issuer)
                        PkitsDer.WriteGeneralNames(writer, issuer, new Asn1Tag(TagClass.ContextSpecific, 2, true));
                }
            }
        }
    }
}
