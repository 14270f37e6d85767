using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domain.ReferenceData;
using EventStore.State;
using ReadModels.Grants;
using Web.Exports;
using ReadModels.ReferenceData;
using Web.State;

namespace Web.Pages.Admin.GrantSearch;

/// <summary>Where an export stands: rows written of the total counted at its start, done, or failed.</summary>
public sealed record HandlerGrantExportProgress(string Id, int Written, int Total, bool Done, bool Failed, DateTimeOffset StartedAt)
{
    public int Percent => Total == 0 ? (Done ? 100 : 0) : (int)Math.Min(100, Written * 100L / Total);
}

/// <summary>One export as the state table keeps it (kind <c>export-job</c>); <paramref name="UpdatedAt"/> is when its node last wrote.</summary>
public sealed record HandlerGrantExportRecord(string Id, int Written, int Total, bool Done, bool Failed, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, int Chunks);

/// <summary>
/// The administrators' CSV exports as background jobs: a job streams the search's rows from the read model into an
/// <see cref="ExportFile"/> in the state table (never the whole result in memory), the page polls its progress with
/// htmx and then downloads the file — from whichever node the request lands on. A job belongs to the session subject
/// that started it; its record and file expire an hour after it started (the state sweeper deletes them). A job whose
/// node stops reporting for <see cref="Silence"/> is shown as failed.
/// </summary>
public sealed partial class HandlerGrantExports(
    HandlerGrantSearchQuery grants, FunctionCatalogueLookup catalogues, IStateStore state, StatePayload payload, TimeProvider time, ILogger<HandlerGrantExports> logger)
    : IHostedService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A running export writes its record at least this often while rows flow; one silent this long lost its node.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>This node's running exports, only so that stopping can cancel them; what they are lives in the state table.</summary>
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Cancel, Task Work)> _running = new(StringComparer.Ordinal);

    /// <summary>Starts exporting what <paramref name="search"/> matches (all pages); returns the job's id.</summary>
    public string Start(string owner, HandlerGrantSearch search)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(search);
        var now = time.GetUtcNow();
        var job = new HandlerGrantExportRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), 0, 0, false, false, now, now, 0);
        Write(owner, job);
        var cancel = new CancellationTokenSource();
        _running[job.Id] = (cancel, Task.Run(async () =>
        {
            try
            {
                await RunAsync(owner, job, search, cancel.Token);
            }
            finally
            {
                _running.TryRemove(job.Id, out _);
                cancel.Dispose();
            }
        }));
        return job.Id;
    }

    public HandlerGrantExportProgress? Progress(string owner, string id) =>
        Find(owner, id) is { } job ? new HandlerGrantExportProgress(job.Id, job.Written, job.Total, job.Done, job.Failed, job.StartedAt) : null;

    /// <summary>The finished file of the owner's job, read chunk by chunk from the state table, or null.</summary>
    public Stream? Open(string owner, string id) =>
        Find(owner, id) is { Done: true, Failed: false } job ? ExportFile.Open(state, payload, owner, job.Id, job.Chunks) : null;

    /// <summary>The download's file name: issued-grants-{Taiwan date}.csv.</summary>
    public string FileName(string owner, string id) =>
        Find(owner, id) is { } job ? $"issued-grants-{Domain.Common.RocDate.TaiwanDate(job.StartedAt):yyyyMMdd}.csv" : "issued-grants.csv";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cancels this node's running exports (they end failed, their chunks deleted).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = _running.Values.ToList();
        foreach (var (cancel, _) in running)
        {
            try
            {
                await cancel.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // finished meanwhile
            }
        }
        try
        {
            await Task.WhenAll(running.Select(r => r.Work)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // a job still running is shown failed once its record falls silent
        }
    }

    private HandlerGrantExportRecord? Find(string owner, string id)
    {
        if (string.IsNullOrEmpty(id) || state.Find(StateKinds.ExportJob, owner, id) is not { } row || payload.Read<HandlerGrantExportRecord>(row.Value) is not { } job)
            return null;
        return !job.Done && time.GetUtcNow() - job.UpdatedAt > Silence ? job with { Done = true, Failed = true } : job;
    }

    private void Write(string owner, HandlerGrantExportRecord job) =>
        state.Put(StateKinds.ExportJob, owner, job.Id, payload.Write(job), job.StartedAt + Lifetime);

    private async Task RunAsync(string owner, HandlerGrantExportRecord job, HandlerGrantSearch search, CancellationToken token)
    {
        var file = new ExportFile(state, payload, owner, job.Id, job.StartedAt + Lifetime);
        await using (file)
        {
            try
            {
                job = job with { Total = await grants.CountAsync(search, token), UpdatedAt = time.GetUtcNow() };
                Write(owner, job);
                var catalogueCache = new Dictionary<string, FunctionCatalogue?>(StringComparer.Ordinal);
                file.Append(CsvText.Encoding.GetPreamble());
                file.Append(CsvText.Encoding.GetBytes(CsvText.Line(HandlerGrantCsv.Header)));
                var written = 0;
                await foreach (var row in grants.StreamAsync(search, token))
                {
                    if (!catalogueCache.TryGetValue(row.CatalogueVersion, out var catalogue))
                        catalogueCache[row.CatalogueVersion] = catalogue = await catalogues.FindAsync(row.CatalogueVersion, token);
                    file.Append(CsvText.Encoding.GetBytes(HandlerGrantCsv.Row(row, catalogue)));
                    written++;
                    if (time.GetUtcNow() - job.UpdatedAt >= ProgressInterval)
                    {
                        job = job with { Written = written, UpdatedAt = time.GetUtcNow() };
                        Write(owner, job);
                    }
                }
                file.Flush();
                Write(owner, job with { Written = written, Done = true, Chunks = file.Chunks, UpdatedAt = time.GetUtcNow() });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e, job.Id);
                try
                {
                    ExportFile.Delete(state, owner, job.Id, file.Chunks);
                    Write(owner, job with { Done = true, Failed = true, UpdatedAt = time.GetUtcNow() });
                }
                catch (Exception unwritten) when (unwritten is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The database is away: the record falls silent and is shown failed.
                    LogFailed(logger, unwritten, job.Id);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Grant export {Job} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job);
}
