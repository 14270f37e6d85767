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
    private const string Channel = PostgresSchema.Channel;
    private readonly NpgsqlDataSource _dataSource;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _listener;
    private readonly PostgresWriteSession.WriterMemory _writerMemory = new();

    private readonly string? _migrationConnectionString;

    /// <summary>As given, with the store's options (the data source's own copy drops the password).</summary>
    private readonly string _connectionString;

    /// <param name="migrationConnectionString">
    /// The role that owns the tables, used only to create or upgrade the schema (and grant the application's role what it
    /// needs); null to run migrations under <paramref name="connectionString"/> itself.
    /// </param>
    /// <param name="session">The limits and pool sizes of the application's connections (the host passes the configured ones); null leaves the server's.</param>
    public PostgresEventStore(string connectionString, TimeProvider? time = null, TimeSpan? pollInterval = null, string? migrationConnectionString = null,
        PostgresSessionSettings? session = null)
        : base(time ?? TimeProvider.System, pollInterval ?? TimeSpan.FromSeconds(1))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _migrationConnectionString = string.IsNullOrWhiteSpace(migrationConnectionString) ? null : migrationConnectionString;
        // JIT compiling these short OLTP queries costs more than running them.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        // The store runs a handful of statements over and over: parse and plan each once per connection.
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 32;
        _connectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(session?.Apply(_connectionString) ?? _connectionString);
        _listener = new Lazy<Task>(() => Task.Run(() => ListenAsync(_stopping.Token)));
    }

    /// <summary>
    /// Nothing to do when the database is at the current schema version (the application's role need not be allowed any
    /// DDL). Otherwise the schema is created or upgraded: under the migration role when one is configured (and the
    /// application's role is granted what it needs), else under the application's own connection (development).
    /// </summary>
    protected override async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await PostgresSchema.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false) >= PostgresSchema.Version)
                return;
        }

        if (_migrationConnectionString is null)
            await PostgresSchema.MigrateAsync(_connectionString, null, cancellationToken).ConfigureAwait(false);
        else
            await PostgresSchema.MigrateAsync(_migrationConnectionString, new NpgsqlConnectionStringBuilder(_connectionString).Username, cancellationToken).ConfigureAwait(false);
    }

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

    private protected override async Task<System.Data.Common.DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

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

    protected override async ValueTask DisposeCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener.IsValueCreated)
            await _listener.Value.ConfigureAwait(false);
        _stopping.Dispose();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
