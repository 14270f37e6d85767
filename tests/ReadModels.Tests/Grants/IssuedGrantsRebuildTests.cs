using Dapper;
using ReadModels.Grants;
using ReadModels.Querying;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.Grants.GrantEvents;

namespace ReadModels.Tests.Grants;

/// <summary>
/// A rebuild (rows first, indexes after, the issued-grants statements as they run for every event) gives exactly the
/// rows the projection gives when fed event by event into tables that have their indexes from the start.
/// </summary>
public abstract class IssuedGrantsRebuildTests(ReadModelStore readModels) : IAsyncLifetime
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : IssuedGrantsRebuildTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : IssuedGrantsRebuildTests(ReadModelStore.Postgres);

    private static readonly NationalIdHashKey HashKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ReadSide _side = new(readModels);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _side.DisposeAsync();

    [Fact]
    public async Task A_rebuild_from_scratch_gives_the_rows_of_a_build_event_by_event()
    {
        await AppendHistoryAsync(agencies: 12, grantsEach: 30);
        var rebuilt = _side.NewDatabase("rebuilt.db");
        var live = _side.NewDatabase("live.db");

        await RunAsync(rebuilt, new ProjectionRunnerOptions { BatchSize = 64, BuildAsRebuildAbove = 0 });
        await RunAsync(live, new ProjectionRunnerOptions { BatchSize = 64, BuildAsRebuildAbove = long.MaxValue });

        foreach (var table in new HandlerGrantsProjection(Registry, HashKey).Tables)
        {
            var rows = await RowsAsync(rebuilt, table.Name);
            rows.ShouldNotBeEmpty();
            rows.ShouldBe(await RowsAsync(live, table.Name), $"table {table.Name}");
        }
    }

    private async Task RunAsync(ReadModelDatabase database, ProjectionRunnerOptions options)
    {
        await using var runner = _side.Runner([new HandlerGrantsProjection(Registry, HashKey)], options, database);
        await runner.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await runner.WaitForCheckpointAsync(HandlerGrantsProjection.ProjectionName, await _side.Store.ReadHeadPositionAsync(), timeout.Token);
    }

    /// <summary>Registrations, grants issued, modified (a renewed card) and revoked, managers whose certificates grants hold.</summary>
    private async Task AppendHistoryAsync(int agencies, int grantsEach)
    {
        var events = new GrantEvents(_side.Store);
        for (var a = 0; a < agencies; a++)
        {
            var agency = (3_230_000 + a).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await events.RegisterAsync(agency, $"機關{a}", Citizen($"0D{agency}", Start.AddDays(400 + a)));
            for (var n = 1; n <= grantsEach; n++)
            {
                // The first grant's handler is the previous agency's manager: a certificate whose expiry is known.
                var serial = n == 1 && a > 0 ? $"0D{3_230_000 + a - 1}" : $"0A{a:X2}{n:X4}";
                await events.IssueAsync(agency, n, serial, $"經辦人{n}", Id($"F1{a:D2}{n:D5}"), n % 2 == 0 ? ["0101", "0103"] : ["0201"], Start.AddHours(n));
                if (n % 5 == 0)
                    await events.ModifyAsync(agency, n, $"0B{a:X2}{n:X4}", $"經辦人{n}", Id($"F1{a:D2}{n:D5}"), ["0101", "0301"], Start.AddHours(n).AddMinutes(5));
                if (n % 7 == 0)
                    await events.RevokeAsync(agency, n, Start.AddHours(n).AddMinutes(10));
            }

            if (a % 4 == 0)
                await events.ReplaceManagerAsync(agency, Citizen($"0E{agency}", Start.AddDays(900)));
        }
    }

    private static async Task<List<string>> RowsAsync(ReadModelDatabase database, string table)
    {
        await using var connection = await database.OpenReadConnectionAsync();
        var rows = await connection.QueryAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT * FROM {table}"));
        return [.. rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Select(c => $"{c.Key}={c.Value}"))).Order(StringComparer.Ordinal)];
    }
}
