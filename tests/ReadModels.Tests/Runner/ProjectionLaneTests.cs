using Dapper;
using EventStore;
using ReadModels.Runner;
using ReadModels.Tests.TestSupport;
using StoreCrashHarness;

namespace ReadModels.Tests.Runner;

/// <summary>
/// How the runner feeds several projections: those at about the same checkpoint share one subscription and one
/// transaction per batch, one far behind catches up on its own, a rebuild writes its rows before its indexes, and a
/// projection met on a long store is built like a rebuild.
/// </summary>
public sealed class ProjectionLaneTests : IAsyncLifetime
{
    private readonly ReadSide _side = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _side.DisposeAsync();

    [Fact]
    public async Task A_failing_projection_neither_holds_back_nor_undoes_the_projections_fed_beside_it()
    {
        await _side.AppendAsync(300);
        var flaky = new FlakyProjection(failures: 3);
        await using var runner = _side.Runner([new StreamStatsProjection(), flaky], new ProjectionRunnerOptions { BatchSize = 50, RetryDelay = TimeSpan.FromMilliseconds(300) });
        await runner.StartAsync(CancellationToken.None);

        await _side.CaughtUpAsync(runner);
        var whileFailing = (await runner.GetStatusAsync()).Single(s => s.Name == flaky.Name);
        await _side.CaughtUpAsync(runner, flaky.Name);

        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedStatsAsync());
        whileFailing.LastError.ShouldNotBeNull("the failing projection reports its error while the other one goes on");
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM seen")).ShouldBe(300);
    }

    [Fact]
    public async Task A_projection_far_behind_catches_up_on_its_own_while_the_live_ones_keep_up()
    {
        await _side.AppendAsync(400);
        await _side.RunToHeadAsync(new StreamStatsProjection());
        var slow = new SlowCounterProjection(TimeSpan.FromMilliseconds(10));
        await using var runner = _side.Runner([new StreamStatsProjection(), slow], new ProjectionRunnerOptions { BatchSize = 20, ShareSubscriptionWithin = 50 });
        await runner.StartAsync(CancellationToken.None);

        await _side.AppendAsync(30, prefix: "later");
        await _side.CaughtUpAsync(runner);
        var slowWhenStatsCaughtUp = (await runner.GetStatusAsync()).Single(s => s.Name == slow.Name);

        slowWhenStatsCaughtUp.Checkpoint.ShouldBeLessThan(slowWhenStatsCaughtUp.Head, "the live projection did not wait for the one catching up");
        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedStatsAsync());
        await _side.CaughtUpAsync(runner, slow.Name);
    }

    [Fact]
    public async Task A_rebuild_writes_its_rows_first_with_only_the_index_its_handler_looks_rows_up_by()
    {
        await _side.AppendAsync(300, streams: 7);
        var tally = new TallyProjection(holdAfter: 200);
        await using var runner = _side.Runner([tally], new ProjectionRunnerOptions { BatchSize = 50, BuildAsRebuildAbove = 100 });
        await runner.StartAsync(CancellationToken.None);

        await tally.Holding.WaitAsync(TimeSpan.FromMinutes(2));
        var indexesWhileBuilding = await IndexesAsync("tallies__g2");
        tally.Release();
        await _side.CaughtUpAsync(runner, tally.Name);

        indexesWhileBuilding.ShouldBe([$"tallies__g2_ix0"], "the handler's lookup index exists from the first batch, the other one not yet");
        (await IndexesAsync("tallies__g2")).ShouldBe(["tallies__g2_ix0", "tallies__g2_ix1"]);
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        (await connection.QueryAsync<(string, long)>("SELECT stream, events FROM tallies ORDER BY stream")).ShouldBe(await ExpectedTalliesAsync());
    }

    [Fact]
    public async Task A_projection_first_met_on_a_long_store_is_built_beside_empty_live_tables_and_swapped_in()
    {
        await _side.AppendAsync(300);
        await using var runner = _side.Runner([new StreamStatsProjection()], new ProjectionRunnerOptions { BatchSize = 50, BuildAsRebuildAbove = 100 });
        await runner.StartAsync(CancellationToken.None);
        await _side.CaughtUpAsync(runner);

        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedStatsAsync());
        var status = (await runner.GetStatusAsync()).ShouldHaveSingleItem();
        status.Rebuild.ShouldBeNull();
        status.Lag.ShouldBe(0);
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        (await connection.QueryAsync<long>("SELECT generation FROM rm_targets WHERE name = 'stream-stats'")).ShouldBe([2L], "the empty first generation was swapped out");
    }

    private async Task<List<string>> IndexesAsync(string table)
    {
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        return (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL ORDER BY name", new { table })).ToList();
    }

    private async Task<List<string>> ExpectedStatsAsync()
    {
        var all = await _side.Store.ReadAllAsync(Direction.Forwards, Position.Start, 100_000);
        var stats = all.GroupBy(e => e.StreamId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}:{g.Count()}:{g.Sum(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("n").GetInt64())}:{g.Last().Position.Value}");
        var types = all.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}");
        return [.. stats, .. types];
    }

    private async Task<List<(string, long)>> ExpectedTalliesAsync()
    {
        var all = await _side.Store.ReadAllAsync(Direction.Forwards, Position.Start, 100_000);
        return [.. all.GroupBy(e => e.StreamId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count()))];
    }
}
