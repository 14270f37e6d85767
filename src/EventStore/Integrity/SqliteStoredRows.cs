using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventStore.Integrity;

/// <summary>The SQLite adapter's tables, read in one read transaction (a WAL snapshot) on a read-only connection.</summary>
internal sealed class SqliteStoredRows : StoredRows
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;
    private readonly bool _hasSchema;

    protected override bool HasSchema => _hasSchema;

    public SqliteStoredRows(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"no event store file at {path}", path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString());
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            // A big page cache and memory-mapped reads: verification walks the whole file once, in order.
            pragmas.CommandText = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 4294967296;";
            pragmas.ExecuteNonQuery();
        }

        _snapshot = _connection.BeginTransaction(deferred: true);
        using var schema = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'streams')");
        _hasSchema = (long)schema.ExecuteScalar()! == 2;
        using var column = Command("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'all_hash'");
        HasAllChain = _hasSchema && (long)column.ExecuteScalar()! == 1;
    }

    protected override SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _snapshot;
        command.CommandText = sql;
        return command;
    }

    public override (long MaxPosition, long? RecordedHead) ReadHead()
    {
        if (!_hasSchema)
            return (0, null);
        using var command = Command("SELECT coalesce(max(position), 0) FROM events");
        return ((long)command.ExecuteScalar()!, null);
    }

    public override EventCursor ReadEvents(long? streamKey) => new Cursor(_hasSchema ? _connection.Handle : null, streamKey, HasAllChain);

    public override void Dispose()
    {
        _snapshot.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Steps a prepared statement through SQLite's own API: columns are read as spans of SQLite's row buffer, which
    /// Microsoft.Data.Sqlite would copy into a new array per column per row.
    /// </summary>
    private sealed class Cursor : EventCursor
    {
        private const int PositionColumn = 0, StreamColumn = 1, RevisionColumn = 2, IdColumn = 3, TypeColumn = 4, CreatedColumn = 5,
            DataColumn = 6, MetadataColumn = 7, PreviousHashColumn = 8, HashColumn = 9, AllHashColumn = 10;

        private readonly sqlite3? _database;
        private readonly sqlite3_stmt? _statement;
        private bool _done;

        public Cursor(sqlite3? database, long? streamKey, bool hasAllChain)
        {
            if (database is null)
                return;
            _database = database;
            var sql = $"""
                SELECT position, stream_id, revision, event_id, type, created_us, data, metadata, prev_hash, hash, {(hasAllChain ? "all_hash" : "NULL")}
                FROM events {(streamKey is null ? "" : "WHERE stream_id = ?1")} ORDER BY position
                """;
            Check(raw.sqlite3_prepare_v2(database, sql, out var statement));
            _statement = statement;
            if (streamKey is { } key)
                Check(raw.sqlite3_bind_int64(statement, 1, key));
        }

        public override ReadOnlySpan<byte> TypeUtf8 => raw.sqlite3_column_blob(_statement!, TypeColumn);

        public override ReadOnlySpan<byte> Data => raw.sqlite3_column_blob(_statement!, DataColumn);

        public override ReadOnlySpan<byte> Metadata => raw.sqlite3_column_blob(_statement!, MetadataColumn);

        public override ReadOnlySpan<byte> PreviousHash => raw.sqlite3_column_blob(_statement!, PreviousHashColumn);

        public override ReadOnlySpan<byte> Hash => raw.sqlite3_column_blob(_statement!, HashColumn);

        public override ReadOnlySpan<byte> AllHash => raw.sqlite3_column_blob(_statement!, AllHashColumn);

        public override bool Read()
        {
            // Stepping a finished statement would run the query again from the top (SQLite resets it), so the end is remembered.
            if (_statement is null || _done)
                return false;
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_DONE)
            {
                _done = true;
                return false;
            }

            if (result != raw.SQLITE_ROW)
                Check(result);
            Position = raw.sqlite3_column_int64(_statement, PositionColumn);
            StreamKey = raw.sqlite3_column_int64(_statement, StreamColumn);
            Revision = raw.sqlite3_column_int64(_statement, RevisionColumn);
            var id = raw.sqlite3_column_blob(_statement, IdColumn);
            EventId = id.Length == 16 ? new Guid(id, bigEndian: true) : Guid.Empty;
            CreatedMicroseconds = raw.sqlite3_column_int64(_statement, CreatedColumn);
            return true;
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
                throw new SqliteException($"SQLite error {result}: {raw.sqlite3_errmsg(_database!).utf8_to_string()}", result);
        }

        public override void Dispose() => _statement?.Dispose();
    }
}
