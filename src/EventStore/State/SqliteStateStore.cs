using System.Data.Common;

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
        _connectionString = Storage.SqliteSideFile.ConnectionString(Path);
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The state file.</summary>
    public string Path { get; }

    /// <summary>The state file that goes with an event store file: <c>events.db</c> → <c>events.state.db</c>, in the same folder.</summary>
    public static string BesideStore(string storePath) => Storage.SqliteSideFile.Beside(storePath, "state");

    protected override DbConnection Open()
    {
        _ = _schema.Value;
        return Storage.SqliteSideFile.Open(_connectionString);
    }

    private bool CreateSchema() =>
        Storage.SqliteSideFile.Create(Path, _connectionString, string.Format(System.Globalization.CultureInfo.InvariantCulture, TableSql, "blob"));
}
