using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventStore.Storage;

/// <summary>
/// A table kept beside the event store in its own SQLite file (the state table, the security log): WAL,
/// synchronous=FULL, a 30 s busy timeout, created on first use.
/// </summary>
internal static class SqliteSideFile
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>The file beside <paramref name="storePath"/> named after it: <c>events.db</c> → <c>events.{suffix}.db</c>.</summary>
    public static string Beside(string storePath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storePath)) ?? ".", Path.GetFileNameWithoutExtension(storePath) + $".{suffix}.db");

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the folder, turns WAL on and runs <paramref name="tableSql"/> (which must be idempotent).</summary>
    public static bool Create(string path, string connectionString, string tableSql)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000;" + tableSql;
        command.ExecuteNonQuery();
        return true;
    }
}

/// <summary>
/// A table kept beside the events in the store's PostgreSQL database: created once (under the migration role when one
/// is configured, several nodes starting at once waiting on one advisory lock), then the application's role granted
/// only what <paramref name="grants"/> names.
/// </summary>
internal static class PostgresSideTable
{
    /// <param name="grants">The GRANT/REVOKE statements for the quoted application role.</param>
    public static bool Create(NpgsqlDataSource dataSource, string connectionString, string? migrationConnectionString, string table, long lockKey,
        string tableSql, Func<string, string> grants)
    {
        using (var connection = dataSource.OpenConnection())
        using (var exists = new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", connection))
        {
            if ((bool)exists.ExecuteScalar()!)
                return true;
        }

        var owner = migrationConnectionString ?? connectionString;
        using var migration = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(owner) { Pooling = false }.ConnectionString);
        migration.Open();
        using var transaction = migration.BeginTransaction();
        Execute(migration, transaction, $"SELECT pg_advisory_xact_lock({lockKey})");
        Execute(migration, transaction, tableSql);
        var appRole = new NpgsqlConnectionStringBuilder(connectionString).Username;
        if (migrationConnectionString is not null && appRole is not null
            && !string.Equals(appRole, new NpgsqlConnectionStringBuilder(migrationConnectionString).Username, StringComparison.Ordinal))
            Execute(migration, transaction, grants(new NpgsqlCommandBuilder().QuoteIdentifier(appRole)));
        transaction.Commit();
        return true;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
