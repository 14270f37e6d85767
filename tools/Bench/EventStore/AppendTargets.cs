using System.Text;
using EventStore;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Bench.EventStore;

/// <summary>Something the event store benchmark appends to and reads back: the store itself, or a raw-table baseline.</summary>
internal interface IAppendTarget : IAsyncDisposable
{
    string Name { get; }

    Task AppendAsync(string stream, IReadOnlyList<EventData> events);

    /// <summary>Reads every row from the start in pages, materialising the same fields; returns how many.</summary>
    Task<long> ReadAllAsync();
}

/// <summary>The event store under test.</summary>
internal sealed class StoreTarget(string name, IEventStore store) : IAppendTarget
{
    public string Name => name;

    public Task AppendAsync(string stream, IReadOnlyList<EventData> events) => store.AppendToStreamAsync(stream, StreamState.Any, events);

    public async Task<long> ReadAllAsync()
    {
        long count = 0;
        var from = Position.Start;
        while (true)
        {
            var page = await store.ReadAllAsync(Direction.Forwards, from, 1000);
            count += page.Count;
            if (page.Count < 1000)
                return count;
            from = new Position(page[^1].Position.Value + 1);
        }
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}

/// <summary>
/// The SQLite baseline: plain INSERTs of the same bytes into one table, WAL and synchronous=FULL, one transaction
/// per append, each writer on its own connection (SQLite's own locking serialises them). No expectations,
/// idempotency, hashing or group commit.
/// </summary>
internal sealed class RawSqliteTarget : IAppendTarget
{
    private readonly string _connectionString;
    private readonly ThreadLocal<SqliteConnection> _connections;
    private readonly List<SqliteConnection> _all = [];

    public RawSqliteTarget(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 120 }.ToString();
        using (var setup = Open())
        {
            using var command = setup.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS raw_events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, event_id BLOB NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL, metadata BLOB NOT NULL, created_us INTEGER NOT NULL);
                """;
            command.ExecuteNonQuery();
        }

        _connections = new ThreadLocal<SqliteConnection>(() =>
        {
            var connection = Open();
            lock (_all)
                _all.Add(connection);
            return connection;
        });
    }

    public string Name => "raw SQLite";

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 120000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public Task AppendAsync(string stream, IReadOnlyList<EventData> events) => Task.Run(() =>
    {
        var connection = _connections.Value!;
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO raw_events (stream, event_id, type, data, metadata, created_us) VALUES (@s, @id, @t, @d, @m, @c)";
        var s = insert.Parameters.Add("@s", SqliteType.Text);
        var id = insert.Parameters.Add("@id", SqliteType.Blob);
        var t = insert.Parameters.Add("@t", SqliteType.Text);
        var d = insert.Parameters.Add("@d", SqliteType.Blob);
        var m = insert.Parameters.Add("@m", SqliteType.Blob);
        var c = insert.Parameters.Add("@c", SqliteType.Integer);
        foreach (var e in events)
        {
            s.Value = stream;
            id.Value = e.EventId.ToByteArray(bigEndian: true);
            t.Value = e.Type;
            d.Value = e.Data.ToArray();
            m.Value = e.Metadata.ToArray();
            c.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    });

    public Task<long> ReadAllAsync()
    {
        using var connection = Open();
        long count = 0;
        long from = 0;
        while (true)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT position, stream, event_id, type, data, metadata, created_us FROM raw_events WHERE position > @from ORDER BY position LIMIT 1000";
            command.Parameters.AddWithValue("@from", from);
            using var reader = command.ExecuteReader();
            var page = 0;
            while (reader.Read())
            {
                from = reader.GetInt64(0);
                _ = (reader.GetString(1), (byte[])reader.GetValue(2), reader.GetString(3), (byte[])reader.GetValue(4), (byte[])reader.GetValue(5), reader.GetInt64(6));
                page++;
            }

            count += page;
            if (page < 1000)
                return Task.FromResult(count);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
            connection.Dispose();
        _connections.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The PostgreSQL baseline: plain INSERTs of the same bytes, one transaction per append on pooled connections,
/// synchronous_commit=on (the server's setting). No head lock, expectations, idempotency or hashing.
/// </summary>
internal sealed class RawPostgresTarget : IAppendTarget
{
    private readonly NpgsqlDataSource _dataSource;

    public RawPostgresTarget(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS raw_events (position bigserial PRIMARY KEY, stream text NOT NULL, event_id uuid NOT NULL, type text NOT NULL, data bytea NOT NULL, metadata bytea NOT NULL, created_us bigint NOT NULL);
            """);
        command.ExecuteNonQuery();
    }

    public string Name => "raw PostgreSQL";

    public async Task AppendAsync(string stream, IReadOnlyList<EventData> events)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO raw_events (stream, event_id, type, data, metadata, created_us)
            SELECT @s, * FROM unnest(@id, @t, @d, @m, @c)
            """, connection, transaction);
        insert.Parameters.AddWithValue("s", stream);
        insert.Parameters.AddWithValue("id", events.Select(e => e.EventId).ToArray());
        insert.Parameters.AddWithValue("t", events.Select(e => e.Type).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.Data.ToArray()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(e => e.Metadata.ToArray()).ToArray() });
        insert.Parameters.AddWithValue("c", events.Select(_ => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000).ToArray());
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async Task<long> ReadAllAsync()
    {
        long count = 0;
        long from = 0;
        while (true)
        {
            await using var command = _dataSource.CreateCommand("SELECT position, stream, event_id, type, data, metadata, created_us FROM raw_events WHERE position > @from ORDER BY position LIMIT 1000");
            command.Parameters.AddWithValue("from", from);
            await using var reader = await command.ExecuteReaderAsync();
            var page = 0;
            while (await reader.ReadAsync())
            {
                from = reader.GetInt64(0);
                _ = (reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<byte[]>(5), reader.GetInt64(6));
                page++;
            }

            count += page;
            if (page < 1000)
                return count;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>
/// The events the benchmark writes: realistic sizes (about 300 bytes of data, 150 of metadata) and time-ordered
/// (version-7) ids, as the command handler derives them from version-7 command ids.
/// </summary>
internal static class BenchEvents
{
    private static readonly byte[] Metadata = Encoding.UTF8.GetBytes(
        """{"correlationId":"5b0e3f7c-6a2d-4a7e-9d51-0c1f7f6b2a11","causationId":"9c2d4e6f-1a3b-4c5d-8e7f-a0b1c2d3e4f5","actor":"manager-3230000"}""");

    public static EventData[] Make(int count, int seed)
    {
        var events = new EventData[count];
        for (var i = 0; i < count; i++)
        {
            var data = Encoding.UTF8.GetBytes($$"""{"agencyCode":"3230000","serial":"{{seed:X8}}{{i:X8}}","issuerKeyId":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","subject":"CN=測試機關,OU=人事室,O=行政院,C=TW","notBefore":"2026-01-01T00:00:00Z","notAfter":"2028-01-01T00:00:00Z","oid":"2.16.886.101.20003.20012","functions":["保費申報作業","異動登錄"]}""");
            events[i] = new EventData(Guid.CreateVersion7(), "GrantIssued.v1", data, Metadata);
        }

        return events;
    }
}
