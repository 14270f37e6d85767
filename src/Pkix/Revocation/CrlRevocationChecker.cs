using Pkix.Validation;

namespace Pkix.Revocation;

/// <summary>Whose keys may sign the CRLs a certificate's status is taken from.</summary>
public enum CrlSignerScope
{
    /// <summary>RFC 5280 §6.3.3 (f): any certificate of the CRL issuer with cRLSign and a valid path to the same trust anchor.</summary>
    AnyKeyOfTheCrlIssuer,

    /// <summary>
    /// Stricter than the RFC: the certificate issuer's own key, or a CRL-signing key that key certified. For CAs
    /// whose generations share one DN, "the same name" would let one generation's CRL vouch for the other's certificates.
    /// </summary>
    IssuerKeyOrKeysItCertified,
}

/// <summary>What RFC 5280 §6.3 CRL processing needs besides the path and the CRLs.</summary>
public sealed record CrlCheckOptions
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>Tolerance for thisUpdate/nextUpdate against <see cref="Time"/>.</summary>
    public TimeSpan ClockSkew { get; init; }

    /// <summary>The signature algorithms accepted on CRLs and on the certificates of a CRL signer's path.</summary>
    public required SignatureAlgorithmPolicy SignaturePolicy { get; init; }

    /// <summary>Certificates among which the signer of a CRL, and the path to it, may be found (besides the path itself).</summary>
    public IReadOnlyList<PkixCertificate> CandidateSigners { get; init; } = [];

    public CrlSignerScope Signers { get; init; } = CrlSignerScope.AnyKeyOfTheCrlIssuer;

    /// <summary>Depth limit for the path of a CRL signer that is not on the certificate's path.</summary>
    public int MaxIntermediates { get; init; } = 8;
}

/// <summary>
/// RFC 5280 §6.3.3 CRL processing for the certificates of a validated path: CRLs matched to each
/// certificate by issuer and distribution point (full names, names relative to the CRL issuer,
/// cRLIssuer and indirect CRLs with certificateIssuer carried forward), the issuing distribution
/// point's scope, reason masks accumulated over partitions until every reason is covered, delta CRLs
/// on their base, removeFromCRL, and each CRL's signer validated on its own path to the same anchor.
/// One instance serves one validation (it remembers the signer paths and statuses it worked out).
/// </summary>
public sealed class CrlRevocationChecker(CrlStore crls, CrlCheckOptions options)
{
    /// <summary>How deep CRL signer paths may nest (a signer whose certificate's CRL has another signer…).</summary>
    private const int MaxSignerNesting = 4;

    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RevocationStatus> _statuses = new(StringComparer.Ordinal);
    private int _nesting;

    /// <summary>The status of every certificate of the path below the anchor, leaf first; the first that is not good.</summary>
    public RevocationStatus CheckPath(CertificationPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var index = 0; index < path.Certificates.Count - 1; index++)
        {
            if (Check(path, index) is { IsGood: false } status)
                return status;
        }

        return RevocationStatus.Good;
    }

    /// <summary>The status of certificate <paramref name="index"/> of <paramref name="path"/> (issued by the certificate after it).</summary>
    public RevocationStatus Check(CertificationPath path, int index)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index >= path.Certificates.Count - 1)
            return RevocationStatus.Good;
        var certificate = path.Certificates[index];
        var id = Identity(certificate);
        if (_statuses.TryGetValue(id, out var known))
            return known;
        // A CRL may vouch for the certificate of its own signing key (PKITS 4.5.6): while that certificate's
        // status is being worked out, its key is taken as good, and its listing on that CRL still counts.
        if (!_inProgress.Add(id))
            return RevocationStatus.Good;
        try
        {
            var status = Determine(path, index);
            _statuses[id] = status;
            return status;
        }
        finally
        {
            _inProgress.Remove(id);
        }
    }

    private RevocationStatus Determine(CertificationPath path, int index)
    {
        var certificate = path.Certificates[index];
        var issuer = path.Certificates[index + 1];
        var reasons = ReasonFlags.None;
        var failure = new FailureRanking();
        foreach (var point in certificate.CrlDistributionPoints ?? [DistributionPoint.Implicit])
        {
            var crlIssuers = point.CrlIssuer is { } named
                ? named.Where(n => n.Kind == GeneralNameKind.Directory).Select(n => n.Directory!).ToList()
                : [certificate.Issuer];
            foreach (var crl in crlIssuers.SelectMany(crls.IssuedBy).Where(c => !c.IsDelta).OrderBy(c => SignedByIssuerKey(c, issuer) ? 0 : 1).ThenByDescending(c => c.ThisUpdate))
            {
                if (reasons == ReasonFlags.AllReasons)
                    break;
                if (Applicability(crl, certificate, point) is not { } interim)
                {
                    failure.Note(1, new CertificateFailure(CertificateFailureCode.RevocationUnknown, $"{crl} is scoped to other certificates than {certificate}"));
                    continue;
                }

                // (e): a CRL that adds no reason not covered yet need not be processed.
                if ((interim & ~reasons) == ReasonFlags.None)
                    continue;
                if (crl.Defect is { } defect)
                {
                    failure.Note(2, new CertificateFailure(defect.Code, $"{crl} is not relied on: {defect.Detail}"));
                    continue;
                }

                if (crl.ThisUpdate > options.Time + options.ClockSkew)
                {
                    failure.Note(3, crl.CheckFreshness(options.Time, options.ClockSkew)!);
                    continue;
                }

                var (signer, signerFailure) = FindSigner(crl, path, index);
                if (signer is null)
                {
                    failure.Note(4, signerFailure!);
                    continue;
                }

                // (a) and (c): a complete CRL past its nextUpdate still serves when a current delta brings it up to date.
                var delta = CurrentDelta(crl, signer);
                if (delta is null && crl.CheckFreshness(options.Time, options.ClockSkew) is { } stale)
                {
                    failure.Note(3, stale);
                    continue;
                }

                // (i), (j), (k): the delta decides first; removeFromCRL there undoes a hold on the base.
                var onDelta = delta?.ReasonFor(certificate);
                if ((onDelta ?? crl.ReasonFor(certificate)) is { } listed && listed != CrlReason.RemoveFromCrl)
                    return RevocationStatus.Fail(CertificateFailureCode.Revoked, $"{certificate} is on the {(onDelta is null ? crl : delta)} (reason {listed})");

                reasons |= interim;
            }
        }

        if (reasons == ReasonFlags.AllReasons)
            return RevocationStatus.Good;
        return new RevocationStatus(failure.Best ?? new CertificateFailure(CertificateFailureCode.RevocationUnknown,
            reasons == ReasonFlags.None
                ? $"no usable CRL covers {certificate}"
                : $"the usable CRLs cover only the reasons {reasons} for {certificate}"));
    }

    /// <summary>
    /// RFC 5280 §6.3.3 (b) and (d): whether the complete CRL speaks for the certificate through this distribution
    /// point, and for which reasons; null when it does not.
    /// </summary>
    private static ReasonFlags? Applicability(CrlIndex crl, PkixCertificate certificate, DistributionPoint point)
    {
        // (b)(1): a CRL issuer named in the point must issue an indirect CRL; otherwise the CRL is the certificate issuer's.
        if (point.CrlIssuer is not null ? crl.Scope is not { Indirect: true } : !crl.Issuer.Equals(certificate.Issuer))
            return null;
        if (crl.Scope is { } scope)
        {
            if (scope.Name is { } scopeName)
            {
                var crlNames = scopeName.Resolve(crl.Issuer);
                IReadOnlyList<GeneralName> pointNames = point.Name is { } pointName
                    ? pointName.Resolve(point.CrlIssuer?.FirstOrDefault(n => n.Kind == GeneralNameKind.Directory)?.Directory ?? certificate.Issuer)
                    : point.CrlIssuer
                      // Our reading for a certificate without the extension: its implicit point is named by its issuer's DN.
                      ?? [new GeneralName(GeneralNameKind.Directory, null, null, certificate.Issuer)];
                if (!GeneralNameMatch.AnyInCommon(crlNames, pointNames))
                    return null;
            }

            if ((scope.OnlyUserCertificates && certificate.IsCa == true) || (scope.OnlyCaCertificates && certificate.IsCa != true) || scope.OnlyAttributeCertificates)
                return null;
        }

        return (crl.Scope?.OnlySomeReasons ?? ReasonFlags.AllReasons) & (point.Reasons ?? ReasonFlags.AllReasons);
    }

    /// <summary>
    /// RFC 5280 §6.3.3 (f) and (g): the key that verifies the CRL, from a certificate of the CRL issuer with cRLSign
    /// whose path ends at the certificate path's anchor (a certificate of that path, or one validated here, with
    /// its own revocation status checked).
    /// </summary>
    private (Signer? Signer, CertificateFailure? Failure) FindSigner(CrlIndex crl, CertificationPath path, int index)
    {
        var issuer = path.Certificates[index + 1];
        CertificateFailure? failure = null;
        // A CRL loaded with CrlIndex.Load was verified then with its signer's own key; otherwise verify it now.
        CertificateFailure? Verify(object? key) => crl.Signer is not null ? null : crl.VerifySignature(key, options.SignaturePolicy);
        foreach (var (candidate, pathIndex) in SignerCandidates(crl, path, index))
        {
            if (options.Signers == CrlSignerScope.IssuerKeyOrKeysItCertified && pathIndex != index + 1
                && !(PathValidator.SameCa(candidate, issuer) || (PathValidator.CouldHaveIssued(issuer, candidate) && candidate.AuthorityKeyIdentifier is not null)))
            {
                failure ??= new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"{crl} is signed by {candidate}, neither the issuer's key nor one it certified");
                continue;
            }

            if (candidate.KeyUsage is { } usage && !usage.HasFlag(KeyUsageBits.CrlSign))
            {
                failure = new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"{candidate} may not sign CRLs (no cRLSign)");
                continue;
            }

            if (pathIndex >= 0)
            {
                if (Verify(path.WorkingKey(pathIndex)) is { } bad)
                {
                    failure = bad;
                    continue;
                }

                return (new Signer(candidate, path.WorkingKey(pathIndex)), null);
            }

            // A key of its own: a wrong key is cheaper to rule out by the signature than by a path.
            if (!candidate.InheritsKeyParameters && Verify(candidate.PublicKey) is { } wrongKey)
            {
                failure = wrongKey;
                continue;
            }

            var (signerPath, pathFailure) = SignerPath(candidate, path);
            if (signerPath is null)
            {
                failure = pathFailure;
                continue;
            }

            var key = signerPath.WorkingKey(0);
            if (candidate.InheritsKeyParameters && Verify(key) is { } badInherited)
            {
                failure = badInherited;
                continue;
            }

            return (new Signer(candidate, key), null);
        }

        return (null, failure ?? new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"no certificate of {crl.Issuer} at hand can have signed {crl}"));
    }

    /// <summary>A validated CRL signer: its certificate and working key.</summary>
    private sealed record Signer(PkixCertificate Certificate, object? Key);

    private IEnumerable<(PkixCertificate Certificate, int PathIndex)> SignerCandidates(CrlIndex crl, CertificationPath path, int index)
    {
        bool Fits(PkixCertificate c) => c.Subject.Equals(crl.Issuer)
            && (crl.AuthorityKeyIdentifier is null || c.SubjectKeyIdentifier is null || crl.AuthorityKeyIdentifier.AsSpan().SequenceEqual(c.SubjectKeyIdentifier));
        // The certificate itself counts: a CA's CRL may cover the self-issued certificate of the key that signs it
        // (PKITS 4.5.6, key rollover); that key is validated as this path's intermediate, exempt from the CA's own
        // name constraints as RFC 5280 6.1.3 (b) exempts self-issued intermediates (our reading).
        int IndexOnPath(PkixCertificate c)
        {
            for (var i = index; i < path.Certificates.Count; i++)
            {
                if (PathValidator.SameCa(path.Certificates[i], c))
                    return i;
            }

            return -1;
        }

        // A CRL loaded with CrlIndex.Load names the certificate that verified it.
        if (crl.Signer is { } known)
        {
            yield return (known, IndexOnPath(known));
            yield break;
        }

        var offered = new List<PkixCertificate>();
        for (var i = index; i < path.Certificates.Count; i++)
        {
            if (Fits(path.Certificates[i]) && !offered.Any(o => PathValidator.SameCa(o, path.Certificates[i])))
            {
                offered.Add(path.Certificates[i]);
                yield return (path.Certificates[i], i);
            }
        }

        foreach (var other in options.CandidateSigners)
        {
            if (Fits(other) && !offered.Any(o => PathValidator.SameCa(o, other)))
            {
                offered.Add(other);
                yield return (other, IndexOnPath(other));
            }
        }
    }

    /// <summary>The CRL signer's own path to the certificate path's anchor (§6.3.3 f: the same trust anchor), with every certificate on it not revoked.</summary>
    private (CertificationPath? Path, CertificateFailure? Failure) SignerPath(PkixCertificate signer, CertificationPath certificatePath)
    {
        if (_nesting >= MaxSignerNesting)
            return (null, new CertificateFailure(CertificateFailureCode.RevocationUnknown, $"the CRL signer {signer} is nested too deep in other CRL signers"));
        var validation = PathValidator.Validate(signer, new PathValidationOptions
        {
            Anchors = [certificatePath.Anchor],
            Intermediates = [.. options.CandidateSigners, .. certificatePath.Certificates.Skip(1).SkipLast(1)],
            Time = options.Time,
            SignaturePolicy = options.SignaturePolicy,
            MaxIntermediates = options.MaxIntermediates,
        });
        if (validation.Path is not { } signerPath)
            return (null, new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"the CRL signer {signer} has no valid path to {certificatePath.Anchor}: {validation.Failure}"));
        _nesting++;
        try
        {
            return CheckPath(signerPath) is { IsGood: false } status
                ? (null, new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"the CRL signer {signer} is not in good standing: {status.Failure}"))
                : (signerPath, null);
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>RFC 5280 §6.3.3 (c) and (h): the newest current delta CRL that applies to this complete CRL and verifies with its signer's key.</summary>
    private CrlIndex? CurrentDelta(CrlIndex complete, Signer signer) =>
        crls.IssuedBy(complete.Issuer)
            .Where(d => d.IsDelta && d.Defect is null && d.DeltaBase <= complete.Number && d.Number > complete.Number
                && (d.Scope?.Der ?? []).AsSpan().SequenceEqual(complete.Scope?.Der ?? [])
                && (complete.AuthorityKeyIdentifier is null || (d.AuthorityKeyIdentifier ?? []).AsSpan().SequenceEqual(complete.AuthorityKeyIdentifier))
                && d.CheckFreshness(options.Time, options.ClockSkew) is null)
            .OrderByDescending(d => d.Number)
            .FirstOrDefault(d => d.Signer is { } loadedWith ? PathValidator.SameCa(loadedWith, signer.Certificate) : d.VerifySignature(signer.Key, options.SignaturePolicy) is null);

    private static bool SignedByIssuerKey(CrlIndex crl, PkixCertificate issuer) =>
        crl.Signer is { } signer ? PathValidator.SameCa(signer, issuer)
            : crl.AuthorityKeyIdentifier is { } aki && issuer.SubjectKeyIdentifier is { } ski && aki.AsSpan().SequenceEqual(ski);

    private static string Identity(PkixCertificate certificate) =>
        $"{certificate.Issuer.CanonicalKey}\u0001{certificate.SerialHex}\u0001{certificate.KeyIdHex}";

    /// <summary>Keeps the most telling reason no CRL could be used: a bad signature says more than staleness, staleness more than scope.</summary>
    private sealed class FailureRanking
    {
        private int _rank;

        public CertificateFailure? Best { get; private set; }

        public void Note(int rank, CertificateFailure failure)
        {
            if (rank < _rank)
                return;
            _rank = rank;
            Best = failure;
        }
    }
}
