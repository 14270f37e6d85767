using Npgsql;

namespace EventStore.Tests.TestSupport;

/// <summary>
/// Server mode's two roles, made for one test (unique names, dropped afterwards; no existing role is touched): a
/// migration role owning a fresh database, and the application's role, which may only connect until something grants
/// it more.
/// </summary>
public sealed class PostgresRoles : IAsyncDisposable
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    private PostgresRoles()
    {
    }

    public string Migrator => $"evs_migrator_{_suffix}";

    public string App => $"evs_app_{_suffix}";

    public string Database => $"evs_test_roles_{_suffix}";

    public static async Task<PostgresRoles> CreateAsync()
    {
        var roles = new PostgresRoles();
        await AdminAsync($"CREATE ROLE {roles.Migrator} LOGIN", $"CREATE ROLE {roles.App} LOGIN", $"CREATE DATABASE {roles.Database} OWNER {roles.Migrator}");
        return roles;
    }

    /// <summary>A connection string to the test's database as <paramref name="role"/>, unpooled.</summary>
    public string As(string role) => new NpgsqlConnectionStringBuilder(PostgresDatabase.Server) { Username = role, Database = Database, Pooling = false }.ConnectionString;

    /// <summary>Runs <paramref name="sql"/> as <paramref name="role"/> and returns the refusal it must meet.</summary>
    public async Task<PostgresException> RefusedAsync(string role, string sql)
    {
        await using var connection = new NpgsqlConnection(As(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    /// <summary>The first column of the first row <paramref name="sql"/> gives, asked as <paramref name="role"/>.</summary>
    public async Task<object?> ScalarAsync(string role, string sql)
    {
        await using var connection = new NpgsqlConnection(As(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", $"DROP ROLE IF EXISTS {App}", $"DROP ROLE IF EXISTS {Migrator}");
    }

    private static async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(PostgresDatabase.Server);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
