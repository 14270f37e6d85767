using Npgsql;
using Replay;

namespace Bench;

/// <summary>
/// A PostgreSQL database of its own for one benchmark run, on the EVS_PG server (else the local test server): created
/// empty, dropped with its connections when disposed, so no run reads another's rows or leaves any behind.
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ScratchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The new database's connection string.</summary>
    public string ConnectionString { get; }

    /// <param name="maxPoolSize">The pool the run's connections may use (its writers plus some).</param>
    public static async Task<ScratchDatabase> CreateAsync(int maxPoolSize)
    {
        var server = Environment.GetEnvironmentVariable("EVS_PG") is { Length: > 0 } pg ? pg : StoreLocation.DefaultPostgres;
        var name = $"evs_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new ScratchDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
