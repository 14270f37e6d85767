using EventStore.Integrity;
using EventStore.Postgres;
using EventStore.Sqlite;
using EventStore.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EventStore.Tests.Integrity;

/// <summary>
/// A store on a database of its own (one per test: every test damages it differently), its verifier, and a way to
/// run SQL on the stored tables behind the store's back, as someone with access to the database could.
/// </summary>
public abstract class TamperableStore : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public abstract IEventStore Store { get; }

    public abstract StoreVerifier Verifier { get; }

    /// <summary>Runs SQL directly on the database; parameters are written <c>@name</c>.</summary>
    public abstract Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters);

    /// <summary>An open connection with full access (PostgreSQL: the append-only trigger switched off, as an owner can).</summary>
    public abstract Task<System.Data.Common.DbConnection> ConnectAsync();

    /// <summary>Whether event ids are 16-byte blobs (SQLite) rather than uuids.</summary>
    public abstract bool EventIdsAreBlobs { get; }

    /// <summary>Takes a copy of the database as a backup would.</summary>
    public abstract Task BackupAsync();

    /// <summary>Puts the copy taken by <see cref="BackupAsync"/> back in place of the current database (the store is reopened).</summary>
    public abstract Task RestoreBackupAsync();

    /// <summary>SQL turning the schema back into the one before the <c>$all</c> chain (as stores written then are).</summary>
    public abstract string PreAllChainSchemaSql { get; }

    /// <summary>Closes the store and opens it again on the same database, as after an upgrade.</summary>
    public abstract Task ReopenAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>A fresh SQLite file, deleted afterwards.</summary>
public sealed class SqliteTamperableStore : TamperableStore
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-tests", Guid.NewGuid().ToString("N"));
    private SqliteEventStore _store;

    public SqliteTamperableStore()
    {
        Directory.CreateDirectory(_directory);
        FilePath = Path.Combine(_directory, "events.db");
        _store = new SqliteEventStore(FilePath, Clock);
        Verifier = StoreVerifier.ForSqlite(FilePath);
    }

    public string FilePath { get; }

    public override string PreAllChainSchemaSql => "ALTER TABLE events DROP COLUMN all_hash; PRAGMA user_version = 0;";

    public override bool EventIdsAreBlobs => true;

    public override async Task<System.Data.Common.DbConnection> ConnectAsync()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private string BackupPath => Path.Combine(_directory, "backup.db");

    public override Task BackupAsync() => ExecuteAsync("VACUUM INTO @path", ("@path", BackupPath));

    public override async Task RestoreBackupAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(FilePath + suffix);
        File.Copy(BackupPath, FilePath, overwrite: true);
        _store = new SqliteEventStore(FilePath, Clock);
    }

    public override async Task ReopenAsync()
    {
        await _store.DisposeAsync();
        _store = new SqliteEventStore(FilePath, Clock);
    }

    public override IEventStore Store => _store;

    public override StoreVerifier Verifier { get; }

    public override async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a reader still closing; the temp folder is cleaned by the OS later
        }
    }
}

/// <summary>A freshly created PostgreSQL database (EVS_PG), dropped afterwards.</summary>
public sealed class PostgresTamperableStore : TamperableStore
{
    private PostgresDatabase _database = null!;
    private PostgresEventStore _store = null!;
    private StoreVerifier _verifier = null!;

    private PostgresTamperableStore()
    {
    }

    public static async Task<PostgresTamperableStore> CreateAsync()
    {
        var target = new PostgresTamperableStore { _database = await PostgresDatabase.CreateAsync(maxPoolSize: 5) };
        target._store = new PostgresEventStore(target._database.ConnectionString, target.Clock);
        target._verifier = StoreVerifier.ForPostgres(target._database.ConnectionString);
        return target;
    }

    public override IEventStore Store => _store;

    public override StoreVerifier Verifier => _verifier;

    public string ConnectionString => _database.ConnectionString;

    public override string PreAllChainSchemaSql => """
        ALTER TABLE events DROP COLUMN all_hash;
        ALTER TABLE head DROP COLUMN all_hash;
        DROP TABLE evs_schema;
        DROP TRIGGER evs_events_append_only ON events;
        DROP TRIGGER evs_events_never_truncated ON events;
        """;

    public override async Task ReopenAsync()
    {
        await _store.DisposeAsync();
        _store = new PostgresEventStore(_database.ConnectionString, Clock);
    }

    public override bool EventIdsAreBlobs => false;

    public override async Task<System.Data.Common.DbConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        // Full access: the append-only trigger is switched off first, as a superuser or the tables' owner can.
        await using (var triggersOff = new NpgsqlCommand("SET session_replication_role = replica", connection))
            await triggersOff.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>A dump of the three tables into copies beside them (what pg_dump keeps), restored by replacing their rows.</summary>
    public override Task BackupAsync() => ExecuteAsync("""
        CREATE TABLE backup_streams AS SELECT * FROM streams;
        CREATE TABLE backup_events AS SELECT * FROM events;
        CREATE TABLE backup_head AS SELECT * FROM head;
        """);

    public override async Task RestoreBackupAsync()
    {
        await ExecuteAsync("""
            DELETE FROM events; DELETE FROM streams; DELETE FROM head;
            INSERT INTO streams SELECT * FROM backup_streams;
            INSERT INTO events SELECT * FROM backup_events;
            INSERT INTO head SELECT * FROM backup_head;
            """);
        await ReopenAsync();
    }

    public override async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = (NpgsqlConnection)await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }
}
