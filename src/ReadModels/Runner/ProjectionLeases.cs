using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using ReadModels.Querying;
using ReadModels.Storage;

namespace ReadModels.Runner;

/// <summary>
/// One node's claim on projections when the read models live on PostgreSQL: a session advisory lock per projection,
/// held on a session of its own (<see cref="ReadModelDatabase.OpenLeadershipAsync"/>), so a node that dies or loses
/// its connection loses its projections at once. A hung node keeps its session, so the lock alone is not enough: the
/// holder renews a lease row (<c>rm_leases</c>) every round, and a node that finds a projection held under a lease
/// older than <see cref="ProjectionRunnerOptions.LeaseExpiresAfter"/> terminates the holder's sessions (its open batch
/// rolls back) and takes the projection. The same session listens for other nodes' commits, which wake the waiters of
/// read-your-writes on this node.
/// </summary>
internal sealed class ProjectionLeases : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _holder;
    private readonly TimeSpan _expiresAfter;
    private volatile bool _notified;

    private ProjectionLeases(NpgsqlConnection connection, string holder, TimeSpan expiresAfter)
    {
        _connection = connection;
        _holder = holder;
        _expiresAfter = expiresAfter;
        _connection.Notification += (_, _) => _notified = true;
    }

    /// <summary>The lease session, for reading the catalog between rounds.</summary>
    public NpgsqlConnection Connection => _connection;

    /// <summary>Creates the lease table (in the catalog's transaction, so nodes starting together take turns).</summary>
    public static async Task CreateAsync(ReadModelConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS rm_leases (holder TEXT PRIMARY KEY, renewed_at TIMESTAMPTZ NOT NULL)", null, cancellationToken)
            .ConfigureAwait(false);

    public static async Task<ProjectionLeases> OpenAsync(ReadModelDatabase database, TimeSpan expiresAfter, CancellationToken cancellationToken)
    {
        var connection = await database.OpenLeadershipAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition($"LISTEN {PostgresReadModelConnection.CheckpointChannel}", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new ProjectionLeases(connection, database.NodeTag, expiresAfter);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The advisory lock key of a projection: 64 bits of a hash of its name.</summary>
    public static long Key(string projection) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"evs-projection:{projection}")));

    /// <summary>Says this node is alive; leases of nodes silent for an hour are forgotten.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken) =>
        await _connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO rm_leases (holder, renewed_at) VALUES (@holder, clock_timestamp())
            ON CONFLICT (holder) DO UPDATE SET renewed_at = excluded.renewed_at;
            DELETE FROM rm_leases WHERE renewed_at < clock_timestamp() - interval '1 hour';
            """, new { holder = _holder }, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>Takes the projection if nobody holds it, or if its holder's lease has expired (whose sessions are then terminated).</summary>
    public async Task<TakeResult> TryTakeAsync(string projection, CancellationToken cancellationToken)
    {
        if (await TryLockAsync(projection, cancellationToken).ConfigureAwait(false))
            return new TakeResult(true, null);
        var holder = await HolderAsync(_connection, projection, _expiresAfter, cancellationToken).ConfigureAwait(false);
        if (holder is not { Expired: true } expired || expired.Holder == _holder)
            return new TakeResult(false, null);

        // The holder's lock session and its writers carry its tag; their open transactions roll back. Its lease row is
        // left to the hourly sweep: a hung node may hold that row's lock.
        await _connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @holder AND datname = current_database()",
            new { holder = expired.Holder }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        // A terminated session's locks go as its backend exits, a moment later: the next round takes it if not now.
        return new TakeResult(await TryLockAsync(projection, cancellationToken).ConfigureAwait(false), expired.Holder);
    }

    /// <summary>Which node's session holds a projection's lock, and whether its lease has expired; null when nobody holds it.</summary>
    public static async Task<(string Holder, bool Expired)?> HolderAsync(NpgsqlConnection connection, string projection, TimeSpan expiresAfter, CancellationToken cancellationToken)
    {
        var key = Key(projection);
        return await connection.QueryFirstOrDefaultAsync<(string Holder, bool Expired)?>(new CommandDefinition($"""
            SELECT a.application_name, coalesce(le.renewed_at < clock_timestamp() - make_interval(secs => @expires), false)
            FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            LEFT JOIN {PostgresReadModelConnection.Schema}.rm_leases le ON le.holder = a.application_name
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = @high AND l.objid::bigint = @low
            """, new { expires = expiresAfter.TotalSeconds, high = (long)((ulong)key >> 32), low = key & 0xFFFF_FFFFL },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Waits until another commit is announced (true) or <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout > TimeSpan.Zero)
            await _connection.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        var notified = _notified;
        _notified = false;
        return notified;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private async Task<bool> TryLockAsync(string projection, CancellationToken cancellationToken) =>
        await _connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key = Key(projection) }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);

    /// <param name="Taken">Whether this node now holds the projection.</param>
    /// <param name="CutOff">The hung holder whose sessions were terminated, if any.</param>
    public readonly record struct TakeResult(bool Taken, string? CutOff);
}
