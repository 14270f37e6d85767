using System.Diagnostics;
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
        {
            var untilReport = ReportEvery;
            while (cursor.Read())
            {
                walker.Visit(cursor);
                if (--untilReport == 0)
                {
                    untilReport = ReportEvery;
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IntegrityProgress(walker.EventsVisited, total, walker.BreaksFound));
                }
            }
        }

        var breaks = walker.Finish(streamId is null ? recordedHead : null);
        watch.Stop();
        progress?.Report(new IntegrityProgress(walker.EventsVisited, Math.Max(total, walker.EventsVisited), breaks.Count));
        var lastHash = streamId is null ? null : streams.Values.Single().LastHash is { } h ? ChainWalker.Hex(h) : null;
        return new IntegrityReport(streamId, walker.EventsVisited, streams.Count, maxPosition, breaks, watch.Elapsed) { LastHash = lastHash };
    }
}
