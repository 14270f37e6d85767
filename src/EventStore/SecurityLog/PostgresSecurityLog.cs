using System.Data.Common;
using Npgsql;

namespace EventStore.SecurityLog;

/// <summary>
/// The server adapter: <c>evs_security_log</c> in the event store's PostgreSQL database, shared by every node. Created
/// under the migration role when one is configured; the application's role may then only read, insert, and raise an
/// aggregated row's counter (SELECT, INSERT, UPDATE (occurrences)) — no other change, no DELETE.
/// </summary>
public sealed class PostgresSecurityLog : RelationalSecurityLog, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly string? _migrationConnectionString;
    private readonly Lazy<bool> _schema;

    public PostgresSecurityLog(string connectionString, int capPerAddressKindMinute, string? migrationConnectionString = null, Postgres.PostgresSessionSettings? session = null)
        : base(capPerAddressKindMinute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _migrationConnectionString = string.IsNullOrWhiteSpace(migrationConnectionString) ? null : migrationConnectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        _dataSource = NpgsqlDataSource.Create(session?.Apply(builder.ConnectionString) ?? builder.ConnectionString);
        _schema = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.PublicationOnly);
    }

    protected override DbConnection Open()
    {
        _ = _schema.Value;
        return _dataSource.OpenConnection();
    }

    protected override DbTransaction BeginExclusive(DbConnection connection, string address)
    {
        var transaction = ((NpgsqlConnection)connection).BeginTransaction();
        // Held to the end of the transaction: writers for the same address count one after another, on any node.
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7254033, hashtext(@address))", (NpgsqlConnection)connection, transaction);
        command.Parameters.AddWithValue("address", address);
        command.ExecuteNonQuery();
        return transaction;
    }

    public void Dispose() => _dataSource.Dispose();

    private bool CreateSchema() => Storage.PostgresSideTable.Create(_dataSource, _connectionString, _migrationConnectionString, "evs_security_log", 7254034,
        string.Format(System.Globalization.CultureInfo.InvariantCulture, TableSql, "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
        role => $"""
            REVOKE ALL ON evs_security_log FROM PUBLIC;
            GRANT SELECT, INSERT ON evs_security_log TO {role};
            GRANT UPDATE (occurrences) ON evs_security_log TO {role};
            """);
}
