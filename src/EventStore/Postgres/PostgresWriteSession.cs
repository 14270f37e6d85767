using EventStore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Postgres;

/// <summary>
/// One drain of the PostgreSQL writer: a transaction that first locks the head row (held until commit, which
/// serialises position assignment and commit order across every process). Round trips are what cost here, so the
/// drain's stream rows are fetched in one query, each append is one statement, and the stream rows, the head and the
/// NOTIFY are written together just before the commit.
/// </summary>
internal sealed class PostgresWriteSession : IWriteSession
{
    private readonly NpgsqlConnection _connection;
    private readonly string _channel;
    private readonly Dictionary<string, StreamRow?> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StreamRow> _dirty = [];
    private bool _committed;

    private PostgresWriteSession(NpgsqlConnection connection, string channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public long Head { get; set; }

    /// <summary>One round trip: BEGIN, lock the head row, and fetch the rows of the streams the drain touches.</summary>
    public static async Task<PostgresWriteSession> BeginAsync(NpgsqlDataSource dataSource, string channel, IReadOnlyCollection<string> streams, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new PostgresWriteSession(connection, channel);
        try
        {
            await using var command = new NpgsqlCommand($"""
                BEGIN;
                SELECT position FROM head WHERE id = 1 FOR UPDATE;
                SELECT {Visibility.StreamColumns} FROM streams WHERE name = ANY(@names);
                """, connection);
            command.Parameters.AddWithValue("names", streams.ToArray());
            foreach (var name in streams)
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

    public async ValueTask<IReadOnlyList<StoredEventId>> FindEventIdsAsync(long streamKey, IReadOnlyList<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT event_id, revision, position FROM events WHERE stream_id = @stream AND event_id = ANY(@ids)");
        command.Parameters.AddWithValue("stream", streamKey);
        command.Parameters.AddWithValue("ids", eventIds.ToArray());
        var found = new List<StoredEventId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            found.Add(new StoredEventId(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2)));
        return found;
    }

    /// <summary>
    /// One statement that inserts nothing when any id is already in the stream (an error inside a PostgreSQL
    /// transaction would cost a savepoint round trip per append to survive); no rows inserted means a repeat.
    /// </summary>
    public async ValueTask<bool> TryInsertEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash)
            SELECT * FROM unnest(@p, @s, @r, @id, @t, @d, @m, @c, @ph, @h)
            WHERE NOT EXISTS (SELECT 1 FROM events WHERE stream_id = @stream AND event_id = ANY(@id))
            """);
        command.Parameters.AddWithValue("stream", events[0].StreamKey);
        command.Parameters.AddWithValue("p", events.Select(e => e.Position).ToArray());
        command.Parameters.AddWithValue("s", events.Select(e => e.StreamKey).ToArray());
        command.Parameters.AddWithValue("r", events.Select(e => e.Revision).ToArray());
        command.Parameters.AddWithValue("id", events.Select(e => e.EventId).ToArray());
        command.Parameters.AddWithValue("t", events.Select(e => e.Type).ToArray());
        command.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.Data.ToArray()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.Metadata.ToArray()).ToArray() });
        command.Parameters.AddWithValue("c", events.Select(e => e.CreatedMicroseconds).ToArray());
        command.Parameters.Add(new NpgsqlParameter("ph", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.PreviousHash).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.Hash).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == events.Count;
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
        await using (var command = Command($"""
            UPDATE streams SET last_revision = u.r, incarnation_start = u.i, soft_deleted = u.sd, tombstoned = u.tb,
                truncate_before = u.trunc, max_count = u.mc, max_age_us = u.ma, last_hash = u.h
            FROM unnest(@id, @r, @i, @sd, @tb, @trunc, @mc, @ma, @h) AS u(id, r, i, sd, tb, trunc, mc, ma, h)
            WHERE streams.id = u.id;
            UPDATE head SET position = @p WHERE id = 1;
            NOTIFY {_channel};
            COMMIT;
            """))
        {
            command.Parameters.AddWithValue("id", rows.Select(r => r.Id).ToArray());
            command.Parameters.AddWithValue("r", rows.Select(r => r.LastRevision).ToArray());
            command.Parameters.AddWithValue("i", rows.Select(r => r.IncarnationStart).ToArray());
            command.Parameters.AddWithValue("sd", rows.Select(r => (short)(r.SoftDeleted ? 1 : 0)).ToArray());
            command.Parameters.AddWithValue("tb", rows.Select(r => (short)(r.Tombstoned ? 1 : 0)).ToArray());
            command.Parameters.Add(new NpgsqlParameter("trunc", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.TruncateBefore).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("mc", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.MaxCount).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("ma", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.MaxAgeMicroseconds).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rows.Select(r => r.LastHash).ToArray() });
            command.Parameters.AddWithValue("p", Head);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _committed = true;
    }

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
