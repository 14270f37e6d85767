using System.Data;
using EventStore.Storage;
using Npgsql;

namespace EventStore.Postgres;

/// <summary>
/// The server adapter. Every write transaction locks the single <c>head</c> row before taking positions and
/// holds it until commit, so transactions commit in position order: once a reader sees position p, every
/// position below p is already visible, and a subscriber reading by position can never skip one.
/// Within a process, concurrent appends still share transactions through the group-commit writer;
/// across processes the head lock keeps them correct. Live subscribers wake on LISTEN/NOTIFY, with polling as a fallback.
/// </summary>
public sealed class PostgresEventStore : RelationalEventStore
{
    private const string Channel = "evs_commits";
    private readonly NpgsqlDataSource _dataSource;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _listener;
    private readonly PostgresWriteSession.WriterMemory _writerMemory = new();

    public PostgresEventStore(string connectionString, TimeProvider? time = null, TimeSpan? pollInterval = null)
        : base(time ?? TimeProvider.System, pollInterval ?? TimeSpan.FromSeconds(1))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // JIT compiling these short OLTP queries costs more than running them.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        // The store runs a handful of statements over and over: parse and plan each once per connection.
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 32;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _listener = new Lazy<Task>(() => Task.Run(() => ListenAsync(_stopping.Token)));
    }

    protected override async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Several processes may open a fresh database at once: the lock makes "create if missing" safe.
                await ExecuteAsync(connection, transaction, $"""
                    SELECT pg_advisory_xact_lock(7254031);
                    CREATE TABLE IF NOT EXISTS streams (
                        id                bigserial PRIMARY KEY,
                        name              text     NOT NULL UNIQUE,
                        last_revision     bigint   NOT NULL DEFAULT -1,
                        incarnation_start bigint   NOT NULL DEFAULT 0,
                        soft_deleted      smallint NOT NULL DEFAULT 0,
                        tombstoned        smallint NOT NULL DEFAULT 0,
                        truncate_before   bigint,
                        max_count         bigint,
                        max_age_us        bigint,
                        last_hash         bytea
                    );
                    CREATE TABLE IF NOT EXISTS events (
                        position   bigint PRIMARY KEY,
                        stream_id  bigint NOT NULL REFERENCES streams (id),
                        revision   bigint NOT NULL,
                        event_id   uuid   NOT NULL,
                        type       text   NOT NULL,
                        data       bytea  NOT NULL,
                        metadata   bytea  NOT NULL,
                        created_us bigint NOT NULL,
                        prev_hash  bytea  NOT NULL,
                        hash       bytea  NOT NULL,
                        UNIQUE (stream_id, revision),
                        UNIQUE (stream_id, event_id)
                    );
                    CREATE TABLE IF NOT EXISTS head (
                        id       int    PRIMARY KEY CHECK (id = 1),
                        position bigint NOT NULL
                    );
                    INSERT INTO head (id, position) VALUES (1, 0) ON CONFLICT DO NOTHING;
                    {AppendDrainFunction}
                    """, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Every write of a drain in one call (see <see cref="PostgresWriteSession"/>): under the head row's lock, refuse if
    /// the head is not at <c>expected_version</c> (the <c>xmin</c> the drain was decided on), insert the events, update
    /// the stream rows and the head, notify listeners; return the head's new version.
    /// </summary>
    private const string AppendDrainFunction = $$"""
        CREATE OR REPLACE FUNCTION evs_append_drain(
            expected_version bigint,
            ep bigint[], es bigint[], er bigint[], eid uuid[], et text[], ed bytea[], em bytea[], ec bigint[], eph bytea[], eh bytea[],
            sid bigint[], sr bigint[], si bigint[], ssd smallint[], stb smallint[], strunc bigint[], smc bigint[], sma bigint[], sh bytea[],
            new_head bigint) RETURNS bigint LANGUAGE plpgsql AS $fn$
        DECLARE
            version bigint;
        BEGIN
            SELECT xmin::text::bigint INTO version FROM head WHERE id = 1 FOR UPDATE;
            IF version IS DISTINCT FROM expected_version THEN
                RAISE EXCEPTION 'the store moved since this drain was decided' USING ERRCODE = 'EVS01';
            END IF;
            INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash)
            SELECT * FROM unnest(ep, es, er, eid, et, ed, em, ec, eph, eh);
            UPDATE streams SET last_revision = u.r, incarnation_start = u.i, soft_deleted = u.sd, tombstoned = u.tb,
                truncate_before = u.trunc, max_count = u.mc, max_age_us = u.ma, last_hash = u.h
            FROM unnest(sid, sr, si, ssd, stb, strunc, smc, sma, sh) AS u(id, r, i, sd, tb, trunc, mc, ma, h)
            WHERE streams.id = u.id;
            UPDATE head SET position = new_head WHERE id = 1 RETURNING xmin::text::bigint INTO version;
            PERFORM pg_notify('{{Channel}}', '');
            RETURN version;
        END
        $fn$;
        """;

    private protected override async Task<IWriteSession> BeginWriteSessionAsync(IReadOnlyList<WriteRequest> drain, bool rememberedState, CancellationToken cancellationToken) =>
        (rememberedState ? await PostgresWriteSession.ResumeAsync(_dataSource, _writerMemory, drain, cancellationToken).ConfigureAwait(false) : null)
        ?? await PostgresWriteSession.BeginAsync(_dataSource, _writerMemory, drain, cancellationToken).ConfigureAwait(false);

    protected override async Task<ReadStreamResult> ReadStreamCoreAsync(string streamId, Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for the stream row and its events.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var row = await LoadStreamAsync(connection, transaction, streamId, cancellationToken).ConfigureAwait(false);
                if (row is { Tombstoned: true })
                    return ReadStreamResult.Deleted;
                if (row is null || !row.Exists)
                    return ReadStreamResult.NotFound;

                await using var command = new NpgsqlCommand(Visibility.ReadStreamSql(direction), connection, transaction);
                command.Parameters.AddWithValue("stream", row.Id);
                command.Parameters.AddWithValue("from", from);
                command.Parameters.AddWithValue("max", maxCount);
                command.Parameters.AddWithValue("now", nowMicroseconds);
                return new ReadStreamResult(ReadStatus.Ok, await ReadEventsAsync(command, maxCount, cancellationToken).ConfigureAwait(false), row.LastRevision);
            }
        }
    }

    protected override async Task<IReadOnlyList<RecordedEvent>> ReadAllCoreAsync(Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken)
    {
        // Scan a window of positions through the primary key (a LIMIT the planner always serves from the index, even
        // before statistics exist), look each stream row up once (the fenced LATERAL is memoised by stream id), and
        // send data only for visible events. Hidden events just move the window on.
        var forwards = direction == Direction.Forwards;
        var events = new List<RecordedEvent>(Math.Min(maxCount, 4096));
        var cursor = from;
        while (events.Count < maxCount)
        {
            var window = maxCount - events.Count;
            await using var command = _dataSource.CreateCommand($"""
                SELECT w.position, s.name, w.revision, w.event_id, w.type, w.created_us,
                       CASE WHEN v.visible THEN w.data END, CASE WHEN v.visible THEN w.metadata END,
                       CASE WHEN v.visible THEN w.prev_hash END, CASE WHEN v.visible THEN w.hash END, v.visible
                FROM (SELECT * FROM events e WHERE e.position {(forwards ? ">=" : "<=")} @from ORDER BY e.position {(forwards ? "ASC" : "DESC")} LIMIT @max) w
                CROSS JOIN LATERAL (SELECT * FROM streams WHERE streams.id = w.stream_id OFFSET 0) s
                CROSS JOIN LATERAL (SELECT {Visibility.On("w", "s")} AS visible) v
                ORDER BY w.position {(forwards ? "ASC" : "DESC")}
                """);
            command.Parameters.AddWithValue("from", cursor);
            command.Parameters.AddWithValue("max", window);
            command.Parameters.AddWithValue("now", nowMicroseconds);
            var scanned = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    scanned++;
                    var position = reader.GetInt64(0);
                    cursor = forwards ? position + 1 : position - 1;
                    if (reader.GetBoolean(10))
                        events.Add(ReadEvent(reader));
                }
            }

            if (scanned < window)
                break;
        }

        return events;
    }

    protected override async Task<long> ReadHeadCoreAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT position FROM head WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    protected override async Task<StreamMetadata> GetStreamMetadataCoreAsync(string streamId, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await LoadStreamAsync(connection, null, streamId, cancellationToken).ConfigureAwait(false);
            if (row is { Tombstoned: true })
                throw new StreamDeletedException(streamId);
            return row?.Metadata ?? StreamMetadata.None;
        }
    }

    public override IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(FromAll start, CancellationToken cancellationToken = default)
    {
        _ = _listener.Value;
        return base.SubscribeToAllAsync(start, cancellationToken);
    }

    /// <summary>Turns NOTIFYs from any process's commits into the in-process wake-up; reconnects after a failure.</summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ReadyAsync().ConfigureAwait(false);
                var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, _) => Signal.Notify();
                    await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                        await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                    Signal.Notify();
                    while (true)
                        await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                // Polling keeps subscribers moving while the listener reconnects.
                await Task.Delay(PollInterval, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    internal static async Task<StreamRow?> LoadStreamAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Visibility.StreamColumns} FROM streams WHERE name = @name", connection, transaction);
        command.Parameters.AddWithValue("name", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Rows.Stream(reader) : null;
    }

    private static async Task<List<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, int maxCount, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>(Math.Min(maxCount, 4096));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(ReadEvent(reader));
        return events;
    }

    /// <summary>Reads one event in the column order of <see cref="Visibility.EventColumns"/> (the $all window query keeps it).</summary>
    private static RecordedEvent ReadEvent(NpgsqlDataReader reader) => Rows.Event(reader, reader.GetString(1), reader.GetGuid(3));

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener.IsValueCreated)
            await _listener.Value.ConfigureAwait(false);
        _stopping.Dispose();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
