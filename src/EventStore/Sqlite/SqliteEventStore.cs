using EventStore.Storage;
using Microsoft.Data.Sqlite;

namespace EventStore.Sqlite;

/// <summary>
/// The embedded adapter: one SQLite file in WAL mode with <c>synchronous=FULL</c>, one writer connection fed by
/// the group-commit writer (positions gap-free by construction), reads on pooled connections of their own.
/// One process owns the file for writing; other processes may read it.
/// </summary>
public sealed class SqliteEventStore : RelationalEventStore
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);
    private readonly string _connectionString;
    private readonly CancellationTokenSource _stopping = new();
    private SqliteWriteSession.Commands? _writer;
    private Task _checkpointer = Task.CompletedTask;

    public SqliteEventStore(string path, TimeProvider? time = null, TimeSpan? pollInterval = null)
        : base(time ?? TimeProvider.System, pollInterval ?? TimeSpan.FromMilliseconds(250))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    protected override async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 30000;
            PRAGMA cache_size = -65536;
            PRAGMA wal_autocheckpoint = 0;
            CREATE TABLE IF NOT EXISTS streams (
                id                INTEGER PRIMARY KEY,
                name              TEXT    NOT NULL UNIQUE,
                last_revision     INTEGER NOT NULL DEFAULT -1,
                incarnation_start INTEGER NOT NULL DEFAULT 0,
                soft_deleted      INTEGER NOT NULL DEFAULT 0,
                tombstoned        INTEGER NOT NULL DEFAULT 0,
                truncate_before   INTEGER,
                max_count         INTEGER,
                max_age_us        INTEGER,
                last_hash         BLOB
            );
            CREATE TABLE IF NOT EXISTS events (
                position   INTEGER PRIMARY KEY,
                stream_id  INTEGER NOT NULL REFERENCES streams (id),
                revision   INTEGER NOT NULL,
                event_id   BLOB    NOT NULL,
                type       TEXT    NOT NULL,
                data       BLOB    NOT NULL,
                metadata   BLOB    NOT NULL,
                created_us INTEGER NOT NULL,
                prev_hash  BLOB    NOT NULL,
                hash       BLOB    NOT NULL,
                all_hash   BLOB,
                UNIQUE (stream_id, revision),
                UNIQUE (stream_id, event_id)
            );
            """);
        MigrateToAllChain(connection);
        _writer = new SqliteWriteSession.Commands(connection);
        _checkpointer = Task.Run(() => CheckpointAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Schema 2 (<c>PRAGMA user_version</c>) adds the chain over <c>$all</c>: a store written before it gets the column and
    /// its links, computed in position order from the stored event hashes, in one transaction. The links chain what is
    /// stored at that moment, so verify such a store (tools/Replay verify) before it is migrated.
    /// </summary>
    private static void MigrateToAllChain(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version";
        if ((long)version.ExecuteScalar()! >= SchemaVersion)
            return;
        using (var columns = connection.CreateCommand())
        {
            columns.Transaction = transaction;
            columns.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'all_hash'";
            if ((long)columns.ExecuteScalar()! == 0)
            {
                columns.CommandText = "ALTER TABLE events ADD COLUMN all_hash BLOB";
                columns.ExecuteNonQuery();
            }
        }

        AllChainBackfill.Run(connection, transaction, "UPDATE events SET all_hash = @h WHERE position = @p");
        version.CommandText = $"PRAGMA user_version = {SchemaVersion}";
        version.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>2: events carry the <c>$all</c> chain (<c>all_hash</c>).</summary>
    internal const int SchemaVersion = 2;

    /// <summary>
    /// Copies the WAL into the database file from a connection of its own (a passive checkpoint never blocks the
    /// writer), so appends do not pay for checkpoints as they would with SQLite's automatic ones.
    /// </summary>
    private async Task CheckpointAsync(CancellationToken stopping)
    {
        try
        {
            var connection = new SqliteConnection(_connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(stopping).ConfigureAwait(false);
                Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
                while (true)
                {
                    await Signal.NextCommit.WaitAsync(stopping).ConfigureAwait(false);
                    await Task.Delay(CheckpointInterval, TimeProvider.System, stopping).ConfigureAwait(false);
                    try
                    {
                        Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    }
                    catch (SqliteException)
                    {
                        // A busy or failing checkpoint is retried after the next commit; the WAL only grows meanwhile.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Closing: the writer checkpoints once more as it closes.
        }
    }

    // Every SQLite drain checks its cached rows inside BEGIN IMMEDIATE (PRAGMA data_version): nothing to remember beyond that.
    private protected override Task<IWriteSession> BeginWriteSessionAsync(IReadOnlyList<WriteRequest> drain, bool rememberedState, CancellationToken cancellationToken) =>
        Task.FromResult<IWriteSession>(new SqliteWriteSession(_writer ?? throw new InvalidOperationException("schema not created")));

    private protected override async Task<System.Data.Common.DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await OpenReaderAsync(cancellationToken).ConfigureAwait(false);

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "PRAGMA cache_size = -16384; PRAGMA mmap_size = 268435456;");
        return connection;
    }

    protected override async Task<ReadStreamResult> ReadStreamCoreAsync(string streamId, Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One read transaction: the stream row and its events come from the same snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            var row = LoadStream(connection, transaction, streamId);
            if (row is { Tombstoned: true })
                return ReadStreamResult.Deleted;
            if (row is null || !row.Exists)
                return ReadStreamResult.NotFound;

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Visibility.ReadStreamSql(direction);
            command.Parameters.AddWithValue("@stream", row.Id);
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@max", maxCount);
            command.Parameters.AddWithValue("@now", nowMicroseconds);
            return new ReadStreamResult(ReadStatus.Ok, ReadEvents(command, maxCount), row.LastRevision);
        }
    }

    protected override async Task<IReadOnlyList<RecordedEvent>> ReadAllCoreAsync(Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            // CROSS JOIN pins events as the outer loop: a range scan on the position, one lookup per stream row.
            command.CommandText = $"""
                SELECT {Visibility.EventColumns}, e.stream_id
                FROM events e CROSS JOIN streams s ON s.id = e.stream_id
                WHERE e.position {(direction == Direction.Forwards ? ">=" : "<=")} @from AND {Visibility.Condition}
                ORDER BY e.position {(direction == Direction.Forwards ? "ASC" : "DESC")}
                LIMIT @max
                """;
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@max", maxCount);
            command.Parameters.AddWithValue("@now", nowMicroseconds);
            return ReadEvents(command, maxCount);
        }
    }

    protected override async Task<long> ReadHeadCoreAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(position), 0) FROM events";
            return (long)command.ExecuteScalar()!;
        }
    }

    protected override async Task<StreamMetadata> GetStreamMetadataCoreAsync(string streamId, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = LoadStream(connection, null, streamId);
            if (row is { Tombstoned: true })
                throw new StreamDeletedException(streamId);
            return row?.Metadata ?? StreamMetadata.None;
        }
    }

    internal static StreamRow? LoadStream(SqliteConnection connection, SqliteTransaction? transaction, string streamId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Visibility.StreamColumns} FROM streams WHERE name = @name";
        command.Parameters.AddWithValue("@name", streamId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Rows.Stream(reader) : null;
    }

    private static List<RecordedEvent> ReadEvents(SqliteCommand command, int maxCount)
    {
        var events = new List<RecordedEvent>(Math.Min(maxCount, 4096));
        // Stream names repeat across a page: keep one string per stream instead of one per event.
        var names = new Dictionary<long, string>();
        var id = new byte[16];
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var streamKey = reader.GetInt64(10);
            if (!names.TryGetValue(streamKey, out var name))
                names[streamKey] = name = reader.GetString(1);
            reader.GetBytes(3, 0, id, 0, 16);
            events.Add(Rows.Event(reader, name, new Guid(id, bigEndian: true)));
        }

        return events;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _checkpointer.ConfigureAwait(false);
        _stopping.Dispose();
        if (_writer is not null)
        {
            Execute(_writer.Connection, "PRAGMA wal_checkpoint(PASSIVE)");
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
