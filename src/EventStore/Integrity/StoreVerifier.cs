using System.Diagnostics;
using System.Security.Cryptography;
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

    private StoreVerifier(Func<StoredRows> open, string description)
    {
        _open = open;
        Description = description;
    }

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
    public Task<IntegrityReport> VerifyStoreAsync(IProgress<IntegrityProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Verify(null, progress, cancellationToken), cancellationToken);

    /// <summary>Verifies one stream's stored events (hidden ones included) and its record; an unknown stream verifies nothing.</summary>
    public Task<IntegrityReport> VerifyStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        return Task.Run(() => Verify(streamId, null, cancellationToken), cancellationToken);
    }

    private static Task Compute(HashBatch batch, IncrementalHash sha256)
    {
        batch.ComputeHashes(sha256);
        return Task.CompletedTask;
    }

    private IntegrityReport Verify(string? streamId, IProgress<IntegrityProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var rows = _open();
        var streams = rows.ReadStreams(streamId);
        var (maxPosition, recordedHead) = rows.ReadHead();
        if (streamId is not null && streams.Count == 0)
            return new IntegrityReport(streamId, 0, 0, maxPosition, [], watch.Elapsed);

        var walker = new ChainWalker(streams, wholeStore: streamId is null);
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
                hashing = Environment.ProcessorCount > 1 ? Task.Run(() => batch.ComputeHashes(sha256), cancellationToken) : Compute(batch, sha256);
                hashed = batch;
                filling = spare;
            }
        }

        var breaks = walker.Finish(streamId is null ? recordedHead : null);
        watch.Stop();
        progress?.Report(new IntegrityProgress(walker.EventsVisited, Math.Max(total, walker.EventsVisited), breaks.Count));
        var lastHash = streamId is null ? null : streams.Values.Single().LastHash is { } h ? ChainWalker.Hex(h) : null;
        return new IntegrityReport(streamId, walker.EventsVisited, streams.Count, maxPosition, breaks, watch.Elapsed) { LastHash = lastHash };
    }
}
