using Microsoft.Data.Sqlite;

namespace EventStore.Integrity;

/// <summary>The SQLite adapter's tables, read in one read transaction (a WAL snapshot) on a read-only connection.</summary>
internal sealed class SqliteStoredRows : StoredRows
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;
    private readonly bool _hasSchema;

    public SqliteStoredRows(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"no event store file at {path}", path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString());
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            // A big page cache and memory-mapped reads: verification walks the whole file once, in order.
            pragmas.CommandText = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;";
            pragmas.ExecuteNonQuery();
        }

        _snapshot = _connection.BeginTransaction(deferred: true);
        using var schema = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'streams')");
        _hasSchema = (long)schema.ExecuteScalar()! == 2;
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _snapshot;
        command.CommandText = sql;
        return command;
    }

    public override IReadOnlyDictionary<long, StreamRecord> ReadStreams(string? name)
    {
        var streams = new Dictionary<long, StreamRecord>();
        if (!_hasSchema)
            return streams;
        using var command = Command($"SELECT id, name, last_revision, last_hash FROM streams{(name is null ? "" : " WHERE name = @name")}");
        if (name is not null)
            command.Parameters.AddWithValue("@name", name);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            streams[reader.GetInt64(0)] = new StreamRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
        return streams;
    }

    public override (long MaxPosition, long? RecordedHead) ReadHead()
    {
        if (!_hasSchema)
            return (0, null);
        using var command = Command("SELECT coalesce(max(position), 0) FROM events");
        return ((long)command.ExecuteScalar()!, null);
    }

    public override EventCursor ReadEvents(long? streamKey)
    {
        if (!_hasSchema)
            return new Cursor(null);
        var command = Command($"""
            SELECT position, stream_id, revision, event_id, type, created_us, data, metadata, prev_hash, hash
            FROM events {(streamKey is null ? "" : "WHERE stream_id = @stream")} ORDER BY position
            """);
        if (streamKey is { } key)
            command.Parameters.AddWithValue("@stream", key);
        return new Cursor(command);
    }

    public override void Dispose()
    {
        _snapshot.Dispose();
        _connection.Dispose();
    }

    private sealed class Cursor : EventCursor
    {
        private readonly SqliteCommand? _command;
        private readonly SqliteDataReader? _reader;
        private readonly byte[] _eventId = new byte[16];

        public Cursor(SqliteCommand? command)
        {
            _command = command;
            _reader = command?.ExecuteReader();
        }

        public override bool Read()
        {
            if (_reader is null || !_reader.Read())
                return false;
            Position = _reader.GetInt64(0);
            StreamKey = _reader.GetInt64(1);
            Revision = _reader.GetInt64(2);
            EventId = _reader.GetBytes(3, 0, null, 0, 0) == 16 && _reader.GetBytes(3, 0, _eventId, 0, 16) == 16
                ? new Guid(_eventId, bigEndian: true)
                : Guid.Empty;
            Type = _reader.GetString(4);
            CreatedMicroseconds = _reader.GetInt64(5);
            var dataLength = _reader.GetBytes(6, 0, null, 0, 0);
            EnsureData(dataLength);
            DataLength = (int)_reader.GetBytes(6, 0, DataBuffer, 0, (int)dataLength);
            var metadataLength = _reader.GetBytes(7, 0, null, 0, 0);
            EnsureMetadata(metadataLength);
            MetadataLength = (int)_reader.GetBytes(7, 0, MetadataBuffer, 0, (int)metadataLength);
            PreviousHashLength = ReadHash(8, PreviousHashBuffer);
            HashLength = ReadHash(9, HashBuffer);
            return true;
        }

        private int ReadHash(int ordinal, byte[] buffer)
        {
            var length = (int)Math.Min(_reader!.GetBytes(ordinal, 0, null, 0, 0), MaxHashBytes);
            return length == 0 ? 0 : (int)_reader.GetBytes(ordinal, 0, buffer, 0, length);
        }

        public override void Dispose()
        {
            _reader?.Dispose();
            _command?.Dispose();
        }
    }
}
