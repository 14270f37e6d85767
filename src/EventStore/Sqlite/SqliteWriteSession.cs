using EventStore.Storage;
using Microsoft.Data.Sqlite;

namespace EventStore.Sqlite;

/// <summary>One drain of the SQLite writer: a <c>BEGIN IMMEDIATE</c> transaction on the writer connection with prepared statements.</summary>
internal sealed class SqliteWriteSession : IWriteSession
{
    private readonly Commands _commands;
    private readonly SqliteTransaction _transaction;
    private bool _committed;

    public SqliteWriteSession(Commands commands)
    {
        _commands = commands;
        _transaction = commands.Connection.BeginTransaction(deferred: false);
        commands.Enlist(_transaction);
        // Another connection (another store instance or process) committed since our last drain: forget cached rows.
        var dataVersion = (long)commands.DataVersion.ExecuteScalar()!;
        if (dataVersion != commands.SeenDataVersion)
        {
            commands.StreamCache.Clear();
            commands.SeenDataVersion = dataVersion;
        }

        using (var head = commands.Head.ExecuteReader())
        {
            if (head.Read())
            {
                Head = head.GetInt64(0);
                AllHash = head.IsDBNull(1) ? throw new InvalidOperationException($"the event at position {Head} has no $all link: the store was not migrated") : head.GetFieldValue<byte[]>(1);
            }
        }
    }

    public long Head { get; set; }

    public byte[] AllHash { get; set; } = HashChain.Genesis.ToArray();

    public bool RememberedState => false;

    public ValueTask<StreamRow?> LoadStreamAsync(string name, CancellationToken cancellationToken)
    {
        if (_commands.StreamCache.TryGetValue(name, out var cached))
            return ValueTask.FromResult<StreamRow?>(cached);
        _commands.LoadStream.Parameters[0].Value = name;
        using var reader = _commands.LoadStream.ExecuteReader();
        var row = reader.Read() ? Rows.Stream(reader) : null;
        if (row is not null)
            Remember(row);
        return ValueTask.FromResult(row);
    }

    public ValueTask<StreamRow> CreateStreamAsync(string name, CancellationToken cancellationToken)
    {
        _commands.CreateStream.Parameters[0].Value = name;
        var id = (long)_commands.CreateStream.ExecuteScalar()!;
        var row = new StreamRow(id, name, -1, 0, false, false, null, null, null, null);
        Remember(row);
        return ValueTask.FromResult(row);
    }

    private void Remember(StreamRow row)
    {
        if (_commands.StreamCache.Count >= Commands.StreamCacheLimit)
            _commands.StreamCache.Clear();
        _commands.StreamCache[row.Name] = row;
    }

    public ValueTask<IReadOnlyList<StoredEventId>> FindEventIdsAsync(long streamKey, IReadOnlyList<Guid> eventIds, CancellationToken cancellationToken)
    {
        var found = new List<StoredEventId>();
        var command = _commands.FindEventId;
        command.Parameters[0].Value = streamKey;
        foreach (var id in eventIds)
        {
            command.Parameters[1].Value = id.ToByteArray(bigEndian: true);
            using var reader = command.ExecuteReader();
            if (reader.Read())
                found.Add(new StoredEventId(id, reader.GetInt64(0), reader.GetInt64(1)));
        }

        return ValueTask.FromResult<IReadOnlyList<StoredEventId>>(found);
    }

    /// <summary>
    /// Lets the unique (stream, event id) index spot repeats (<c>ON CONFLICT … DO NOTHING</c> inserts no row), so
    /// the common case costs no lookups. A single event needs nothing more; several run under a savepoint so a
    /// repeat found halfway leaves nothing behind.
    /// </summary>
    public ValueTask<bool> TryInsertEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 1)
            return ValueTask.FromResult(Insert(events[0]));

        _commands.Savepoint.ExecuteNonQuery();
        foreach (var e in events)
        {
            if (!Insert(e))
            {
                _commands.RollbackToSavepoint.ExecuteNonQuery();
                _commands.ReleaseSavepoint.ExecuteNonQuery();
                return ValueTask.FromResult(false);
            }
        }

        _commands.ReleaseSavepoint.ExecuteNonQuery();
        return ValueTask.FromResult(true);
    }

    /// <summary>Inserts one event; false when its id is already in the stream.</summary>
    private bool Insert(NewEvent e)
    {
        var p = _commands.InsertEvent.Parameters;
        p[0].Value = e.Position;
        p[1].Value = e.StreamKey;
        p[2].Value = e.Revision;
        p[3].Value = e.EventId.ToByteArray(bigEndian: true);
        p[4].Value = e.Type;
        p[5].Value = AsArray(e.Data);
        p[6].Value = AsArray(e.Metadata);
        p[7].Value = e.CreatedMicroseconds;
        p[8].Value = e.PreviousHash;
        p[9].Value = e.Hash;
        p[10].Value = e.AllHash;
        return _commands.InsertEvent.ExecuteNonQuery() == 1;
    }

    public ValueTask SaveStreamAsync(StreamRow row, CancellationToken cancellationToken)
    {
        var p = _commands.SaveStream.Parameters;
        p[0].Value = row.Id;
        p[1].Value = row.LastRevision;
        p[2].Value = row.IncarnationStart;
        p[3].Value = row.SoftDeleted ? 1 : 0;
        p[4].Value = row.Tombstoned ? 1 : 0;
        p[5].Value = (object?)row.TruncateBefore ?? DBNull.Value;
        p[6].Value = (object?)row.MaxCount ?? DBNull.Value;
        p[7].Value = (object?)row.MaxAgeMicroseconds ?? DBNull.Value;
        p[8].Value = (object?)row.LastHash ?? DBNull.Value;
        _commands.SaveStream.ExecuteNonQuery();
        Remember(row);
        return ValueTask.CompletedTask;
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        _transaction.Commit();
        _committed = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            _transaction.Rollback();
            _commands.StreamCache.Clear();
        }

        _transaction.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    /// <summary>
    /// The writer connection, its statements (prepared once, reused by every drain) and a cache of stream rows,
    /// valid while no other connection has committed (checked with <c>PRAGMA data_version</c> at each drain).
    /// </summary>
    internal sealed class Commands : IAsyncDisposable
    {
        public const int StreamCacheLimit = 100_000;

        public Commands(SqliteConnection connection)
        {
            Connection = connection;
            DataVersion = Create("PRAGMA data_version");
            Head = Create("SELECT position, all_hash FROM events ORDER BY position DESC LIMIT 1");
            LoadStream = Create($"SELECT {Visibility.StreamColumns} FROM streams WHERE name = @name", "@name");
            CreateStream = Create("INSERT INTO streams (name) VALUES (@name) RETURNING id", "@name");
            FindEventId = Create("SELECT revision, position FROM events WHERE stream_id = @stream AND event_id = @id", "@stream", "@id");
            InsertEvent = Create(
                "INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created_us, prev_hash, hash, all_hash) VALUES (@p, @s, @r, @id, @t, @d, @m, @c, @ph, @h, @ah) ON CONFLICT (stream_id, event_id) DO NOTHING",
                "@p", "@s", "@r", "@id", "@t", "@d", "@m", "@c", "@ph", "@h", "@ah");
            Savepoint = Create("SAVEPOINT append");
            RollbackToSavepoint = Create("ROLLBACK TO append");
            ReleaseSavepoint = Create("RELEASE append");
            SaveStream = Create(
                "UPDATE streams SET last_revision = @r, incarnation_start = @i, soft_deleted = @sd, tombstoned = @tb, truncate_before = @trunc, max_count = @mc, max_age_us = @ma, last_hash = @h WHERE id = @id",
                "@id", "@r", "@i", "@sd", "@tb", "@trunc", "@mc", "@ma", "@h");
        }

        public SqliteConnection Connection { get; }

        public Dictionary<string, StreamRow> StreamCache { get; } = new(StringComparer.Ordinal);

        public long SeenDataVersion { get; set; } = -1;

        public SqliteCommand DataVersion { get; }

        public SqliteCommand Head { get; }

        public SqliteCommand LoadStream { get; }

        public SqliteCommand CreateStream { get; }

        public SqliteCommand FindEventId { get; }

        public SqliteCommand InsertEvent { get; }

        public SqliteCommand SaveStream { get; }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand RollbackToSavepoint { get; }

        public SqliteCommand ReleaseSavepoint { get; }

        private IEnumerable<SqliteCommand> All => [DataVersion, Head, LoadStream, CreateStream, FindEventId, InsertEvent, SaveStream, Savepoint, RollbackToSavepoint, ReleaseSavepoint];

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All)
                command.Transaction = transaction;
        }

        private SqliteCommand Create(string sql, params string[] parameters)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in All)
                await command.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
