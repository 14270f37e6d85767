using System.Data.Common;
using Npgsql;

namespace EventStore.State;

/// <summary>
/// The server adapter: <c>evs_state</c> in the event store's PostgreSQL database, shared by every node. The table is
/// created under the migration role when one is configured, and the application's role is granted exactly what the
/// state needs (SELECT, INSERT, UPDATE, DELETE on this table only — the events stay append-only).
/// </summary>
public sealed class PostgresStateStore : RelationalStateStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly string? _migrationConnectionString;
    private readonly Lazy<bool> _schema;

    /// <param name="session">The limits and pool sizes of the application's connections; null leaves the server's.</param>
    public PostgresStateStore(string connectionString, TimeProvider? time = null, string? migrationConnectionString = null, Postgres.PostgresSessionSettings? session = null)
        : base(time ?? TimeProvider.System)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _migrationConnectionString = string.IsNullOrWhiteSpace(migrationConnectionString) ? null : migrationConnectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 16;
        _dataSource = NpgsqlDataSource.Create(session?.Apply(builder.ConnectionString) ?? builder.ConnectionString);
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.PublicationOnly);
    }

    protected override DbConnection Open()
    {
        _ = _schema.Value;
        return _dataSource.OpenConnection();
    }

    public void Dispose() => _dataSource.Dispose();

    // Several nodes may start at once on a fresh database: one creates the table, the others wait on the lock.
    private bool CreateSchema() => Storage.PostgresSideTable.Create(_dataSource, _connectionString, _migrationConnectionString, "evs_state", 7254032,
        string.Format(System.Globalization.CultureInfo.InvariantCulture, TableSql, "bytea"),
        role => $"REVOKE ALL ON evs_state FROM PUBLIC; GRANT SELECT, INSERT, UPDATE, DELETE ON evs_state TO {role};");
}
