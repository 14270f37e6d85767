using System.Diagnostics;
using System.Security.Cryptography;
using EventStore.Checkpoints;
using EventStore.DependencyInjection;

namespace EventStore.Integrity;

/// <summary>
/// Verifies the hash chains of what is stored — the whole store or one stream — reading the adapter's tables directly
/// (hidden events included) in one snapshot, and names every break: stream, revision, position and what differs.
/// Thread-safe; each call opens its own connection.
/// </summary>
public sealed class StoreVerifier
{
    /// <summary>Events between progress reports and cancellation checks.</summary>
    private const int ReportEvery = 16_384;

    private readonly Func<StoredRows> _open;

    private StoreVerifier(Func<StoredRows> open, string description, CheckpointSource? checkpoints = null)
    {
        _open = open;
        Description = description;
        Checkpoints = checkpoints;
    }

    /// <summary>Where whole-store verifications read signed checkpoints and whom they trust; null to check the chains alone.</summary>
    public CheckpointSource? Checkpoints { get; }

    /// <summary>The same store, verified against the signed checkpoints of <paramref name="checkpoints"/> too.</summary>
    public StoreVerifier WithCheckpoints(CheckpointSource? checkpoints) => new(_open, Description, checkpoints);

    /// <summary>What is verified, for people: the file or the database.</summary>
    public string Description { get; }

    public static StoreVerifier ForSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new StoreVerifier(() => new SqliteStoredRows(full), $"SQLite {full}");
    }

    public static StoreVerifier ForPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new StoreVerifier(() => new PostgresStoredRows(connectionString), $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>The store the application is configured with (<c>EventStore:Provider</c> and its keys).</summary>
    public static StoreVerifier For(EventStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider == EventStoreProvider.Postgres
            ? ForPostgres(settings.PostgresConnectionString!)
            : ForSqlite(settings.SqlitePath);
    }

    /// <summary>Verifies every stored event of every stream, in position order, and every stream record.</summary>
    public async Task<IntegrityReport> VerifyStoreAsync(IProgress<IntegrityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var review = Checkpoints is null ? null : await CheckpointReview.ReadAsync(Checkpoints, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Verify(null, progress, review, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies one stream's stored events (hidden ones included) and its record; an unknown stream verifies nothing.</summary>
    public Task<IntegrityReport> VerifyStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        return Task.Run(() => Verify(streamId, null, null, cancellationToken), cancellationToken);
    }

    private static Task Compute(HashBatch batch, IncrementalHash sha256, byte[]? allChain)
    {
        batch.ComputeHashes(sha256, allChain);
        return Task.CompletedTask;
    }

    private IntegrityReport Verify(string? streamId, IProgress<IntegrityProgress>? progress, CheckpointReview? review, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var rows = _open();
        var streams = rows.ReadStreams(streamId);
        var (maxPosition, recordedHead) = rows.ReadHead();
        if (streamId is not null && streams.Count == 0)
            return new IntegrityReport(streamId, 0, 0, maxPosition, [], watch.Elapsed);

        var walker = new ChainWalker(streams, wholeStore: streamId is null, review?.Trusted ?? []) { CheckStoredAllLinks = rows.HasAllChain };
        // The $all chain recomputed from the stored contents, carried from batch to batch (whole-store walks only).
        var allChain = streamId is null ? HashChain.Genesis.ToArray() : null;
        var total = streamId is null ? Math.Max(maxPosition, recordedHead ?? 0) : 0;
        progress?.Report(new IntegrityProgress(0, total, 0));
        using (var cursor = rows.ReadEvents(streamId is null ? null : streams.Keys.Single()))
        using (var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            // Two batches: while one is hashed on another core, the next is read; then the hashed one is walked.
            HashBatch filling = new(), spare = new();
            Task? hashing = null;
            HashBatch? hashed = null;
            var pending = false;
            long nextReport = ReportEvery;
            while (true)
            {
                filling.Clear();
                while (!filling.IsFull && (pending || cursor.Read()))
                {
                    pending = !filling.TryAdd(cursor, walker.StreamNameOf(cursor.StreamKey));
                    if (pending)
                        break;
                }

                if (hashing is not null)
                {
                    hashing.GetAwaiter().GetResult();
                    for (var i = 0; i < hashed!.Count; i++)
                        walker.Visit(hashed, i);
                    (spare, hashed) = (hashed, null);
                    hashing = null;
                }

                if (walker.EventsVisited >= nextReport)
                {
                    nextReport = walker.EventsVisited + ReportEvery;
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IntegrityProgress(walker.EventsVisited, total, walker.BreaksFound));
                }

                if (filling.Count == 0)
                    break;
                var batch = filling;
                hashing = Environment.ProcessorCount > 1 ? Task.Run(() => batch.ComputeHashes(sha256, allChain), cancellationToken) : Compute(batch, sha256, allChain);
                hashed = batch;
                filling = spare;
            }
        }

        var breaks = walker.Finish(streamId is null ? recordedHead : null);
        CheckpointSummary? summary = null;
        if (review is not null)
        {
            breaks.AddRange(review.Problems);
            breaks.Sort(ChainBreak.CompareByPlace);
            summary = Summarise(review, walker, breaks);
        }

        watch.Stop();
        progress?.Report(new IntegrityProgress(walker.EventsVisited, Math.Max(total, walker.EventsVisited), breaks.Count));
        var lastHash = streamId is null ? null : streams.Values.Single().LastHash is { } h ? ChainWalker.Hex(h) : null;
        return new IntegrityReport(streamId, walker.EventsVisited, streams.Count, maxPosition, breaks, watch.Elapsed) { LastHash = lastHash, Checkpoints = summary };
    }

    /// <summary>The latest matched checkpoint before the first break, and before any checkpoint that cannot be relied on.</summary>
    private static CheckpointSummary Summarise(CheckpointReview review, ChainWalker walker, List<ChainBreak> breaks)
    {
        var firstBroken = breaks.Where(b => b.Position is not null && b.Kind != ChainBreakKind.CheckpointInvalid).Select(b => b.Position!.Value).DefaultIfEmpty(long.MaxValue).Min();
        var firstBadSequence = review.Problems.Where(p => p.Position is not null).Select(p => p.Position!.Value).DefaultIfEmpty(long.MaxValue).Min();
        var proven = walker.MatchedCheckpoints.LastOrDefault(c => c.Body.Position < firstBroken && c.Body.Position < firstBadSequence);
        var latest = review.Trusted.MaxBy(c => c.Body.Sequence);
        return new CheckpointSummary(review.Read, review.Trusted.Count, latest, proven, walker.EventsVisited - (proven?.Body.EventCount ?? 0));
    }
}
