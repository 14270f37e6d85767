using System.Data;
using Npgsql;

namespace EventStore.Integrity;

/// <summary>The PostgreSQL adapter's tables, read in one read-only repeatable-read transaction (one snapshot).</summary>
internal sealed class PostgresStoredRows : StoredRows
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _snapshot;
    private readonly bool _hasSchema;

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
    }

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _snapshot);

    public override IReadOnlyDictionary<long, StreamRecord> ReadStreams(string? name)
    {
        var streams = new Dictionary<long, StreamRecord>();
        if (!_hasSchema)
            return streams;
        using var command = Command($"SELECT id, name, last_revision, last_hash FROM streams{(name is null ? "" : " WHERE name = @name")}");
        if (name is not null)
            command.Parameters.AddWithValue("name", name);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            streams[reader.GetInt64(0)] = new StreamRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
        return streams;
    }

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
            SELECT position, stream_id, revision, event_id, type, created_us, data, metadata, prev_hash, hash
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

    private sealed class Cursor : EventCursor
    {
        private readonly NpgsqlCommand? _command;
        private readonly NpgsqlDataReader? _reader;

        public Cursor(NpgsqlCommand? command)
        {
            _command = command;
            // Sequential access streams each row's columns in order instead of buffering the whole row.
            _reader = command?.ExecuteReader(CommandBehavior.SequentialAccess);
        }

        public override bool Read()
        {
            if (_reader is null || !_reader.Read())
                return false;
            Position = _reader.GetInt64(0);
            StreamKey = _reader.GetInt64(1);
            Revision = _reader.GetInt64(2);
            EventId = _reader.GetGuid(3);
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
