namespace Pkix.Validation;

/// <summary>What the caller asks of a path: the instant, the anchors, the pool of intermediates and the uses of the leaf.</summary>
public sealed record PathValidationOptions
{
    /// <summary>Certificates trusted a priori (their own profile, validity, path length and name constraints are still enforced).</summary>
    public required IReadOnlyList<PkixCertificate> Anchors { get; init; }

    /// <summary>Untrusted CA certificates that path building may use.</summary>
    public IReadOnlyList<PkixCertificate> Intermediates { get; init; } = [];

    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// The most intermediates a path may have, leaf and anchor not counted and self-issued intermediates
    /// (key rollover) not counted either, as RFC 5280 counts path length (Limbo's <c>max_chain_depth</c>).
    /// </summary>
    public int MaxIntermediates { get; init; } = 8;

    /// <summary>Key usage bits the leaf must assert when it carries the extension (all of them).</summary>
    public KeyUsageBits RequiredLeafKeyUsage { get; init; }

    /// <summary>Extended key usages the leaf must allow when it carries the extension.</summary>
    public IReadOnlyList<string> RequiredExtendedKeyUsages { get; init; } = [];

    /// <summary>RFC 5280 user-initial-policy-set; null (or one containing anyPolicy) accepts any policy.</summary>
    public IReadOnlySet<string>? InitialPolicySet { get; init; }

    /// <summary>RFC 5280 initial-explicit-policy: the path must be valid for at least one policy of the set.</summary>
    public bool InitialExplicitPolicy { get; init; }

    /// <summary>RFC 5280 initial-policy-mapping-inhibit.</summary>
    public bool InitialPolicyMappingInhibit { get; init; }

    /// <summary>RFC 5280 initial-any-policy-inhibit.</summary>
    public bool InitialAnyPolicyInhibit { get; init; }

    /// <summary>The signature algorithms and keys acceptable for this validation (certificates and CRLs).</summary>
    public required SignatureAlgorithmPolicy SignaturePolicy { get; init; }
}

/// <summary>A path that passed RFC 5280 validation: leaf first, the anchor last.</summary>
public sealed record CertificationPath(IReadOnlyList<PkixCertificate> Certificates)
{
    private readonly IReadOnlyList<object?>? _workingKeys;

    internal CertificationPath(IReadOnlyList<PkixCertificate> certificates, IReadOnlyList<object?> workingKeys)
        : this(certificates) => _workingKeys = workingKeys;

    public PkixCertificate Leaf => Certificates[0];

    public PkixCertificate Anchor => Certificates[^1];

    /// <summary>The certificate that signed the leaf.</summary>
    public PkixCertificate Issuer => Certificates[1];

    /// <summary>
    /// The working public key of certificate <paramref name="index"/> (RFC 5280 §6.1.4 d–f): its own key, or
    /// for a DSA key without parameters, that key with the parameters inherited from above.
    /// </summary>
    internal object? WorkingKey(int index) => _workingKeys is { } keys ? keys[index] : Certificates[index].PublicKey;
}

/// <summary>The outcome of path building and validation: a path, or the most telling reason none was valid.</summary>
public readonly record struct PathValidationResult(CertificationPath? Path, CertificateFailure? Failure)
{
    public bool IsValid => Path is not null;

    public static PathValidationResult Fail(CertificateFailureCode code, string detail) => new(null, new CertificateFailure(code, detail));
}

/// <summary>
/// RFC 5280 path building and §6.1 validation. Building walks issuers by name, filtered by key
/// identifiers (so CAs that share a subject DN, such as two generations of one CA, are told apart), tries
/// alternatives depth first, and is bounded in depth and work against crafted inputs.
/// </summary>
public static class PathValidator
{
    /// <summary>Signature checks and candidate paths one validation may spend before giving up.</summary>
    private const int WorkBudget = 256;

    /// <summary>Certificates in a path whatever is (not) counted against <see cref="PathValidationOptions.MaxIntermediates"/>.</summary>
    private const int MaxPathCertificates = 34;

    public static PathValidationResult Validate(PkixCertificate leaf, PathValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(options);
        var search = new Search(options);
        var path = new List<PkixCertificate> { leaf };
        var result = search.Extend(path);
        return result ?? new PathValidationResult(null, search.BestFailure ?? new CertificateFailure(CertificateFailureCode.UntrustedIssuer, NoIssuer(leaf)));
    }

    /// <summary>
    /// The checks validation applies to a trust anchor before it anchors anything (its validity at <paramref name="time"/>
    /// and its profile as a CA: a critical basicConstraints with cA, keyCertSign when keyUsage is present, an SKI):
    /// null when the anchor could anchor a path, otherwise why every path through it would fail.
    /// </summary>
    public static CertificateFailure? CheckAnchor(PkixCertificate anchor, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        var second = new DateTimeOffset(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return CheckCommon(anchor, second, isCa: true, isAnchor: true);
    }

    /// <summary>
    /// Validates <paramref name="leaf"/> on a CA path found earlier for its issuer (issuer first, anchor last), as a
    /// cache of CA paths does: the leaf's signature with the issuer's key, then §6.1 over the whole path again.
    /// </summary>
    public static PathValidationResult ValidateOnPath(PkixCertificate leaf, IReadOnlyList<PkixCertificate> issuerPath, PathValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(issuerPath);
        ArgumentNullException.ThrowIfNull(options);
        if (issuerPath.Count == 0 || !CouldHaveIssued(issuerPath[0], leaf))
            return PathValidationResult.Fail(CertificateFailureCode.UntrustedIssuer, NoIssuer(leaf));
        if (CheckSignature(leaf, issuerPath[0].PublicKey, options.SignaturePolicy) is { } signatureFailure)
            return new PathValidationResult(null, signatureFailure);
        List<PkixCertificate> full = [leaf, .. issuerPath];
        var (failure, workingKeys) = ValidatePath(full, options);
        return failure is not null
            ? new PathValidationResult(null, failure)
            : new PathValidationResult(new CertificationPath(full, workingKeys), null);
    }

    private static string NoIssuer(PkixCertificate certificate) =>
        $"no trusted or intermediate certificate is {certificate.Issuer} with the key that issued {certificate}";

    /// <summary>Intermediates counted against the depth limit: those that are not self-issued (RFC 5280 counts path length so).</summary>
    private static int CountedIntermediates(List<PkixCertificate> path)
    {
        var counted = 0;
        for (var i = 1; i < path.Count; i++)
        {
            if (!path[i].IsSelfIssued)
                counted++;
        }

        return counted;
    }

    private sealed class Search(PathValidationOptions options)
    {
        private int _work;

        public CertificateFailure? BestFailure { get; private set; }

        private int _bestDepth = -1;

        public PathValidationResult? Extend(List<PkixCertificate> path)
        {
            var current = path[^1];
            var tried = 0;
            foreach (var (candidate, isAnchor) in Candidates(current))
            {
                if (path.Any(c => SameCa(c, candidate)) && !isAnchor)
                    continue;
                tried++;
                if (++_work > WorkBudget)
                {
                    Record(CertificateFailureCode.PathLength, "path building gave up: too many candidate issuers", int.MaxValue);
                    return null;
                }

                // A DSA key without parameters verifies nothing until the parameters above it are known;
                // its signature is checked once the whole path is (RFC 5280 §6.1.3 a 1 with §6.1.4 d-f).
                if (!candidate.InheritsKeyParameters
                    && CheckSignature(current, candidate.PublicKey, options.SignaturePolicy) is { } signature)
                {
                    Record(signature.Code, signature.Detail, path.Count);
                    continue;
                }

                path.Add(candidate);
                try
                {
                    if (isAnchor)
                    {
                        var (failure, keys) = ValidatePath(path, options);
                        if (failure is null)
                            return new PathValidationResult(new CertificationPath([.. path], keys), null);
                        Record(failure.Code, failure.Detail, path.Count + 1);
                    }
                    else if (CountedIntermediates(path) > options.MaxIntermediates || path.Count >= MaxPathCertificates)
                    {
                        Record(CertificateFailureCode.PathLength, $"more than {options.MaxIntermediates} intermediate certificates", path.Count);
                    }
                    else if (Extend(path) is { } found)
                    {
                        return found;
                    }
                }
                finally
                {
                    path.RemoveAt(path.Count - 1);
                }

                if (_work > WorkBudget)
                    return null;
            }

            if (tried == 0)
                Record(CertificateFailureCode.UntrustedIssuer, NoIssuer(current), path.Count);
            return null;
        }

        // Anchors first: a path that ends sooner at a trusted certificate is preferred over a longer one.
        private IEnumerable<(PkixCertificate Certificate, bool IsAnchor)> Candidates(PkixCertificate child)
        {
            foreach (var anchor in options.Anchors)
            {
                if (CouldHaveIssued(anchor, child))
                    yield return (anchor, true);
            }

            foreach (var intermediate in options.Intermediates)
            {
                if (CouldHaveIssued(intermediate, child) && !options.Anchors.Any(a => SameCa(a, intermediate) && a.Der.AsSpan().SequenceEqual(intermediate.Der)))
                    yield return (intermediate, false);
            }
        }

        // Keeps the failure of the path that got furthest: it says most about why the certificate is refused.
        private void Record(CertificateFailureCode code, string detail, int depth)
        {
            if (depth > _bestDepth)
            {
                _bestDepth = depth;
                BestFailure = new CertificateFailure(code, detail);
            }
        }
    }

    /// <summary>Could <paramref name="issuer"/> have issued <paramref name="child"/>: names chain and key identifiers (when both are present) agree.</summary>
    internal static bool CouldHaveIssued(PkixCertificate issuer, PkixCertificate child)
    {
        if (!issuer.Subject.Equals(child.Issuer))
            return false;
        // A key identifier mismatch means another key of the same-named CA (another generation).
        return child.AuthorityKeyIdentifier is null || issuer.SubjectKeyIdentifier is null
            || child.AuthorityKeyIdentifier.AsSpan().SequenceEqual(issuer.SubjectKeyIdentifier);
    }

    /// <summary>The same CA certificate as far as path building cares: one subject, one key.</summary>
    internal static bool SameCa(PkixCertificate a, PkixCertificate b) =>
        ReferenceEquals(a, b) || (a.Subject.Equals(b.Subject) && a.SubjectPublicKeyInfo.Span.SequenceEqual(b.SubjectPublicKeyInfo.Span));

    /// <summary>Does <paramref name="issuerKey"/> verify <paramref name="child"/>'s signature, with an algorithm and key the policy accepts?</summary>
    internal static CertificateFailure? CheckSignature(PkixCertificate child, object? issuerKey, SignatureAlgorithmPolicy policy)
    {
        var algorithm = SignatureVerifier.ReadAlgorithm(child.SignatureAlgorithm);
        if (policy.Check(algorithm, issuerKey, child.ToString()) is { } refused)
            return refused;
        return !child.SignatureHasUnusedBits && SignatureVerifier.Verify(issuerKey, algorithm!, child.TbsDer.Span, child.SignatureValue)
            ? null
            : new CertificateFailure(CertificateFailureCode.SignatureInvalid, $"the signature on {child} does not verify with its issuer's key");
    }

    /// <summary>
    /// RFC 5280 §6.1 over a built path (leaf first, anchor last). Signatures were checked while building,
    /// except those made by a DSA key that inherits its parameters, which are checked here with the
    /// working key; the working keys come back for revocation checking (CRLs are signed by them too).
    /// </summary>
    internal static (CertificateFailure? Failure, object?[] WorkingKeys) ValidatePath(IReadOnlyList<PkixCertificate> path, PathValidationOptions options)
    {
        static CertificateFailure Fail(CertificateFailureCode code, string detail) => new(code, detail);

        // Validity is encoded to the second: compare at the second (RFC 5280 4.1.2.5), so 5 ms past notAfter
        // is still within it and 1 ms before notBefore is not.
        var time = new DateTimeOffset(options.Time.UtcTicks - options.Time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var n = path.Count - 1;
        var anchor = path[^1];
        var constraints = new List<NameConstraintsExtension>();
        var policies = new PolicyTree(n, options.InitialPolicySet, options.InitialExplicitPolicy, options.InitialPolicyMappingInhibit, options.InitialAnyPolicyInhibit);
        var maxPathLength = n;
        var workingKeys = new object?[path.Count];
        long nameWork = 0;

        // The anchor is checked as a CA certificate too: a trusted certificate that breaks the profile is refused.
        if (CheckCommon(anchor, time, isCa: true, isAnchor: true) is { } anchorFailure)
            return (anchorFailure, workingKeys);
        // A trust anchor's key is taken as configured; DSA parameters cannot be inherited from above it.
        workingKeys[n] = anchor.PublicKey;
        if (anchor.PathLengthConstraint is { } anchorLength)
            maxPathLength = anchorLength;
        if (anchor.NameConstraints is { } anchorConstraints)
            constraints.Add(anchorConstraints);

        for (var index = n - 1; index >= 0; index--)
        {
            var certificate = path[index];
            var i = n - index;
            var isLeaf = index == 0;
            if (path[index + 1].InheritsKeyParameters && CheckSignature(certificate, workingKeys[index + 1], options.SignaturePolicy) is { } signature)
                return (signature, workingKeys);
            workingKeys[index] = PublicKeys.WithInheritedParameters(certificate.PublicKey, workingKeys[index + 1]);
            if (CheckCommon(certificate, time, isCa: !isLeaf, isAnchor: false) is { } failure)
                return (failure, workingKeys);
            if (!(certificate.IsSelfIssued && !isLeaf) && NameConstraintChecker.Check(certificate, constraints, isLeaf, ref nameWork) is { } outside)
                return (Fail(CertificateFailureCode.NameConstraints, $"{certificate}: {outside}"), workingKeys);
            if (policies.Process(certificate, i) is { } policyFailure)
                return (Fail(CertificateFailureCode.Policy, $"{certificate}: {policyFailure}"), workingKeys);
            if (isLeaf)
                break;

            if (certificate.NameConstraints is { } nameConstraints)
                constraints.Add(nameConstraints);
            if (!certificate.IsSelfIssued)
            {
                if (maxPathLength <= 0)
                    return (Fail(CertificateFailureCode.PathLength, $"{certificate} exceeds the pathLenConstraint of a CA above it"), workingKeys);
                maxPathLength--;
            }

            if (certificate.PathLengthConstraint is { } length && length < maxPathLength)
                maxPathLength = length;
        }

        var leaf = path[0];
        if (policies.WrapUp(leaf) is { } wrapUpFailure)
            return (Fail(CertificateFailureCode.Policy, wrapUpFailure), workingKeys);
        if (options.RequiredLeafKeyUsage != KeyUsageBits.None && leaf.KeyUsage is { } usage && (usage & options.RequiredLeafKeyUsage) != options.RequiredLeafKeyUsage)
            return (Fail(CertificateFailureCode.KeyUsage, $"the leaf's key usage {usage} lacks {options.RequiredLeafKeyUsage}"), workingKeys);
        if (options.RequiredExtendedKeyUsages.Count > 0 && leaf.ExtendedKeyUsages is { } ekus
            && !ekus.Contains(Oids.AnyExtendedKeyUsage) && !options.RequiredExtendedKeyUsages.All(ekus.Contains))
            return (Fail(CertificateFailureCode.ExtendedKeyUsage, $"the leaf's extended key usage does not include {string.Join(", ", options.RequiredExtendedKeyUsages)}"), workingKeys);
        return (null, workingKeys);
    }

    /// <summary>Profile, validity and extension checks that apply to one certificate wherever it stands.</summary>
    private static CertificateFailure? CheckCommon(PkixCertificate certificate, DateTimeOffset time, bool isCa, bool isAnchor)
    {
        static CertificateFailure Fail(CertificateFailureCode code, string detail) => new(code, detail);

        if (time < certificate.NotBefore)
            return Fail(CertificateFailureCode.NotYetValid, $"{certificate} is valid only from {certificate.NotBefore:u}");
        if (time > certificate.NotAfter)
            return Fail(CertificateFailureCode.Expired, $"{certificate} expired at {certificate.NotAfter:u}");
        if (certificate.Extensions.FirstOrDefault(e => e.Critical && !PkixCertificate.UnderstoodExtensions.Contains(e.Oid)) is { } unknown)
            return Fail(CertificateFailureCode.UnknownCriticalExtension, $"{certificate} has the critical extension {unknown.Oid}");
        foreach (var oid in (string[])[Oids.SubjectKeyIdentifier, Oids.AuthorityKeyIdentifier, Oids.AuthorityInfoAccess])
        {
            if (certificate.Extension(oid) is { Critical: true })
                return Fail(CertificateFailureCode.Malformed, $"{certificate} marks {oid} critical, which RFC 5280 forbids");
        }

        if (certificate.Subject.IsEmpty && certificate.Extension(Oids.SubjectAltName) is not { Critical: true })
            return Fail(CertificateFailureCode.Malformed, $"{certificate} has an empty subject without a critical subjectAltName");
        // Only a self-issued certificate may omit the AKI; a trusted cross-certificate must carry one too.
        if (!certificate.IsSelfIssued && certificate.Version == 3 && certificate.AuthorityKeyIdentifier is null)
            return Fail(CertificateFailureCode.Malformed, $"{certificate} lacks the authority key identifier");

        // RFC 5280 4.2.1.10: name constraints belong in CA certificates only, and there marked critical.
        if (certificate.Extension(Oids.NameConstraints) is { } nameConstraints && (!isCa || !nameConstraints.Critical))
            return Fail(CertificateFailureCode.NameConstraints, isCa ? $"{certificate} does not mark nameConstraints critical" : $"the end-entity {certificate} carries nameConstraints");

        // RFC 5280 4.2.1.14: inhibitAnyPolicy MUST be critical. policyConstraints (4.2.1.11) is not checked so: its "MUST
        // be critical" binds the issuing CA, §6.1.4 (i) processes the extension whatever its flag, and NIST PKITS (4.8,
        // 4.10, 4.12) expects such paths to validate (x509-limbo's rfc5280::pc::ica-noncritical-pc expects the opposite).
        if (certificate.Extension(Oids.InhibitAnyPolicy) is { Critical: false })
            return Fail(CertificateFailureCode.Policy, $"{certificate} does not mark {Oids.InhibitAnyPolicy} critical");

        if (!isCa)
        {
            if (certificate.KeyUsage is { } leafUsage && leafUsage.HasFlag(KeyUsageBits.KeyCertSign) && certificate.IsCa != true)
                return Fail(CertificateFailureCode.BasicConstraints, $"{certificate} asserts keyCertSign without being a CA");
            return null;
        }

        // A version 1 anchor is a bare trusted key and name (RFC 5280 §6.1.1 d); every other CA must say it is one.
        if (isAnchor && certificate.Version == 1)
            return null;
        if (certificate.Subject.IsEmpty)
            return Fail(CertificateFailureCode.Malformed, $"the CA certificate issued by {certificate.Issuer} has an empty subject");
        if (certificate.IsCa != true)
            return Fail(CertificateFailureCode.BasicConstraints, $"{certificate} is not a CA (basicConstraints cA is not asserted)");
        // §6.1.4 (k) asks an intermediate to assert cA, not to mark the extension critical (PKITS 4.6.4 accepts a
        // non-critical one); a trust anchor, taken as given, must at least be a conforming CA certificate.
        if (isAnchor && certificate.Extension(Oids.BasicConstraints) is not { Critical: true })
            return Fail(CertificateFailureCode.BasicConstraints, $"{certificate} does not mark basicConstraints critical");
        if (certificate.KeyUsage is { } usage && !usage.HasFlag(KeyUsageBits.KeyCertSign))
            return Fail(CertificateFailureCode.KeyUsage, $"{certificate} does not assert keyCertSign");
        if (certificate.SubjectKeyIdentifier is null)
            return Fail(CertificateFailureCode.Malformed, $"{certificate} lacks the subject key identifier every CA certificate must carry");
        return null;
    }
}
