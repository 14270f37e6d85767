using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EventStore.State;

/// <summary>
/// The embedded adapter: <c>evs_state</c> in its own SQLite file beside the event store's (WAL, synchronous=FULL), so a
/// restart keeps everything and the store's single writer is never held up by session traffic.
/// </summary>
public sealed class SqliteStateStore : RelationalStateStore
{
    private readonly string _connectionString;
    private readonly Lazy<bool> _schema;

    public SqliteStateStore(string path, TimeProvider? time = null)
        : base(time ?? TimeProvider.System)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The state file.</summary>
    public string Path { get; }

    /// <summary>The state file that goes with an event store file: <c>events.db</c> → <c>events.state.db</c>, in the same folder.</summary>
    public static string BesideStore(string storePath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(storePath)) ?? ".",
            System.IO.Path.GetFileNameWithoutExtension(storePath) + ".state.db");

    protected override DbConnection Open()
    {
        _ = _schema.Value;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private bool CreateSchema()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000;" + string.Format(System.Globalization.CultureInfo.InvariantCulture, TableSql, "blob");
        command.ExecuteNonQuery();
        return true;
    }
}
