using EventStore.Tests.TestSupport;
using Npgsql;
using ReadModels.Querying;
using ReadModels.Tests.TestSupport;
using StoreCrashHarness;

namespace ReadModels.Tests.Runner;

/// <summary>
/// Read models on PostgreSQL under server mode's two roles: the application's role may not create anything in the
/// database, so the migration role makes <c>evs_rm</c> and lets it create tables there; inside it the application's role
/// creates, feeds and swaps the projections' tables as before.
/// </summary>
public sealed class ReadModelsLeastPrivilegeTests
{
    [Fact]
    public async Task The_migration_role_makes_the_schema_and_the_apps_role_feeds_the_projection_inside_it()
    {
        await using var roles = await PostgresRoles.CreateAsync();
        await using var side = new ReadSide();
        await side.AppendAsync(120);

        // Alone, the application's role could not make the schema the read models live in.
        (await roles.RefusedAsync(roles.App, "CREATE SCHEMA evs_rm")).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);

        await using (var onPostgres = ReadModelDatabase.OnPostgres(roles.As(roles.App), migrationConnectionString: roles.As(roles.Migrator)))
        {
            await side.RunToHeadAsync(new StreamStatsProjection(), onPostgres);
            await side.RunToHeadAsync(new StreamStatsProjection());

            (await ReadSide.RowsAsync(onPostgres)).ShouldBe(await ReadSide.RowsAsync(side.Database));
        }

        (await roles.ScalarAsync(roles.App, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'evs_rm'")).ShouldBe(roles.Migrator);
        (await roles.ScalarAsync(roles.App, "SELECT has_schema_privilege(current_user, 'evs_rm', 'CREATE')")).ShouldBe(true);
        (await roles.ScalarAsync(roles.App, "SELECT has_database_privilege(current_user, current_database(), 'CREATE')")).ShouldBe(false);
        // Started again (another node, a restart): the schema is there, and the application's role still needs no right to make one.
        await side.AppendAsync(30, prefix: "later");
        await using var again = ReadModelDatabase.OnPostgres(roles.As(roles.App));
        await side.RunToHeadAsync(new StreamStatsProjection(), again);
        await side.RunToHeadAsync(new StreamStatsProjection());
        (await ReadSide.RowsAsync(again)).ShouldBe(await ReadSide.RowsAsync(side.Database));
    }
}
