using EventStore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Postgres;

/// <summary>
/// One drain of the PostgreSQL writer: a transaction that first locks the head row (held until commit, which
/// serialises position assignment and commit order across every process). Round trips are what cost here, so a
/// drain makes two: the first begins, locks the head and fetches the drain's stream rows and any of its event ids
/// already stored; the second inserts every event, updates the stream rows and the head, notifies and commits.
/// In between, repeats are recognised in memory. Only creating a stream costs a round trip of its own.
/// </summary>
internal sealed class PostgresWriteSession : IWriteSession
{
    private readonly NpgsqlConnection _connection;
    private readonly string _channel;
    private readonly Dictionary<string, StreamRow?> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<(long StreamKey, Guid EventId), StoredEventId> _stored = [];
    private readonly Dictionary<long, StreamRow> _dirty = [];
    private readonly List<NewEvent> _inserts = [];
    private bool _committed;

    private PostgresWriteSession(NpgsqlConnection connection, string channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public long Head { get; set; }

    public static async Task<PostgresWriteSession> BeginAsync(NpgsqlDataSource dataSource, string channel, IReadOnlyList<WriteRequest> drain, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new PostgresWriteSession(connection, channel);
        try
        {
            var names = drain.Select(r => r.StreamId).Distinct(StringComparer.Ordinal).ToArray();
            await using var command = new NpgsqlCommand($"""
                BEGIN;
                SELECT position FROM head WHERE id = 1 FOR UPDATE;
                SELECT {Visibility.StreamColumns} FROM streams WHERE name = ANY(@names);
                SELECT e.stream_id, e.event_id, e.revision, e.position
                FROM events e JOIN streams s ON s.id = e.stream_id
                WHERE s.name = ANY(@names) AND e.event_id = ANY(@ids);
                """, connection);
            command.Parameters.AddWithValue("names", names);
            command.Parameters.AddWithValue("ids", drain.SelectMany(r => r.Events).Select(e => e.EventId).Distinct().ToArray());
            foreach (var name in names)
                session._rows[name] = null;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            session.Head = reader.GetInt64(0);
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
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<StreamRow?> LoadStreamAsync(string name, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue(name, out var known))
            return known;
        return _rows[name] = await PostgresEventStore.LoadStreamAsync(_connection, null, name, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<StreamRow> CreateStreamAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO streams (name) VALUES (@name) RETURNING id");
        command.Parameters.AddWithValue("name", name);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        var row = new StreamRow(id, name, -1, 0, false, false, null, null, null, null);
        _rows[name] = row;
        return row;
    }

    /// <summary>Answered from memory: the first round trip fetched every stored id the drain carries, and the drain's own inserts are added as they are made.</summary>
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
        await using (var command = Command($"""
            INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash)
            SELECT * FROM unnest(@ep, @es, @er, @eid, @et, @ed, @em, @ec, @eph, @eh);
            UPDATE streams SET last_revision = u.r, incarnation_start = u.i, soft_deleted = u.sd, tombstoned = u.tb,
                truncate_before = u.trunc, max_count = u.mc, max_age_us = u.ma, last_hash = u.h
            FROM unnest(@id, @r, @i, @sd, @tb, @trunc, @mc, @ma, @h) AS u(id, r, i, sd, tb, trunc, mc, ma, h)
            WHERE streams.id = u.id;
            UPDATE head SET position = @p WHERE id = 1;
            NOTIFY {_channel};
            COMMIT;
            """))
        {
            var p = command.Parameters;
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
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _committed = true;
    }

    private static NpgsqlParameter Bytes(string name, IEnumerable<byte[]?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = values.ToArray() };

    private NpgsqlCommand Command(string sql) => new(sql, _connection);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed && _connection.State == System.Data.ConnectionState.Open)
            {
                await using var rollback = Command("ROLLBACK");
                await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
