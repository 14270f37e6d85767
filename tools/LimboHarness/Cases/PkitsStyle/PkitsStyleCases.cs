using System.Numerics;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>
/// Our own cases in the manner of NIST PKITS (sections 4.1–4.16), generated with BouncyCastle from fixed
/// seeds, so <c>dotnet run --project tools/LimboHarness -- generate tools/LimboHarness/cases</c> writes the
/// same pkits-style.json every time. The certificates and CRLs are ours, not PKITS's; each description
/// names the PKITS test it mirrors and, where the expected result is our reading of RFC 5280, says so.
/// Every case is CLIENT validation with no EKU on the leaf, at <see cref="ValidationTime"/>, and (unless it
/// is about time itself) carries a CRL for every certificate below the anchor.
/// </summary>
public static partial class PkitsStyleCases
{
    public static readonly DateTimeOffset ValidationTime = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Default validity: from 2000 to 2060, so the hierarchy outlives the UTCTime/GeneralizedTime boundary cases.</summary>
    public static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = new(2060, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // NIST's test policy OIDs (public identifiers for exactly this kind of test).
    private const string P1 = "2.16.840.1.101.3.2.1.48.1";
    private const string P2 = "2.16.840.1.101.3.2.1.48.2";
    private const string P3 = "2.16.840.1.101.3.2.1.48.3";

    public static LimboSuite Build()
    {
        var builder = new Builder();
        builder.SignatureVerification();
        builder.ValidityPeriods();
        builder.NameChaining();
        builder.BasicCrls();
        builder.KeyRollover();
        builder.BasicConstraints();
        builder.KeyUsage();
        builder.Policies();
        builder.NameConstraints();
        builder.DistributionPoints();
        builder.DeltaCrls();
        builder.PrivateExtensions();
        return new LimboSuite(1, builder.Cases);
    }

    private sealed partial class Builder
    {
        private readonly HashSet<string> _labels = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _defaultCrls = new(StringComparer.Ordinal);

        public Builder() => Anchor = Issue("Trust Anchor", new CertificateSpec { Subject = Name("Trust Anchor"), KeyKind = KeyKind.Rsa, IsCa = true });

        public List<LimboTestcase> Cases { get; } = [];

        public PkitsCertificate Anchor { get; }

        private static readonly NameAttributeSpec[] Base = [new("C", "US"), new("O", "EVS PKITS-style Certificates 2030")];

        public static IReadOnlyList<NameAttributeSpec> Name(string commonName, params NameAttributeSpec[] between) =>
            [.. Base, .. between, new("CN", commonName)];

        public PkitsCertificate Issue(string label, CertificateSpec spec)
        {
            if (!_labels.Add(label))
                throw new InvalidOperationException($"Two certificates are labelled '{label}': keys and serials would repeat.");
            return PkitsCertificates.Issue(spec, label);
        }

        /// <summary>A CA named <paramref name="label"/>, issued by <paramref name="issuer"/> (the trust anchor by default).</summary>
        public PkitsCertificate Ca(string label, PkitsCertificate? issuer = null, Func<CertificateSpec, CertificateSpec>? with = null)
        {
            var spec = new CertificateSpec { Subject = Name(label), Issuer = issuer ?? Anchor, IsCa = true };
            return Issue(label, with is null ? spec : with(spec));
        }

        /// <summary>An end entity named after its test, issued by <paramref name="issuer"/>.</summary>
        public PkitsCertificate Ee(string label, PkitsCertificate issuer, Func<CertificateSpec, CertificateSpec>? with = null)
        {
            var spec = new CertificateSpec { Subject = Name(label + " EE"), Issuer = issuer };
            return Issue(label + " EE", with is null ? spec : with(spec));
        }

        /// <summary>The current, empty, complete CRL of <paramref name="signer"/>.</summary>
        public string Crl(PkitsCertificate signer)
        {
            if (!_defaultCrls.TryGetValue(signer.Label, out var pem))
                _defaultCrls[signer.Label] = pem = Crl("default", new CrlSpec { Signer = signer });
            return pem;
        }

        /// <summary>A CRL as specified; <paramref name="label"/> tells its signature's randomness apart from the signer's other CRLs.</summary>
        public string Crl(string label, CrlSpec spec)
        {
            var purpose = $"crl|{spec.Signer.Label}|{label}";
            if (!_labels.Add(purpose))
                throw new InvalidOperationException($"Two CRLs of {spec.Signer.Label} are labelled '{label}'.");
            return Pem.Encode(PkitsCrls.Issue(spec, purpose), "X509 CRL");
        }

        /// <summary>The default CRLs of the anchor and the given CAs: what a path through them needs.</summary>
        public string[] Crls(params PkitsCertificate[] cas) => [Crl(Anchor), .. cas.Select(Crl)];

        public static CrlEntrySpec Revoked(PkitsCertificate certificate, Pkix.Revocation.CrlReason reason = Pkix.Revocation.CrlReason.KeyCompromise) =>
            new(certificate.Serial, reason);

        /// <summary>Adds one case; <paramref name="section"/> is the PKITS test number it mirrors (e.g. 4.1.5, or 4.1.x for one of ours).</summary>
        public void Add(string section, string slug, string description, bool succeeds, PkitsCertificate leaf, IEnumerable<PkitsCertificate> intermediates,
            IEnumerable<string> crls, Func<LimboTestcase, LimboTestcase>? with = null, IReadOnlyList<string>? features = null)
        {
            var crlList = crls.ToList();
            var testcase = new LimboTestcase
            {
                Id = $"evs::pkits-style::s{section}-{slug}",
                Description = $"PKITS {section}: {description}",
                ValidationKind = "CLIENT",
                TrustedCerts = [Anchor.Pem],
                UntrustedIntermediates = intermediates.Select(c => c.Pem).ToList(),
                PeerCertificate = leaf.Pem,
                ValidationTime = ValidationTime,
                ExpectedResult = succeeds ? "SUCCESS" : "FAILURE",
                Crls = crlList,
                Features = [.. features ?? [], .. crlList.Count > 0 ? ["has-crl"] : Array.Empty<string>()],
            };
            Cases.Add(with is null ? testcase : with(testcase));
        }

        private static BigInteger Serial(string hex) => BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }
}
