using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domain.ReferenceData;
using ReadModels.Grants;
using Web.Exports;
using ReadModels.ReferenceData;

namespace Web.Pages.Admin.GrantSearch;

/// <summary>Where an export stands: rows written of the total counted at its start, done, or failed.</summary>
public sealed record HandlerGrantExportProgress(string Id, int Written, int Total, bool Done, bool Failed, DateTimeOffset StartedAt)
{
    public int Percent => Total == 0 ? (Done ? 100 : 0) : (int)Math.Min(100, Written * 100L / Total);
}

/// <summary>
/// The administrators' CSV exports as background jobs: a job streams the search's rows from the read model into a
/// temporary file (never the whole result in memory), the page polls its progress with htmx and then downloads the
/// file. A job belongs to the session subject that started it; files are deleted an hour after they were started and
/// when the service stops.
/// </summary>
public sealed class HandlerGrantExports(HandlerGrantSearchQuery grants, FunctionCatalogueLookup catalogues, TimeProvider time, ILogger<HandlerGrantExports> logger) : BackgroundService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-grant-exports", Guid.NewGuid().ToString("N"));

    /// <summary>Starts exporting what <paramref name="search"/> matches (all pages); returns the job's id.</summary>
    public string Start(string owner, HandlerGrantSearch search)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(search);
        Directory.CreateDirectory(_directory);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var job = new Job(id, owner, Path.Combine(_directory, id + ".csv"), time.GetUtcNow());
        _jobs[id] = job;
        job.Task = Task.Run(() => RunAsync(job, search));
        return id;
    }

    public HandlerGrantExportProgress? Progress(string owner, string id) =>
        Find(owner, id) is { } job ? new HandlerGrantExportProgress(job.Id, Volatile.Read(ref job.Written), Volatile.Read(ref job.Total), job.Done, job.Failed, job.StartedAt) : null;

    /// <summary>The finished file of the owner's job, or null.</summary>
    public FileStream? Open(string owner, string id) =>
        Find(owner, id) is { Done: true, Failed: false } job ? new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true) : null;

    /// <summary>The download's file name: 已授權清單_{ROC date}.csv.</summary>
    public string FileName(string owner, string id) =>
        Find(owner, id) is { } job ? $"issued-grants-{Domain.Common.RocDate.TaiwanDate(job.StartedAt):yyyyMMdd}.csv" : "issued-grants.csv";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Sweep();
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var job in _jobs.Values)
            job.Cancel.Cancel();
        try
        {
            await Task.WhenAll(_jobs.Values.Select(j => j.Task ?? Task.CompletedTask)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // files of unfinished jobs are removed below all the same
        }
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Forgets jobs past <see cref="Lifetime"/> and deletes their files.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var job in _jobs.Values.Where(j => now - j.StartedAt > Lifetime).ToList())
        {
            job.Cancel.Cancel();
            if (_jobs.TryRemove(job.Id, out _) && job.Done)
                File.Delete(job.Path);
        }
    }

    private Job? Find(string owner, string id) =>
        _jobs.TryGetValue(id ?? "", out var job) && string.Equals(job.Owner, owner, StringComparison.Ordinal) ? job : null;

    private async Task RunAsync(Job job, HandlerGrantSearch search)
    {
        try
        {
            var token = job.Cancel.Token;
            Volatile.Write(ref job.Total, await grants.CountAsync(search, token));
            var catalogueCache = new Dictionary<string, FunctionCatalogue?>(StringComparer.Ordinal);
            await using (var file = new FileStream(job.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var writer = new StreamWriter(file, CsvText.Encoding))
            {
                await writer.WriteAsync(CsvText.Line(HandlerGrantCsv.Header));
                await foreach (var row in grants.StreamAsync(search, token))
                {
                    if (!catalogueCache.TryGetValue(row.CatalogueVersion, out var catalogue))
                        catalogueCache[row.CatalogueVersion] = catalogue = await catalogues.FindAsync(row.CatalogueVersion, token);
                    await writer.WriteAsync(HandlerGrantCsv.Row(row, catalogue));
                    Interlocked.Increment(ref job.Written);
                }
            }
            job.Done = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            job.Failed = true;
            job.Done = true;
            logger.LogError(e, "Grant export {Job} failed", job.Id);
        }
    }

    private sealed class Job(string id, string owner, string path, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;
        public string Owner { get; } = owner;
        public string Path { get; } = path;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public CancellationTokenSource Cancel { get; } = new();
        public Task? Task { get; set; }
        public int Written;
        public int Total;
        public volatile bool Done;
        public volatile bool Failed;
    }
}
