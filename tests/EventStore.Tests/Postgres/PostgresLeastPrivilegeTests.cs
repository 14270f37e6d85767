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
    private PostgresRoles _roles = null!;

    private string Migrator => _roles.Migrator;

    private string App => _roles.App;

    private string As(string role) => _roles.As(role);

    private Task<PostgresException> RefusedAsync(string role, string sql) => _roles.RefusedAsync(role, sql);

    public async Task InitializeAsync() => _roles = await PostgresRoles.CreateAsync();

    public async Task DisposeAsync() => await _roles.DisposeAsync();

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
