using Microsoft.Data.Sqlite;
using ReadModels.Storage;

namespace ReadModels.Querying;

/// <summary>
/// The SQLite file holding every projection's tables and checkpoints, kept apart from the event store's file so
/// projection writes never contend with the store's writer. Queries read the live tables through views named
/// after the tables (<c>SELECT ... FROM receipts</c>); <see cref="OpenReadConnectionAsync"/> is the way in.
/// </summary>
public sealed class ReadModelDatabase
{
    private readonly string _connectionString;

    public ReadModelDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    /// <summary>A connection for Dapper queries against the live tables; it refuses writes.</summary>
    public async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default)
    {
        return await OpenAsync("PRAGMA query_only = 1", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The runner's write connection (<see cref="SqliteReadModelConnection"/>), one per feeding lane.</summary>
    internal async Task<ReadModelConnection> OpenWriterAsync(int cacheMegabytes, WalCheckpointer? checkpointer, CancellationToken cancellationToken) =>
        await SqliteReadModelConnection.OpenAsync(Path, cacheMegabytes, checkpointer, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts checkpointing the file's log in the background, for as long as the runner feeds it.</summary>
    internal WalCheckpointer StartCheckpointer() => new(Path);

    /// <summary>Opens a pooled connection and sets its pragmas (a pooled connection keeps those of its last user).</summary>
    private async Task<SqliteConnection> OpenAsync(string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        return connection;
    }
}
