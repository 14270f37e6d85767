using EventStore.Integrity;
using EventStore.Postgres;
using EventStore.Tests.TestSupport;
using Npgsql;

namespace EventStore.Tests.Postgres;

/// <summary>
/// Server mode with two roles of its own (unique names, dropped afterwards; no existing role is touched): a migration
/// role owning the database and its tables, and the application's role, which may append and read but never change or
/// remove a stored event, nor change the schema.
/// </summary>
public sealed class PostgresLeastPrivilegeTests : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private string Migrator => $"evs_migrator_{_suffix}";
    private string App => $"evs_app_{_suffix}";
    private string Database => $"evs_test_roles_{_suffix}";

    private string As(string role) => new NpgsqlConnectionStringBuilder(PostgresDatabase.Server) { Username = role, Database = Database, Pooling = false }.ConnectionString;

    public async Task InitializeAsync() => await AdminAsync(
        $"CREATE ROLE {Migrator} LOGIN", $"CREATE ROLE {App} LOGIN", $"CREATE DATABASE {Database} OWNER {Migrator}");

    public async Task DisposeAsync()
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

    private async Task<PostgresException> RefusedAsync(string role, string sql)
    {
        await using var connection = new NpgsqlConnection(As(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task The_apps_role_appends_and_reads_but_cannot_alter_an_event_and_the_owner_is_stopped_by_the_trigger()
    {
        var stream = TestEvents.NewStream("roles");
        await using (var store = new PostgresEventStore(As(App), migrationConnectionString: As(Migrator)))
        {
            await store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));
            await store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 10));
            await store.AppendToStreamAsync(stream, StreamState.At(2), [TestEvents.One(3)]);
            (await store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(4);
        }

        foreach (var sql in new[]
        {
            """UPDATE events SET data = '{"n":9}' WHERE position = 1""",
            "DELETE FROM events WHERE position = 4",
            "TRUNCATE events CASCADE",
            "ALTER TABLE events DISABLE TRIGGER evs_events_append_only",
            "DROP TRIGGER evs_events_append_only ON events",
            "UPDATE streams SET name = 'renamed'",
            "CREATE TABLE scratch (n int)",
        })
        {
            (await RefusedAsync(App, sql)).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, sql);
        }

        // The owner may change the schema, but the trigger stops it changing an event unless it is switched off on purpose.
        var byOwner = await RefusedAsync(Migrator, """UPDATE events SET data = '{"n":9}' WHERE position = 1""");
        (byOwner.SqlState, byOwner.MessageText).ShouldBe(("EVS02", "stored events are never changed or removed (UPDATE)"));
        (await RefusedAsync(Migrator, "DELETE FROM events")).SqlState.ShouldBe("EVS02");

        (await StoreVerifier.ForPostgres(As(App)).VerifyStoreAsync()).IsIntact.ShouldBeTrue();
        await using var reopened = new PostgresEventStore(As(App));
        (await reopened.AppendToStreamAsync(stream, StreamState.At(3), [TestEvents.One(4)])).NextExpectedRevision.ShouldBe(4);
    }
}
