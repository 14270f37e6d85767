using System.Collections.Concurrent;
using Pkix.Revocation;
using Pkix.Validation;

namespace Domain.Certificates.Cards;

/// <summary>The anchors accepted for one kind of card, and the issuing CAs through which a path to them may run.</summary>
public sealed record KindTrust(IReadOnlyList<PkixCertificate> Anchors, IReadOnlyList<PkixCertificate> IssuingCas);

/// <summary>
/// Taiwan trust configuration: anchors per expected kind (organisation: the GRCA root via GCA, XCA,
/// MOEACA, HCA; citizen: the GRCA root via MOICA's generations) and the test CAs refused wherever
/// they appear, by key identifier, even when someone configured their root as an anchor.
/// </summary>
public sealed record TrustConfiguration
{
    public required IReadOnlyDictionary<CertificateKind, KindTrust> Kinds { get; init; }

    /// <summary>Upper-case hex key identifiers of test CAs (政府測試憑證管理中心 and the like).</summary>
    public IReadOnlySet<string> DeniedKeyIds { get; init; } = new HashSet<string>();
}

/// <summary>Which revocation source is asked first, and what happens when none answers.</summary>
public enum RevocationMode
{
    /// <summary>The loaded CRL when there is a fresh one for the issuer, otherwise OCSP (the default: no network on the warm path).</summary>
    CrlThenOcsp,

    /// <summary>OCSP first; a loaded fresh CRL when the responder is unreachable.</summary>
    OcspThenCrl,

    CrlOnly,
    OcspOnly,
}

/// <summary>Revocation settings. Fail closed by default: no fresh answer, no sign-in.</summary>
public sealed record RevocationOptions
{
    public RevocationMode Mode { get; init; } = RevocationMode.CrlThenOcsp;

    /// <summary>Accept a certificate when no source could answer (never for a revoked answer). Off by default.</summary>
    public bool SoftFail { get; init; }

    /// <summary>Tolerance for the CRL's thisUpdate/nextUpdate against our clock.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>A card certificate that passed every check: its facts and the validated path.</summary>
public sealed record ValidatedCardCertificate(CertificateFacts Facts, CertificationPath Path);

/// <summary>The outcome of validating a card certificate.</summary>
public readonly record struct CardCertificateResult(ValidatedCardCertificate? Certificate, CardFailure? Failure)
{
    public bool IsValid => Certificate is not null;

    public static CardCertificateResult Fail(CertificateFailureCode code, string detail) => new(null, CardFailure.Of(code, detail));

    public static CardCertificateResult Fail(CardCheck check, string detail) => new(null, CardFailure.Of(check, detail));

    public static CardCertificateResult Fail(CertificateFailure failure) => new(null, CardFailure.Of(failure));
}

/// <summary>
/// Validates a card's certificate for an expected kind: kind, test-CA deny-list, RFC 5280 path to the
/// kind's anchors at the <see cref="TimeProvider"/>'s instant under <see cref="SignatureAlgorithmPolicy.Strong"/>,
/// leaf key usage, revocation (CRL / OCSP) of the card and of its issuing CA. Validated CA paths are
/// cached per issuer key and day, so a warm validation costs one signature check, the §6.1 checks over
/// three certificates and two hash-table lookups.
/// </summary>
public sealed class CardCertificateValidator(
    TrustConfiguration trust,
    CrlStore crls,
    OcspClient? ocsp,
    RevocationOptions revocation,
    TimeProvider time)
{
    /// <summary>Issuing CAs a card path may run through below the root (Taiwan's hierarchies have one or two).</summary>
    public const int MaxIntermediates = 4;

    private readonly ConcurrentDictionary<(CertificateKind Kind, string IssuerKeyId, DateOnly Day), IReadOnlyList<PkixCertificate>> _caPaths = new();

    // Key identifiers are compared as hex whatever case the configuration wrote them in.
    private readonly HashSet<string> _deniedKeyIds = new(trust.DeniedKeyIds, StringComparer.OrdinalIgnoreCase);

    public async Task<CardCertificateResult> ValidateAsync(byte[] certificateDer, CertificateKind expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        var parse = PkixCertificate.Parse(certificateDer);
        if (parse.Certificate is not { } leaf)
            return CardCertificateResult.Fail(CertificateFailureCode.Malformed, "the certificate cannot be read: " + parse.Error);
        return await ValidateAsync(leaf, expected, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CardCertificateResult> ValidateAsync(PkixCertificate leaf, CertificateKind expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var parsed = CertificateParser.Parse(leaf.Der);
        if (!parsed.Succeeded)
            return CardCertificateResult.Fail(CertificateFailureCode.Malformed, $"{parsed.Code}: {parsed.Detail}");
        var facts = parsed.Facts;
        if (_deniedKeyIds.Contains(leaf.AuthorityKeyIdHex) || _deniedKeyIds.Contains(leaf.KeyIdHex))
            return CardCertificateResult.Fail(CardCheck.TestCertificate, $"{leaf} is issued by a test CA (key {leaf.AuthorityKeyIdHex})");
        if (facts.Kind != expected)
            return CardCertificateResult.Fail(CardCheck.WrongKind, $"a {facts.Kind} certificate where a {expected} one is expected");
        if (!trust.Kinds.TryGetValue(expected, out var kindTrust))
            return CardCertificateResult.Fail(CertificateFailureCode.UntrustedIssuer, $"no anchors are configured for {expected} certificates");

        var now = time.GetUtcNow();
        var pathResult = BuildPath(leaf, expected, kindTrust, now);
        if (pathResult.Failure is { } pathFailure)
            return CardCertificateResult.Fail(pathFailure);
        var path = pathResult.Path!;
        if (path.Certificates.Skip(1).FirstOrDefault(c => _deniedKeyIds.Contains(c.KeyIdHex)) is { } testCa)
            return CardCertificateResult.Fail(CardCheck.TestCertificate, $"the path runs through the test CA {testCa}");
        if (leaf.KeyUsage is not { } usage || !usage.HasFlag(KeyUsageBits.DigitalSignature))
            return CardCertificateResult.Fail(CertificateFailureCode.KeyUsage, $"{leaf} does not allow digitalSignature");

        var status = await CheckRevocationAsync(path, kindTrust, now, cancellationToken).ConfigureAwait(false);
        return status.Failure is { } revocationFailure
            ? CardCertificateResult.Fail(revocationFailure)
            : new CardCertificateResult(new ValidatedCardCertificate(facts, path), null);
    }

    private PathValidationResult BuildPath(PkixCertificate leaf, CertificateKind kind, KindTrust kindTrust, DateTimeOffset now)
    {
        var options = new PathValidationOptions
        {
            Anchors = kindTrust.Anchors,
            Intermediates = kindTrust.IssuingCas,
            Time = now,
            MaxIntermediates = MaxIntermediates,
            SignaturePolicy = SignatureAlgorithmPolicy.Strong,
        };
        var key = (kind, leaf.AuthorityKeyIdHex, DateOnly.FromDateTime(now.UtcDateTime));
        if (leaf.AuthorityKeyIdentifier is not null && _caPaths.TryGetValue(key, out var cached) && leaf.Issuer.Equals(cached[0].Subject))
            return PathValidator.ValidateOnPath(leaf, cached, options);

        var result = PathValidator.Validate(leaf, options);
        if (result.Path is { } path && leaf.AuthorityKeyIdentifier is not null)
        {
            // Paths of earlier days are never asked for again.
            foreach (var old in _caPaths.Keys.Where(k => k.Day != key.Item3))
                _caPaths.TryRemove(old, out _);
            _caPaths[key] = path.Certificates.Skip(1).ToList();
        }

        return result;
    }

    /// <summary>
    /// Revocation of every certificate below the anchor (the card and the issuing CA), leaf first. Each asks the
    /// configured sources in order: the loaded CRLs through RFC 5280 §6.3 (the issuing CA's status comes from
    /// the root's CRL), or OCSP at the certificate's responder.
    /// </summary>
    private async Task<RevocationStatus> CheckRevocationAsync(CertificationPath path, KindTrust kindTrust, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var checker = new CrlRevocationChecker(crls, new CrlCheckOptions
        {
            Time = now,
            ClockSkew = revocation.ClockSkew,
            SignaturePolicy = SignatureAlgorithmPolicy.Strong,
            CandidateSigners = kindTrust.IssuingCas,
            Signers = CrlSignerScope.IssuerKeyOrKeysItCertified,
            MaxIntermediates = MaxIntermediates,
        });
        for (var index = 0; index < path.Certificates.Count - 1; index++)
        {
            var status = await CheckRevocationAsync(checker, path, index, cancellationToken).ConfigureAwait(false);
            if (!status.IsGood)
                return status;
        }

        return RevocationStatus.Good;
    }

    private async Task<RevocationStatus> CheckRevocationAsync(CrlRevocationChecker checker, CertificationPath path, int index, CancellationToken cancellationToken)
    {
        RevocationStatus FromCrl() => checker.Check(path, index);

        async Task<RevocationStatus> FromOcsp() => ocsp is null
            ? RevocationStatus.Fail(CertificateFailureCode.OcspUnavailable, "OCSP is not configured")
            : await ocsp.CheckAsync(path.Certificates[index], path.Certificates[index + 1], cancellationToken).ConfigureAwait(false);

        // Only "no answer" falls through to the other source; revoked, unknown or a forged answer stand.
        static bool NoAnswer(RevocationStatus s) => s.Failure?.Code is CertificateFailureCode.RevocationUnknown or CertificateFailureCode.CrlStale
            or CertificateFailureCode.OcspUnavailable or CertificateFailureCode.OcspTimeout;

        RevocationStatus status;
        switch (revocation.Mode)
        {
            case RevocationMode.CrlOnly:
                status = FromCrl();
                break;
            case RevocationMode.OcspOnly:
                status = await FromOcsp().ConfigureAwait(false);
                break;
            case RevocationMode.OcspThenCrl:
                status = await FromOcsp().ConfigureAwait(false);
                if (NoAnswer(status) && FromCrl() is var crl && !NoAnswer(crl))
                    status = crl;
                break;
            default:
                status = FromCrl();
                if (NoAnswer(status))
                    status = await FromOcsp().ConfigureAwait(false);
                break;
        }

        return revocation.SoftFail && NoAnswer(status) ? RevocationStatus.Good : status;
    }
}
