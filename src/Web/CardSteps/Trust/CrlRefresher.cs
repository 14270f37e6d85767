using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Pkix.Revocation;
using Pkix.Validation;

namespace Web.CardSteps.Trust;

/// <summary>
/// Keeps this node's CRLs fresh (<c>Web:Trust:CrlRefresh</c>): at start and every interval it reads again the CRL files
/// that changed and downloads the configured URLs (conditionally: unchanged ones cost a 304), verifies each against
/// the configured CAs, and adds it to the CRLs the card steps use when it is newer than the one held. Nothing
/// unverified or older is ever taken; a source that fails leaves the held CRL in place, and once that one passes its
/// nextUpdate the card steps of its certificates fail closed (and /health/ready says <c>stale</c>) until a newer one
/// arrives. Each node refreshes its own; /health shows each CRL's age and each source's last answer.
/// </summary>
public sealed partial class CrlRefresher(
    ITrustStore trust, CrlFreshness freshness, IOptions<CardStepOptions> options, IHostEnvironment environment, TimeProvider time,
    ILogger<CrlRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each download has its own deadline (DownloadTimeout)
    };
    private CrlStore? _filledStore;

    private CrlRefreshOptions Settings => options.Value.Trust.CrlRefresh;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A delay per round, not a PeriodicTimer: a clock moved on by years (a test's fake clock) wakes it once,
            // not once per interval passed (ten years of hourly ticks are 87,600 timer callbacks).
            while (true)
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed pass must not stop the host (a background service's exception would): the next one tries again.
                    LogPassFailed(logger, e);
                }
                await Task.Delay(Settings.Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over every source; passes never overlap.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        TrustSnapshot snapshot;
        try
        {
            snapshot = await trust.GetAsync(cancellationToken);
        }
        catch (TrustConfigurationException)
        {
            return; // the warm-up has said why; there are no CAs to verify CRLs against
        }
        catch (System.Data.Common.DbException e)
        {
            LogTrustUnavailable(logger, e);
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // A new trust import can hand out a new set of CRLs: then every source is read into it again. The first pass
            // trusts what the loader noted of the files it read (MOICA's complete CRL is not parsed twice at start).
            var everything = _filledStore is not null && !ReferenceEquals(_filledStore, snapshot.Crls);
            var knownCas = CrlVerification.KnownCas(snapshot.Configuration);
            foreach (var path in FilePaths())
                RefreshFile(path, snapshot.Crls, knownCas, everything);
            foreach (var url in Settings.Urls)
                await RefreshUrlAsync(url, snapshot.Crls, knownCas, everything, cancellationToken);
            _filledStore = snapshot.Crls;

            var now = time.GetUtcNow();
            foreach (var crl in snapshot.Crls.All.Where(c => c.NextUpdate < now))
                LogStale(logger, crl.Issuer.ToString(), crl.NextUpdate);
        }
        finally
        {
            _gate.Release();
        }
    }

    private IEnumerable<string> FilePaths()
    {
        var trustOptions = options.Value.Trust;
        if (string.IsNullOrWhiteSpace(trustOptions.Directory))
            return [];
        var directory = trustOptions.FullDirectory(environment.ContentRootPath);
        try
        {
            return FileTrustStore.Files(directory, trustOptions.Crls, "Web:Trust:Crls").ToList();
        }
        catch (Exception e) when (e is TrustConfigurationException or IOException or UnauthorizedAccessException)
        {
            // A configured file went away: what is held stays until its nextUpdate.
            Failed(directory, CrlProblemKind.Unreachable, e.Message);
            return [];
        }
    }

    private void RefreshFile(string path, CrlStore crls, IReadOnlyList<PkixCertificate> knownCas, bool everything)
    {
        try
        {
            var stamp = CrlVerification.Stamp(path);
            var last = freshness.Status(path);
            if (!everything && last is not null && last.Stamp == stamp)
            {
                freshness.Checked(path, time.GetUtcNow(), last.Problem, stamp);
                return;
            }
            Take(path, File.ReadAllBytes(path), crls, knownCas, stamp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(path, CrlProblemKind.Unreachable, e.Message);
        }
    }

    private async Task RefreshUrlAsync(Uri url, CrlStore crls, IReadOnlyList<PkixCertificate> knownCas, bool everything, CancellationToken cancellationToken)
    {
        var source = url.ToString();
        var last = freshness.Status(source);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.DownloadTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            // Ask "changed since?" only after an answer that was fully used; otherwise fetch it whole again.
            if (!everything && last is { Problem: null, Stamp: { } stamp })
            {
                if (stamp.Tag is { } tag && EntityTagHeaderValue.TryParse(tag, out var etag))
                    request.Headers.IfNoneMatch.Add(etag);
                if (stamp.Modified is { } modified)
                    request.Headers.IfModifiedSince = modified;
            }
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotModified && request.Headers.IfNoneMatch.Count + (request.Headers.IfModifiedSince is null ? 0 : 1) > 0)
            {
                freshness.Checked(source, time.GetUtcNow(), null);
                return;
            }
            if (!response.IsSuccessStatusCode)
            {
                Failed(source, CrlProblemKind.Unreachable, $"HTTP {(int)response.StatusCode}");
                return;
            }
            if (response.Content.Headers.ContentLength > Settings.MaxDownloadBytes)
            {
                Failed(source, CrlProblemKind.TooLarge, $"larger than Web:Trust:CrlRefresh:MaxDownloadBytes ({Settings.MaxDownloadBytes} bytes)");
                return;
            }
            var data = await ReadBoundedAsync(response.Content, Settings.MaxDownloadBytes, deadline.Token);
            if (data is null)
            {
                Failed(source, CrlProblemKind.TooLarge, $"larger than Web:Trust:CrlRefresh:MaxDownloadBytes ({Settings.MaxDownloadBytes} bytes)");
                return;
            }
            Take(source, data, crls, knownCas, new CrlFreshness.SourceStamp(response.Headers.ETag?.ToString(), response.Content.Headers.LastModified, data.Length));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(source, CrlProblemKind.Unreachable, $"no answer within Web:Trust:CrlRefresh:DownloadTimeout ({Settings.DownloadTimeout})");
        }
        catch (HttpRequestException e)
        {
            Failed(source, CrlProblemKind.Unreachable, e.Message);
        }
    }

    private void Take(string source, byte[] data, CrlStore crls, IReadOnlyList<PkixCertificate> knownCas, CrlFreshness.SourceStamp stamp)
    {
        var now = time.GetUtcNow();
        var (index, problem) = CrlVerification.Verify(data, knownCas);
        freshness.Checked(source, now, problem, stamp);
        if (index is null)
        {
            LogLeftOut(logger, source, problem!.Detail);
            return;
        }
        if (crls.Add(index))
        {
            freshness.Took(index, source, now);
            LogTaken(logger, index.Issuer.ToString(), index.Number?.ToString() ?? "-", index.NextUpdate, source);
        }
    }

    private void Failed(string source, CrlProblemKind kind, string detail)
    {
        freshness.Checked(source, time.GetUtcNow(), new CrlProblem(kind, detail));
        LogSourceFailed(logger, source, detail);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                return null;
        }
        return buffer.ToArray();
    }

    public override void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CRL of {Issuer} number {Number} (next update {NextUpdate:u}) taken from {Source}")]
    private static partial void LogTaken(ILogger logger, string issuer, string number, DateTimeOffset nextUpdate, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "CRL from {Source} is left out: {Reason}")]
    private static partial void LogLeftOut(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRL source {Source} could not be read: {Reason}; the CRL held stays in use until its next update")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The CRL of {Issuer} was due for renewal at {NextUpdate:u} and no newer one was found: card steps of its certificates fail closed")]
    private static partial void LogStale(ILogger logger, string issuer, DateTimeOffset nextUpdate);

    [LoggerMessage(Level = LogLevel.Error, Message = "A CRL refresh pass failed; the next one tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRL refresh skipped: the trust material could not be read from the database")]
    private static partial void LogTrustUnavailable(ILogger logger, Exception exception);
}
