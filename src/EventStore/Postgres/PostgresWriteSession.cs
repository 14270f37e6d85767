using EventStore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Postgres;

/// <summary>
/// One drain of the PostgreSQL writer. Round trips are what cost here, so every write of a drain is buffered and sent
/// in one call of <c>evs_append_drain</c> (schema in <see cref="PostgresEventStore"/>), which takes the head row's lock,
/// checks that the head is the version the drain was decided on, inserts the events, updates the stream rows and the
/// head, and notifies. How the drain learns the state it decides on is what the two kinds of session differ in:
/// <list type="bullet">
/// <item>Fresh (<see cref="BeginAsync"/>): a first round trip begins, locks the head and fetches the drain's stream rows
/// and whichever of its event ids are already stored; the call then commits in a second. Creating a stream costs one more.</item>
/// <item>Remembered (<see cref="Resume"/>): when the writer remembers every stream the drain touches from its own last
/// commits, nothing is read: the call is the only round trip, and it refuses (<c>EVS01</c>) if any other writer moved
/// the head since, in which case the drain runs again fresh. A repeated event id (the unique index) does the same.</item>
/// </list>
/// Positions are assigned and committed under the head lock in either case, so readers never see them out of order.
/// </summary>
internal sealed class PostgresWriteSession : IWriteSession
{
    private const string StaleState = "EVS01";
    private const string UniqueViolation = "23505";

    private readonly NpgsqlConnection _connection;
    private readonly WriterMemory _memory;
    private readonly long _headVersion;
    private readonly Dictionary<string, StreamRow?> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<(long StreamKey, Guid EventId), StoredEventId> _stored = [];
    private readonly Dictionary<long, StreamRow> _dirty = [];
    private readonly List<NewEvent> _inserts = [];
    private bool _inTransaction;
    private bool _committed;

    private PostgresWriteSession(NpgsqlConnection connection, WriterMemory memory, long head, byte[] allHash, long headVersion, bool remembered)
    {
        _connection = connection;
        _memory = memory;
        Head = head;
        AllHash = allHash;
        _headVersion = headVersion;
        RememberedState = remembered;
    }

    public long Head { get; set; }

    public byte[] AllHash { get; set; }

    public bool RememberedState { get; }

    /// <summary>A session deciding on what the writer remembers; null when it does not remember every stream of the drain.</summary>
    public static async Task<PostgresWriteSession?> ResumeAsync(NpgsqlDataSource dataSource, WriterMemory memory, IReadOnlyList<WriteRequest> drain, CancellationToken cancellationToken)
    {
        if (memory.Head is not { } head || !drain.All(r => memory.Streams.ContainsKey(r.StreamId)))
            return null;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new PostgresWriteSession(connection, memory, head.Position, head.AllHash, head.Version, remembered: true);
        foreach (var request in drain)
            session._rows[request.StreamId] = memory.Streams[request.StreamId];
        return session;
    }

    /// <summary>A session deciding on state read under the head lock (the first round trip).</summary>
    public static async Task<PostgresWriteSession> BeginAsync(NpgsqlDataSource dataSource, WriterMemory memory, IReadOnlyList<WriteRequest> drain, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        PostgresWriteSession? session = null;
        try
        {
            var names = drain.Select(r => r.StreamId).Distinct(StringComparer.Ordinal).ToArray();
            await using var command = new NpgsqlCommand($"""
                BEGIN;
                SELECT position, xmin::text::bigint, all_hash FROM head WHERE id = 1 FOR UPDATE;
                SELECT {Visibility.StreamColumns} FROM streams WHERE name = ANY(@names);
                SELECT e.stream_id, e.event_id, e.revision, e.position
                FROM events e JOIN streams s ON s.id = e.stream_id
                WHERE s.name = ANY(@names) AND e.event_id = ANY(@ids);
                """, connection);
            command.Parameters.AddWithValue("names", names);
            command.Parameters.AddWithValue("ids", drain.SelectMany(r => r.Events).Select(e => e.EventId).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            session = new PostgresWriteSession(connection, memory, reader.GetInt64(0), reader.GetFieldValue<byte[]>(2), reader.GetInt64(1), remembered: false) { _inTransaction = true };
            // Another writer committed since our last drain: nothing remembered holds any more.
            if (memory.Head?.Version != session._headVersion)
                memory.Forget();
            foreach (var name in names)
                session._rows[name] = null;
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = Rows.Stream(reader);
                session._rows[row.Name] = row;
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stored = new StoredEventId(reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3));
                session._stored[(reader.GetInt64(0), stored.EventId)] = stored;
            }

            return session;
        }
        catch
        {
            if (session is not null)
                await session.DisposeAsync().ConfigureAwait(false);
            else
                await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<StreamRow?> LoadStreamAsync(string name, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue(name, out var known))
            return known;
        if (RememberedState)
            throw new StaleWriteStateException($"stream {name} is not remembered");
        return _rows[name] = await PostgresEventStore.LoadStreamAsync(_connection, null, name, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<StreamRow> CreateStreamAsync(string name, CancellationToken cancellationToken)
    {
        // A remembered session covers existing streams only: a new one is created under the head lock, fresh.
        if (RememberedState)
            throw new StaleWriteStateException($"stream {name} is new");
        await using var command = new NpgsqlCommand("INSERT INTO streams (name) VALUES (@name) RETURNING id", _connection);
        command.Parameters.AddWithValue("name", name);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        var row = new StreamRow(id, name, -1, 0, false, false, null, null, null, null);
        _rows[name] = row;
        return row;
    }

    /// <summary>
    /// Answered from memory: a fresh session fetched every stored id the drain carries, and the drain's own inserts are
    /// added as they are made. A remembered session knows only the latter; a repeat it misses is caught by the unique
    /// index at commit, and the drain runs again fresh.
    /// </summary>
    public ValueTask<IReadOnlyList<StoredEventId>> FindEventIdsAsync(long streamKey, IReadOnlyList<Guid> eventIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<StoredEventId>>(
            eventIds.Select(id => _stored.TryGetValue((streamKey, id), out var stored) ? stored : (StoredEventId?)null).OfType<StoredEventId>().ToList());

    /// <summary>Buffers the rows for the commit round trip; false (nothing buffered) when an id is already in the stream.</summary>
    public ValueTask<bool> TryInsertEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Any(e => _stored.ContainsKey((e.StreamKey, e.EventId))))
            return ValueTask.FromResult(false);
        foreach (var e in events)
        {
            _stored[(e.StreamKey, e.EventId)] = new StoredEventId(e.EventId, e.Revision, e.Position);
            _inserts.Add(e);
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask SaveStreamAsync(StreamRow row, CancellationToken cancellationToken)
    {
        _rows[row.Name] = row;
        _dirty[row.Id] = row;
        return ValueTask.CompletedTask;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var rows = _dirty.Values.ToArray();
        var events = _inserts;
        long version;
        await using (var command = new NpgsqlCommand(
            "SELECT evs_append_drain(@version, @ep, @es, @er, @eid, @et, @ed, @em, @ec, @eph, @eh, @eah, @id, @r, @i, @sd, @tb, @trunc, @mc, @ma, @h, @p, @ph)"
            + (_inTransaction ? "; COMMIT" : ""), _connection))
        {
            var p = command.Parameters;
            p.AddWithValue("version", _headVersion);
            p.AddWithValue("ep", events.Select(e => e.Position).ToArray());
            p.AddWithValue("es", events.Select(e => e.StreamKey).ToArray());
            p.AddWithValue("er", events.Select(e => e.Revision).ToArray());
            p.AddWithValue("eid", events.Select(e => e.EventId).ToArray());
            p.AddWithValue("et", events.Select(e => e.Type).ToArray());
            p.Add(Bytes("ed", events.Select(e => e.Data.ToArray())));
            p.Add(Bytes("em", events.Select(e => e.Metadata.ToArray())));
            p.AddWithValue("ec", events.Select(e => e.CreatedMicroseconds).ToArray());
            p.Add(Bytes("eph", events.Select(e => e.PreviousHash)));
            p.Add(Bytes("eh", events.Select(e => e.Hash)));
            p.Add(Bytes("eah", events.Select(e => e.AllHash)));
            p.AddWithValue("id", rows.Select(r => r.Id).ToArray());
            p.AddWithValue("r", rows.Select(r => r.LastRevision).ToArray());
            p.AddWithValue("i", rows.Select(r => r.IncarnationStart).ToArray());
            p.AddWithValue("sd", rows.Select(r => (short)(r.SoftDeleted ? 1 : 0)).ToArray());
            p.AddWithValue("tb", rows.Select(r => (short)(r.Tombstoned ? 1 : 0)).ToArray());
            p.Add(new NpgsqlParameter("trunc", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.TruncateBefore).ToArray() });
            p.Add(new NpgsqlParameter("mc", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.MaxCount).ToArray() });
            p.Add(new NpgsqlParameter("ma", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.MaxAgeMicroseconds).ToArray() });
            p.Add(Bytes("h", rows.Select(r => r.LastHash)));
            p.AddWithValue("p", Head);
            p.AddWithValue("ph", AllHash);
            try
            {
                version = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch (PostgresException e) when (RememberedState && e.SqlState is StaleState or UniqueViolation)
            {
                _memory.Forget();
                throw new StaleWriteStateException("another writer committed since this writer's last drain", e);
            }
            catch
            {
                _memory.Forget();
                throw;
            }
        }

        _committed = true;
        _memory.Remember(Head, AllHash, version, _rows.Values.OfType<StreamRow>());
    }

    private static NpgsqlParameter Bytes(string name, IEnumerable<byte[]?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = values.ToArray() };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_inTransaction && !_committed && _connection.State == System.Data.ConnectionState.Open)
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
                await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the writer knows after its last commit: the head position, its <c>$all</c> link, and version (the head row's <c>xmin</c>, which
    /// every write transaction of any process changes) and the stream rows it read or wrote. Only the writer loop uses it.
    /// </summary>
    internal sealed class WriterMemory
    {
        private const int StreamLimit = 100_000;

        public (long Position, byte[] AllHash, long Version)? Head { get; private set; }

        public Dictionary<string, StreamRow> Streams { get; } = new(StringComparer.Ordinal);

        public void Remember(long position, byte[] allHash, long version, IEnumerable<StreamRow> rows)
        {
            Head = (position, allHash, version);
            if (Streams.Count >= StreamLimit)
                Streams.Clear();
            foreach (var row in rows)
                Streams[row.Name] = row;
        }

        public void Forget()
        {
            Head = null;
            Streams.Clear();
        }
    }
}
