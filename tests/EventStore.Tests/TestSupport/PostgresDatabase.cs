using Npgsql;

namespace EventStore.Tests.TestSupport;

/// <summary>
/// A freshly created PostgreSQL database on the server scripts/lib.sh starts (connection string from EVS_PG),
/// dropped again on dispose, so test classes are isolated and can run in parallel.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The same default as scripts/lib.sh.</summary>
    public const string DefaultServer = "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100";

    private readonly string _admin;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string Server => Environment.GetEnvironmentVariable("EVS_PG") is { Length: > 0 } configured ? configured : DefaultServer;

    public static async Task<PostgresDatabase> CreateAsync(int maxPoolSize = 20)
    {
        var admin = Server;
        var name = $"evs_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with EVS_PG='{admin}'. Start it with `source scripts/lib.sh && start_postgres` (scripts/test does). {e.Message}", e);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = maxPoolSize };
        return new PostgresDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
