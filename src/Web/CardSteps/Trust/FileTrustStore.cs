using System.Diagnostics;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.Extensions.Options;
using Pkix.Revocation;
using Pkix.Validation;

namespace Web.CardSteps.Trust;

/// <summary>
/// Trust material from files (<c>Web:Trust</c>): CA certificates per kind, the test CAs to refuse, and CRLs, read
/// once on first use and kept (MOICA's complete CRL has hundreds of thousands of entries: it must load once, not per
/// request). A CRL is indexed only after it verifies against the configured CA with its issuer's name and key; one
/// that does not is left out and logged, so certificates of that CA fail closed on revocation instead of passing.
/// Newer CRLs are added to the same <see cref="CrlStore"/> while the service runs (<see cref="CrlRefresher"/>).
/// </summary>
public sealed class FileTrustStore : ITrustStore
{
    private readonly TrustOptions _options;
    private readonly string _contentRoot;
    private readonly ILogger<FileTrustStore> _logger;
    private readonly TrustHealth? _health;
    private readonly CrlFreshness? _freshness;
    private readonly TimeProvider _time;
    private readonly Lazy<Task<TrustSnapshot>> _snapshot;

    public FileTrustStore(IOptions<CardStepOptions> options, IHostEnvironment environment, ILogger<FileTrustStore> logger,
        TrustHealth? health = null, TimeProvider? time = null, CrlFreshness? freshness = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _options = options.Value.Trust;
        _contentRoot = environment.ContentRootPath;
        _logger = logger;
        _health = health;
        _freshness = freshness;
        _time = time ?? TimeProvider.System;
        // One load for the process, whoever asks first (the warm-up at start or the first card step).
        // A load that fails stays failed until the service restarts: the operator fixes the files, then restarts.
        _snapshot = new Lazy<Task<TrustSnapshot>>(() => Task.Run(LoadReadingFiles), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether <c>Web:Trust:Directory</c> is set at all (the warm-up skips an unconfigured store).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Directory);

    public async ValueTask<TrustSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        await _snapshot.Value.WaitAsync(cancellationToken).ConfigureAwait(false);

    private TrustSnapshot LoadReadingFiles()
    {
        try
        {
            return Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustConfigurationException($"The trust material under Web:Trust:Directory cannot be read: {e.Message}", e);
        }
    }

    private TrustSnapshot Load()
    {
        var started = Stopwatch.GetTimestamp();
        if (!IsConfigured)
            throw new TrustConfigurationException("Web:Trust:Directory is not set: card steps cannot validate certificates without trust anchors (docs/architecture.md, \"Card steps\").");
        var directory = _options.FullDirectory(_contentRoot);
        if (!Directory.Exists(directory))
            throw new TrustConfigurationException($"Web:Trust:Directory {directory} does not exist.");

        var kinds = new Dictionary<CertificateKind, KindTrust>();
        foreach (var (kind, files) in _options.Kinds)
        {
            var anchors = Certificates(directory, files.Anchors, $"Web:Trust:Kinds:{kind}:Anchors");
            if (anchors.Count == 0)
                throw new TrustConfigurationException($"Web:Trust:Kinds:{kind}:Anchors names no certificate.");
            kinds[kind] = new KindTrust(anchors, Certificates(directory, files.IssuingCas, $"Web:Trust:Kinds:{kind}:IssuingCas"));
        }
        if (kinds.Count == 0)
            throw new TrustConfigurationException("Web:Trust:Kinds is empty: no kind of card would ever be accepted.");

        var denied = new HashSet<string>(_options.DeniedKeyIds.Select(id => id.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant()), StringComparer.OrdinalIgnoreCase);
        foreach (var testCa in Certificates(directory, _options.DeniedCas, "Web:Trust:DeniedCas"))
            denied.Add(testCa.KeyIdHex);

        var configuration = new TrustConfiguration { Kinds = kinds, DeniedKeyIds = denied };
        var knownCas = CrlVerification.KnownCas(configuration);
        var crls = new CrlStore();
        var crlCount = 0;
        foreach (var path in Files(directory, _options.Crls, "Web:Trust:Crls"))
        {
            if (LoadCrl(path, knownCas) is { } index)
            {
                crls.Add(index);
                crlCount++;
            }
        }

        var revocation = _options.Revocation;
        // Checked as validation will use it: what could never validate a card is reported, not loaded silently.
        var now = _time.GetUtcNow();
        var problems = TrustAudit.Check(configuration, now);
        if (_health is null)
        {
            foreach (var problem in problems)
                _logger.LogError("Trust material (files): {Problem}", problem);
        }
        else
        {
            _health.Record("files", problems, now);
        }
        var snapshot = new TrustSnapshot(
            configuration,
            crls,
            new RevocationOptions { Mode = revocation.Mode, SoftFail = revocation.SoftFail },
            revocation.Ocsp ? new OcspOptions { ResponderOverride = revocation.OcspResponder, Timeout = TimeSpan.FromSeconds(Math.Max(1, revocation.OcspTimeoutSeconds)) } : null,
            problems);
        _logger.LogInformation(
            "Trust material loaded from {Directory} in {Milliseconds} ms: {Kinds} kinds, {CaCount} CAs ({Unusable} unusable), {DeniedCount} denied key ids, {CrlCount} CRLs, revocation {Mode}, OCSP {Ocsp}",
            directory, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, kinds.Count, knownCas.Count, problems.Count, denied.Count, crlCount, revocation.Mode, revocation.Ocsp ? "on" : "off");
        return snapshot;
    }

    private CrlIndex? LoadCrl(string path, IReadOnlyList<PkixCertificate> knownCas)
    {
        var stamp = CrlVerification.Stamp(path);
        var (index, problem) = CrlVerification.Verify(File.ReadAllBytes(path), knownCas);
        _freshness?.Checked(path, _time.GetUtcNow(), problem, stamp);
        if (index is null)
        {
            _logger.LogError("CRL {File} is left out: {Reason}", path, problem!.Detail);
            return null;
        }
        _freshness?.Took(index, path, _time.GetUtcNow());
        return index;
    }

    private List<PkixCertificate> Certificates(string directory, IEnumerable<string> patterns, string key)
    {
        var certificates = new List<PkixCertificate>();
        foreach (var path in Files(directory, patterns, key))
        {
            try
            {
                foreach (var der in Pem.DecodeAll(File.ReadAllBytes(path), "CERTIFICATE"))
                {
                    var parse = PkixCertificate.Parse(der);
                    certificates.Add(parse.Certificate ?? throw new TrustConfigurationException($"{key}: {path} holds a certificate that cannot be read: {parse.Error}"));
                }
            }
            catch (FormatException e)
            {
                throw new TrustConfigurationException($"{key}: {path} is neither DER nor PEM certificates.", e);
            }
        }
        return certificates;
    }

    /// <summary>The files a list of paths names; a plain path must exist, a pattern (<c>*</c> or <c>?</c> in the file name) may match none.</summary>
    internal static IEnumerable<string> Files(string directory, IEnumerable<string> patterns, string key)
    {
        foreach (var pattern in patterns)
        {
            var full = Path.GetFullPath(Path.Combine(directory, pattern));
            var name = Path.GetFileName(full);
            if (name.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var folder = Path.GetDirectoryName(full)!;
                if (!Directory.Exists(folder))
                    continue;
                foreach (var match in Directory.EnumerateFiles(folder, name).Order(StringComparer.Ordinal))
                    yield return match;
            }
            else if (File.Exists(full))
            {
                yield return full;
            }
            else
            {
                throw new TrustConfigurationException($"{key}: {full} does not exist.");
            }
        }
    }
}
