using System.Data;
using Npgsql;

namespace EventStore.Integrity;

/// <summary>The PostgreSQL adapter's tables, read in one read-only repeatable-read transaction (one snapshot).</summary>
internal sealed class PostgresStoredRows : StoredRows
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _snapshot;
    private readonly bool _hasSchema;

    protected override bool HasSchema => _hasSchema;

    public PostgresStoredRows(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        _connection = new NpgsqlConnection(builder.ConnectionString);
        _connection.Open();
        _snapshot = _connection.BeginTransaction(IsolationLevel.RepeatableRead);
        using (var readOnly = Command("SET TRANSACTION READ ONLY"))
            readOnly.ExecuteNonQuery();
        using var schema = Command("SELECT to_regclass('events') IS NOT NULL AND to_regclass('streams') IS NOT NULL AND to_regclass('head') IS NOT NULL");
        _hasSchema = (bool)schema.ExecuteScalar()!;
        using var column = Command("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'all_hash')");
        HasAllChain = _hasSchema && (bool)column.ExecuteScalar()!;
    }

    protected override NpgsqlCommand Command(string sql) => new(sql, _connection, _snapshot);

    public override (long MaxPosition, long? RecordedHead) ReadHead()
    {
        if (!_hasSchema)
            return (0, null);
        using var command = Command("SELECT (SELECT coalesce(max(position), 0) FROM events), (SELECT position FROM head WHERE id = 1)");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    public override EventCursor ReadEvents(long? streamKey)
    {
        if (!_hasSchema)
            return new Cursor(null);
        var command = Command($"""
            SELECT position, stream_id, revision, event_id, type, created_us, data, metadata, prev_hash, hash, {(HasAllChain ? "all_hash" : "NULL::bytea")}
            FROM events {(streamKey is null ? "" : "WHERE stream_id = @stream")} ORDER BY position
            """);
        if (streamKey is { } key)
            command.Parameters.AddWithValue("stream", key);
        return new Cursor(command);
    }

    public override void Dispose()
    {
        _snapshot.Dispose();
        _connection.Dispose();
    }

    /// <summary>Reads each row's columns in order (sequential access) into buffers it reuses.</summary>
    private sealed class Cursor : EventCursor
    {
        private const int MaxHashBytes = 64;
        private readonly NpgsqlCommand? _command;
        private readonly NpgsqlDataReader? _reader;
        private readonly Dictionary<string, byte[]> _typeNames = new(StringComparer.Ordinal);
        private readonly byte[] _previousHash = new byte[MaxHashBytes];
        private readonly byte[] _hash = new byte[MaxHashBytes];
        private readonly byte[] _allHash = new byte[MaxHashBytes];
        private byte[] _type = [];
        private byte[] _data = new byte[4096];
        private byte[] _metadata = new byte[1024];
        private int _dataLength, _metadataLength, _previousHashLength, _hashLength, _allHashLength;

        public Cursor(NpgsqlCommand? command)
        {
            _command = command;
            _reader = command?.ExecuteReader(CommandBehavior.SequentialAccess);
        }

        public override ReadOnlySpan<byte> TypeUtf8 => _type;

        public override ReadOnlySpan<byte> Data => _data.AsSpan(0, _dataLength);

        public override ReadOnlySpan<byte> Metadata => _metadata.AsSpan(0, _metadataLength);

        public override ReadOnlySpan<byte> PreviousHash => _previousHash.AsSpan(0, _previousHashLength);

        public override ReadOnlySpan<byte> Hash => _hash.AsSpan(0, _hashLength);

        public override ReadOnlySpan<byte> AllHash => _allHash.AsSpan(0, _allHashLength);

        public override bool Read()
        {
            if (_reader is null || !_reader.Read())
                return false;
            Position = _reader.GetInt64(0);
            StreamKey = _reader.GetInt64(1);
            Revision = _reader.GetInt64(2);
            EventId = _reader.GetGuid(3);
            var type = _reader.GetString(4);
            if (!_typeNames.TryGetValue(type, out _type!))
                _typeNames[type] = _type = System.Text.Encoding.UTF8.GetBytes(type);
            CreatedMicroseconds = _reader.GetInt64(5);
            _dataLength = ReadBytes(6, ref _data);
            _metadataLength = ReadBytes(7, ref _metadata);
            _previousHashLength = ReadHash(8, _previousHash);
            _hashLength = ReadHash(9, _hash);
            _allHashLength = _reader.IsDBNull(10) ? 0 : ReadHash(10, _allHash);
            return true;
        }

        private int ReadBytes(int ordinal, ref byte[] buffer)
        {
            var length = _reader!.GetBytes(ordinal, 0, null, 0, 0);
            if (length > buffer.Length)
                buffer = new byte[Math.Max(length, buffer.Length * 2L)];
            return (int)_reader.GetBytes(ordinal, 0, buffer, 0, (int)length);
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
