using Microsoft.Data.Sqlite;

namespace ReadModels.Storage;

/// <summary>
/// The read-model file's write connection: WAL with <c>synchronous=NORMAL</c>, <c>BEGIN IMMEDIATE</c> transactions and
/// statements prepared once (<see cref="SqliteStatements"/>). A crash can lose the newest batches but never separate
/// rows from their checkpoint, and lost batches are simply applied again from the store.
/// </summary>
internal sealed class SqliteReadModelConnection : ReadModelConnection
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatements _statements;
    private readonly WalCheckpointer? _checkpointer;

    private SqliteReadModelConnection(SqliteConnection connection, WalCheckpointer? checkpointer)
    {
        _connection = connection;
        _statements = new SqliteStatements(connection);
        _checkpointer = checkpointer;
    }

    /// <param name="cacheMegabytes">
    /// The page cache: the indexes of a projection's large tables are walked at random while they are written, and a page
    /// read again from the OS costs a system call each time.
    /// </param>
    /// <param name="checkpointer">Copies the log into the file after commits; without one, SQLite does it inside a commit now and then.</param>
    public static async Task<SqliteReadModelConnection> OpenAsync(string path, int cacheMegabytes, WalCheckpointer? checkpointer, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        // Not pooled: the runner keeps this connection (and its prepared statements) for as long as it feeds.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"""
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;
                PRAGMA cache_size = -{cacheMegabytes * 1024}; PRAGMA temp_store = MEMORY;
                PRAGMA wal_autocheckpoint = {(checkpointer is null ? 1000 : 25_000)};
                """;
            pragmas.ExecuteNonQuery();
            return new SqliteReadModelConnection(connection, checkpointer);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask BeginAsync(CancellationToken cancellationToken) => Run("BEGIN IMMEDIATE");

    public override ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        _statements.Execute("COMMIT", null);
        _checkpointer?.Committed();
        return ValueTask.CompletedTask;
    }

    public override ValueTask RollbackAsync(CancellationToken cancellationToken) =>
        // After some errors (a full disk, an interrupted statement) SQLite has already rolled the transaction back.
        _connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0 ? ValueTask.CompletedTask : Run("ROLLBACK");

    public override ValueTask<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_statements.Execute(sql, parameters));

    public override ValueTask<object?> QueryScalarAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_statements.QueryScalar(sql, parameters));

    public override ValueTask<List<T>> QueryAsync<T>(string sql, object? parameters, Func<IReadModelRow, T> read, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_statements.Query(sql, parameters, read));

    public override ValueTask<bool> SchemaObjectExistsAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_statements.QueryScalar("SELECT 1 FROM sqlite_master WHERE name = @name", new { name }) is not null);

    public override DeferredIndexes? Deferred
    {
        get => _statements.Deferred;
        set => _statements.Deferred = value;
    }

    private ValueTask Run(string sql)
    {
        _statements.Execute(sql, null);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        _statements.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
