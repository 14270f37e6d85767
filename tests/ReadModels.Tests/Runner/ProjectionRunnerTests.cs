using Dapper;
using EventStore;
using ReadModels.Tests.TestSupport;
using StoreCrashHarness;

namespace ReadModels.Tests.Runner;

public abstract class ProjectionRunnerTests(ReadModelStore readModels) : IAsyncLifetime
{
    /// <summary>The read models in the embedded SQLite file.</summary>
    public sealed class OnSqlite() : ProjectionRunnerTests(ReadModelStore.Sqlite);

    /// <summary>The read models on PostgreSQL, as in server mode.</summary>
    public sealed class OnPostgres() : ProjectionRunnerTests(ReadModelStore.Postgres);

    private readonly ReadSide _side = new(readModels);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _side.DisposeAsync();

    /// <summary>What the projection's rows must be, computed straight from the store.</summary>
    private Task<List<string>> ExpectedRows(int weight = 1) => ExpectedRows(_side.Store, weight);

    private static async Task<List<string>> ExpectedRows(IEventStore store, int weight = 1)
    {
        var all = await store.ReadAllAsync(Direction.Forwards, Position.Start, 100_000);
        var stats = all.GroupBy(e => e.StreamId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}:{g.Count() * weight}:{g.Sum(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("n").GetInt64())}:{g.Last().Position.Value}");
        var types = all.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count() * weight}");
        return stats.Concat(types).ToList();
    }

    [Fact]
    public async Task The_runner_projects_past_and_live_events_and_reports_no_lag_when_caught_up()
    {
        await _side.AppendAsync(700);
        await using var runner = _side.Runner(new StreamStatsProjection());
        await runner.StartAsync(CancellationToken.None);
        await _side.CaughtUpAsync(runner);

        await _side.AppendAsync(50, prefix: "live");
        await _side.CaughtUpAsync(runner);

        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedRows());
        var status = (await runner.GetStatusAsync()).ShouldHaveSingleItem();
        status.Name.ShouldBe("stream-stats");
        status.Checkpoint.ShouldBe(750);
        status.Head.ShouldBe(750);
        status.Lag.ShouldBe(0);
        status.EventsPerSecond.ShouldBeGreaterThan(0);
        status.Rebuild.ShouldBeNull();
    }

    [Fact]
    public async Task A_host_stopping_the_runner_again_after_it_was_disposed_is_not_an_error()
    {
        await _side.AppendAsync(10);
        var runner = _side.Runner(new StreamStatsProjection());
        await runner.StartAsync(CancellationToken.None);
        await _side.CaughtUpAsync(runner);
        await runner.StopAsync();
        await runner.DisposeAsync();

        await Should.NotThrowAsync(runner.StopAsync());
    }

    [Fact]
    public async Task Lag_is_the_distance_from_the_checkpoint_to_the_head()
    {
        await _side.AppendAsync(100);
        await _side.RunToHeadAsync(new StreamStatsProjection());

        await _side.AppendAsync(40, prefix: "later");
        await using var stopped = _side.Runner(new StreamStatsProjection());

        var status = (await stopped.GetStatusAsync()).ShouldHaveSingleItem();

        status.Checkpoint.ShouldBe(100);
        status.Head.ShouldBe(140);
        status.Lag.ShouldBe(40);
    }

    [Fact]
    public async Task A_runner_that_never_started_reports_every_projection_at_zero()
    {
        await _side.AppendAsync(25);
        await using var runner = _side.Runner(new StreamStatsProjection());

        var status = (await runner.GetStatusAsync()).ShouldHaveSingleItem();

        status.Checkpoint.ShouldBe(0);
        status.Lag.ShouldBe(25);
    }

    [Fact]
    public async Task A_restarted_runner_resumes_from_its_checkpoint_without_applying_anything_twice()
    {
        await _side.AppendAsync(300);
        await _side.RunToHeadAsync(new StreamStatsProjection());

        await _side.AppendAsync(120, prefix: "after");
        await using var second = _side.Runner(new StreamStatsProjection());
        await second.StartAsync(CancellationToken.None);
        await _side.CaughtUpAsync(second);

        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedRows());
    }

    [Fact]
    public async Task A_rebuild_fills_shadow_tables_while_queries_read_the_live_ones_then_swaps_them_in()
    {
        await _side.AppendAsync(400);
        var projection = new GatedProjection(new StreamStatsProjection());
        await using var runner = _side.Runner(projection, batchSize: 50);
        await runner.StartAsync(CancellationToken.None);
        await _side.CaughtUpAsync(runner);
        var before = await ReadSide.RowsAsync(_side.Database);

        // The rebuild's first event waits at the gate: what queries read then is what they read mid-rebuild.
        projection.Close();
        await runner.RequestRebuildAsync("stream-stats");
        await projection.Waiting.WaitAsync(TimeSpan.FromMinutes(2));
        var during = (await runner.GetStatusAsync()).Single();
        var rowsDuring = await ReadSide.RowsAsync(_side.Database);
        projection.Open();
        await WaitUntil(async () => (await runner.GetStatusAsync()).Single().Rebuild is null);
        await _side.AppendAsync(30, prefix: "after-swap");
        await _side.CaughtUpAsync(runner);

        during.Rebuild.ShouldNotBeNull();
        during.Rebuild.Progress.ShouldBeLessThan(1);
        rowsDuring.ShouldBe(before);
        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedRows());
        (await Generations()).ShouldBe([2L], "the first generation was dropped at the swap");
    }

    [Fact]
    public async Task A_new_projection_version_is_rebuilt_beside_the_old_tables_and_replaces_them()
    {
        await _side.AppendAsync(300);
        await _side.RunToHeadAsync(new StreamStatsProjection(version: 1));

        var v2 = new GatedProjection(new StreamStatsProjection(version: 2)).Close();
        await using var runner = _side.Runner(v2, batchSize: 50);
        await runner.StartAsync(CancellationToken.None);
        await v2.Waiting.WaitAsync(TimeSpan.FromMinutes(2));
        var rowsWhileRebuilding = await ReadSide.RowsAsync(_side.Database);
        var statusWhileRebuilding = (await runner.GetStatusAsync()).Single();
        v2.Open();
        await WaitUntil(async () => (await runner.GetStatusAsync()).Single() is { Version: 2, Rebuild: null });

        statusWhileRebuilding.Version.ShouldBe(1);
        statusWhileRebuilding.Rebuild!.Version.ShouldBe(2);
        rowsWhileRebuilding.ShouldBe(await ExpectedRows(weight: 1));
        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedRows(weight: 2));
    }

    [Theory]
    [InlineData(20, "the checkpoint lies beyond the restored store's head")]
    [InlineData(80, "another event sits at the checkpoint's position now")]
    public async Task After_the_store_is_restored_to_an_earlier_point_the_projection_is_rebuilt_instead_of_skipping_what_was_written_again(int writtenSince, string because)
    {
        await _side.AppendAsync(100);
        var backup = Path.Combine(Path.GetDirectoryName(_side.StorePath)!, "backup.db");
        await using (var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_side.StorePath}"))
        {
            await copy.OpenAsync();
            await copy.ExecuteAsync($"VACUUM INTO '{backup}'");
        }

        await _side.AppendAsync(50, prefix: "lost");
        await _side.RunToHeadAsync(new StreamStatsProjection());
        // The store goes back to the backup (position 100); new events take positions 101… again.
        await using var restored = new EventStore.Sqlite.SqliteEventStore(backup);
        for (var n = 0; n < writtenSince; n++)
        {
            await restored.AppendToStreamAsync($"again-{n % 7}", StreamState.Any,
                [new EventData(Guid.NewGuid(), "Other.v1", System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{1000 + n}}}"""), EventData.EmptyMetadata)]);
        }

        await using var runner = new ReadModels.Runner.ProjectionRunner(restored, _side.Database, [new StreamStatsProjection()]);
        await runner.StartAsync(CancellationToken.None);
        await WaitUntil(async () => (await runner.GetStatusAsync()).Single() is { Version: 1, Rebuild: null, Checkpoint: var at } && at == 100 + writtenSince);

        (await ReadSide.RowsAsync(_side.Database)).ShouldBe(await ExpectedRows(restored), because);
        (await Generations()).ShouldBe([2L], "a new generation replaced the one fed from the lost history");
    }

    [Fact]
    public async Task A_projection_that_throws_is_retried_and_the_error_is_reported()
    {
        await _side.AppendAsync(20);
        var flaky = new FlakyProjection(failures: 2);
        await using var runner = _side.Runner(flaky);
        await runner.StartAsync(CancellationToken.None);
        await WaitUntil(async () => (await runner.GetStatusAsync()).Single().LastError is not null);

        await _side.CaughtUpAsync(runner, flaky.Name);

        flaky.Failures.ShouldBe(0);
        (await runner.GetStatusAsync()).Single().LastError.ShouldBeNull();
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM seen")).ShouldBe(20);
    }

    [Fact]
    public async Task Read_connections_refuse_writes()
    {
        await using var runner = _side.Runner(new StreamStatsProjection());
        await runner.StartAsync(CancellationToken.None);
        await using var connection = await _side.Database.OpenReadConnectionAsync();

        await Should.ThrowAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM rm_targets"));
    }

    [Fact]
    public void Two_projections_may_not_declare_the_same_table()
    {
        Should.Throw<InvalidOperationException>(() => new ReadModels.Runner.ProjectionRunner(_side.Store, _side.Database,
            [new StreamStatsProjection(), new FlakyProjection(0, table: "stream_stats")])).Message.ShouldContain("stream_stats");
    }

    private async Task<List<long>> Generations()
    {
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        return (await connection.QueryAsync<long>("SELECT generation FROM rm_targets WHERE name = 'stream-stats'")).ToList();
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition never held");
            await Task.Delay(25);
        }
    }
}
