using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EventStore.SecurityLog;

/// <summary>
/// The embedded adapter: <c>evs_security_log</c> in its own SQLite file beside the event store's
/// (<c>events.security-log.db</c>, WAL, synchronous=FULL) — kept apart from the short-lived state file, because it is
/// kept and backed up like the events, and so the store's single writer never waits for it.
/// </summary>
public sealed class SqliteSecurityLog : RelationalSecurityLog
{
    private readonly string _connectionString;
    private readonly Lazy<bool> _schema;

    public SqliteSecurityLog(string path, int capPerAddressKindMinute)
        : base(capPerAddressKindMinute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = Storage.SqliteSideFile.ConnectionString(Path);
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.PublicationOnly);
    }

    public string Path { get; }

    /// <summary>The security-log file that goes with an event store file: <c>events.db</c> → <c>events.security-log.db</c>.</summary>
    public static string BesideStore(string storePath) => Storage.SqliteSideFile.Beside(storePath, "security-log");

    protected override DbConnection Open()
    {
        _ = _schema.Value;
        return Storage.SqliteSideFile.Open(_connectionString);
    }

    // BEGIN IMMEDIATE: the write lock is taken before the count, so two writers cannot both see room under the cap.
    protected override DbTransaction BeginExclusive(DbConnection connection, string address) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    private bool CreateSchema() => Storage.SqliteSideFile.Create(Path, _connectionString,
        string.Format(System.Globalization.CultureInfo.InvariantCulture, TableSql, "INTEGER PRIMARY KEY AUTOINCREMENT"));
}
