using System.Data.Common;
using Dapper;
using EventStore.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using ReadModels.Storage;

namespace ReadModels.Querying;

/// <summary>
/// Where every projection's tables and checkpoints live. Embedded mode: a SQLite file of its own, kept apart from the
/// event store's file so projection writes never contend with the store's writer. Server mode
/// (<c>EventStore:Provider=postgres</c>): the schema <c>evs_rm</c> of the store's PostgreSQL database, shared by every
/// node, so any node answers queries while one node at a time feeds each projection (<see cref="Runner.ProjectionRunner"/>).
/// Queries read the live tables through views named after the tables (<c>SELECT ... FROM receipts</c>), in SQL both
/// databases accept; <see cref="OpenReadConnectionAsync"/> is the way in.
/// </summary>
public sealed class ReadModelDatabase : IAsyncDisposable
{
    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _reads;
    private readonly NpgsqlDataSource? _writes;
    private readonly NpgsqlDataSource? _leadership;
    private readonly string? _migrationConnectionString;
    private readonly string? _appRole;
    private volatile bool _schemaMade;

    /// <summary>The embedded read-model file at <paramref name="path"/>.</summary>
    public ReadModelDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        NodeTag = "";
    }

    private ReadModelDatabase(string connectionString, PostgresSessionSettings session, string? migrationConnectionString)
    {
        _migrationConnectionString = migrationConnectionString;
        _appRole = new NpgsqlConnectionStringBuilder(connectionString).Username;
        NodeTag = $"evs-rm-{Guid.NewGuid():N}"[..19];
        var limited = new NpgsqlConnectionStringBuilder(session.Apply(connectionString)) { SearchPath = PostgresReadModelConnection.Schema };
        _reads = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(limited.ConnectionString) { Options = $"{limited.Options} -c default_transaction_read_only=on" });
        _writes = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(limited.ConnectionString) { ApplicationName = NodeTag });
        // The leadership session holds the projections' advisory locks: never pooled (a lock must die with its
        // session), and probed by the server every second so that a node gone silent loses its locks within seconds.
        _leadership = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(limited.ConnectionString)
        {
            ApplicationName = NodeTag, Pooling = false,
            Options = $"{limited.Options} -c tcp_keepalives_idle=1 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=2",
        });
    }

    /// <summary>
    /// The read models in the schema <c>evs_rm</c> of the PostgreSQL database at <paramref name="connectionString"/>. With
    /// <paramref name="migrationConnectionString"/> (the store's migration role, <c>EventStore:Postgres:MigrationConnectionString</c>)
    /// the schema is created by that role, which grants the application's role the right to create tables in it: the
    /// application's role then needs no right to create anything in the database, and makes and drops only the
    /// projections' own tables, inside <c>evs_rm</c>.
    /// </summary>
    public static ReadModelDatabase OnPostgres(string connectionString, PostgresSessionSettings? session = null, string? migrationConnectionString = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new ReadModelDatabase(connectionString, session ?? PostgresSessionSettings.Default,
            string.IsNullOrWhiteSpace(migrationConnectionString) ? null : migrationConnectionString);
    }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? Path { get; }

    public bool IsPostgres => _writes is not null;

    /// <summary>The application name this instance's PostgreSQL sessions carry, so that a node taking over can cut off a hung one's.</summary>
    internal string NodeTag { get; }

    /// <summary>Under the migration role, until it has once succeeded: <c>evs_rm</c>, with the right to create tables in it granted to the application's role.</summary>
    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaMade)
            return;
        if (_migrationConnectionString is not null && _appRole is not null
            && !string.Equals(_appRole, new NpgsqlConnectionStringBuilder(_migrationConnectionString).Username, StringComparison.Ordinal))
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_migrationConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // One implicit transaction: the catalog's lock keeps nodes starting together from creating it twice.
            await using var command = new NpgsqlCommand(
                $"SELECT pg_advisory_xact_lock({PostgresReadModelConnection.CatalogLock}); "
                + $"CREATE SCHEMA IF NOT EXISTS {PostgresReadModelConnection.Schema}; "
                + $"GRANT USAGE, CREATE ON SCHEMA {PostgresReadModelConnection.Schema} TO {new NpgsqlCommandBuilder().QuoteIdentifier(_appRole)}",
                connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _schemaMade = true;
    }

    /// <summary>A connection for Dapper queries against the live tables; it refuses writes.</summary>
    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_reads is not null)
            return await _reads.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A pooled connection keeps the pragmas of its last user: set every time.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA query_only = 1";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The runner's write connection, one per feeding lane.</summary>
    internal async Task<ReadModelConnection> OpenWriterAsync(int cacheMegabytes, WalCheckpointer? checkpointer, CancellationToken cancellationToken) =>
        _writes is not null
            ? await OpenPostgresWriterAsync(cancellationToken).ConfigureAwait(false)
            : await SqliteReadModelConnection.OpenAsync(Path!, cacheMegabytes, checkpointer, cancellationToken).ConfigureAwait(false);

    private async Task<ReadModelConnection> OpenPostgresWriterAsync(CancellationToken cancellationToken)
    {
        await CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresReadModelConnection.OpenAsync(_writes!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session that holds this node's projection leases (PostgreSQL only).</summary>
    internal async Task<NpgsqlConnection> OpenLeadershipAsync(CancellationToken cancellationToken) =>
        await (_leadership ?? throw new InvalidOperationException("leadership is for read models on PostgreSQL")).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Starts checkpointing the SQLite file's log in the background, for as long as the runner feeds it (nothing on PostgreSQL).</summary>
    internal WalCheckpointer? StartCheckpointer() => IsPostgres ? null : new(Path!);

    /// <summary>Whether a table or view of the read models exists (queries that may run before the runner first started ask).</summary>
    internal async Task<bool> ExistsAsync(DbConnection connection, string name, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(IsPostgres
            ? $"SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{PostgresReadModelConnection.Schema}' AND c.relname = @name"
            : "SELECT count(*) FROM sqlite_master WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;

    /// <summary>A condition true where <paramref name="column"/> contains the text of parameter <paramref name="parameter"/>.</summary>
    internal string Contains(string column, string parameter) => IsPostgres ? $"strpos({column}, @{parameter}) > 0" : $"instr({column}, @{parameter}) > 0";

    /// <summary>
    /// A condition true where <paramref name="column"/> is one of a list passed as the single parameter
    /// <paramref name="parameter"/> (whose value <see cref="ListValue"/> makes), so one statement serves any number.
    /// </summary>
    internal string InList(string column, string parameter) =>
        IsPostgres ? $"{column} = ANY(@{parameter})" : $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    internal object ListValue(IReadOnlyList<string> values) => IsPostgres ? values.ToArray() : System.Text.Json.JsonSerializer.Serialize(values);

    public async ValueTask DisposeAsync()
    {
        foreach (var source in new[] { _reads, _writes, _leadership })
        {
            if (source is not null)
                await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
