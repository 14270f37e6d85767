using EventStore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Postgres;

/// <summary>
/// One drain of the PostgreSQL writer: a transaction that first locks the head row (held until commit, which
/// serialises position assignment and commit order across every process) and inserts each append's events in one statement.
/// </summary>
internal sealed class PostgresWriteSession : IWriteSession
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string _channel;
    private bool _committed;

    private PostgresWriteSession(NpgsqlConnection connection, NpgsqlTransaction transaction, string channel, long head)
    {
        _connection = connection;
        _transaction = transaction;
        _channel = channel;
        Head = head;
    }

    public long Head { get; set; }

    public static async Task<PostgresWriteSession> BeginAsync(NpgsqlDataSource dataSource, string channel, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT position FROM head WHERE id = 1 FOR UPDATE", connection, transaction);
            var head = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return new PostgresWriteSession(connection, transaction, channel, head);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<StreamRow?> LoadStreamAsync(string name, CancellationToken cancellationToken) =>
        await PostgresEventStore.LoadStreamAsync(_connection, _transaction, name, cancellationToken).ConfigureAwait(false);

    public async ValueTask<StreamRow> CreateStreamAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO streams (name) VALUES (@name) RETURNING id");
        command.Parameters.AddWithValue("name", name);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new StreamRow(id, name, -1, 0, false, false, null, null, null, null);
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
    /// Looks the ids up first (one round trip): an error inside a PostgreSQL transaction would need a savepoint
    /// round trip per append to survive, which costs more than the lookup.
    /// </summary>
    public async ValueTask<bool> TryInsertEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events[0].Revision > 0 && (await FindEventIdsAsync(events[0].StreamKey, events.Select(e => e.EventId).ToArray(), cancellationToken).ConfigureAwait(false)).Count > 0)
            return false;

        await using var command = Command("""
            INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash)
            SELECT * FROM unnest(@p, @s, @r, @id, @t, @d, @m, @c, @ph, @h)
            """);
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
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask SaveStreamAsync(StreamRow row, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            UPDATE streams SET last_revision = @r, incarnation_start = @i, soft_deleted = @sd, tombstoned = @tb,
                truncate_before = @trunc, max_count = @mc, max_age_us = @ma, last_hash = @h
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("r", row.LastRevision);
        command.Parameters.AddWithValue("i", row.IncarnationStart);
        command.Parameters.AddWithValue("sd", (short)(row.SoftDeleted ? 1 : 0));
        command.Parameters.AddWithValue("tb", (short)(row.Tombstoned ? 1 : 0));
        command.Parameters.Add(new NpgsqlParameter("trunc", NpgsqlDbType.Bigint) { Value = (object?)row.TruncateBefore ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("mc", NpgsqlDbType.Bigint) { Value = (object?)row.MaxCount ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ma", NpgsqlDbType.Bigint) { Value = (object?)row.MaxAgeMicroseconds ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Bytea) { Value = (object?)row.LastHash ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        await using (var command = Command($"UPDATE head SET position = @p WHERE id = 1; NOTIFY {_channel}"))
        {
            command.Parameters.AddWithValue("p", Head);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
            await _transaction.RollbackAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
