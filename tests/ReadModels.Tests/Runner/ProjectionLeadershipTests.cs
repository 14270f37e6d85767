using System.Diagnostics;
using Npgsql;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.Runner;
using ReadModels.Tests.TestSupport;
using StoreCrashHarness;
using Xunit.Abstractions;

namespace ReadModels.Tests.Runner;

/// <summary>
/// Two nodes' runners on one PostgreSQL read-model database (server mode): one feeds each projection, both answer,
/// and when the leader dies or hangs the other takes over from the checkpoint, applying nothing twice.
/// </summary>
public sealed class ProjectionLeadershipTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Name = "stream-stats";
    private static readonly TimeSpan TakeOverWithin = TimeSpan.FromSeconds(5);

    private readonly ReadSide _side = new(ReadModelStore.Postgres);
    private readonly List<ProjectionRunner> _runners = [];
    private readonly List<ReadModelDatabase> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runner in _runners)
            await runner.DisposeAsync();
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _side.DisposeAsync();
    }

    /// <summary>A node: its own pools and lease session on the shared database, its own runner.</summary>
    private async Task<(ProjectionRunner Runner, ReadModelDatabase Database)> StartNodeAsync(IProjection projection)
    {
        var database = ReadModelDatabase.OnPostgres(_side.PostgresConnectionString);
        _nodes.Add(database);
        var runner = _side.Runner([projection], new ProjectionRunnerOptions { BatchSize = 50 }, database);
        _runners.Add(runner);
        await runner.StartAsync(CancellationToken.None);
        return (runner, database);
    }

    private async Task<string?> HolderAsync()
    {
        await using var connection = new NpgsqlConnection(_side.PostgresConnectionString);
        await connection.OpenAsync();
        return (await ProjectionLeases.HolderAsync(connection, Name, TimeSpan.FromSeconds(3), CancellationToken.None))?.Holder;
    }

    /// <summary>Re-checks the lock table until <paramref name="node"/> holds the projection, failing after the deadline; returns how long it took.</summary>
    private async Task<TimeSpan> HeldByWithinAsync(ReadModelDatabase node, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (await HolderAsync() != node.NodeTag)
        {
            watch.Elapsed.ShouldBeLessThan(deadline, $"{node.NodeTag} did not take {Name} over in time (held by {await HolderAsync() ?? "nobody"})");
            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    private async Task<List<string>> RebuiltFromScratchAsync()
    {
        var fresh = _side.NewDatabase("fresh");
        await _side.RunToHeadAsync(new StreamStatsProjection(), fresh);
        return await ReadSide.RowsAsync(fresh);
    }

    [Fact]
    public async Task One_node_feeds_the_projection_and_both_answer_with_the_same_rows()
    {
        await _side.AppendAsync(400);
        var (a, nodeA) = await StartNodeAsync(new StreamStatsProjection());
        await _side.CaughtUpAsync(a, Name, TimeSpan.FromMinutes(1));
        var (b, nodeB) = await StartNodeAsync(new StreamStatsProjection());

        await _side.AppendAsync(100, prefix: "live");
        // The follower learns the leader's commits: its read-your-writes waits end too.
        await _side.CaughtUpAsync(b, Name, TimeSpan.FromSeconds(30));
        await _side.CaughtUpAsync(a, Name, TimeSpan.FromSeconds(30));

        (await HolderAsync()).ShouldBe(nodeA.NodeTag);
        var expected = await RebuiltFromScratchAsync();
        (await ReadSide.RowsAsync(nodeA)).ShouldBe(expected);
        (await ReadSide.RowsAsync(nodeB)).ShouldBe(expected);
        (await b.GetStatusAsync()).ShouldHaveSingleItem().Checkpoint.ShouldBe(500);
    }

    [Fact]
    public async Task When_the_leader_dies_mid_batch_the_other_takes_over_within_5_s_and_nothing_is_applied_twice()
    {
        await _side.AppendAsync(300);
        var gated = new GatedProjection(new StreamStatsProjection());
        var (_, nodeA) = await StartNodeAsync(gated);
        await _side.CaughtUpAsync(_runners[0], Name, TimeSpan.FromMinutes(1));
        gated.Close();
        await _side.AppendAsync(120, prefix: "during");
        await gated.Waiting.WaitAsync(TimeSpan.FromSeconds(30));   // A is inside a batch: transaction open, catalog row locked
        var (b, nodeB) = await StartNodeAsync(new StreamStatsProjection());
        (await HolderAsync()).ShouldBe(nodeA.NodeTag);

        // kill -9 as PostgreSQL sees it: every session of node A ends, its open batch rolls back.
        await using (var admin = new NpgsqlConnection(_side.PostgresConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @tag", admin);
            kill.Parameters.AddWithValue("tag", nodeA.NodeTag);
            ((long)(await kill.ExecuteScalarAsync())!).ShouldBeGreaterThanOrEqualTo(2);   // the lease session and the batch's
        }

        var tookOver = await HeldByWithinAsync(nodeB, TakeOverWithin);
        output.WriteLine($"taken over after {tookOver.TotalMilliseconds:F0} ms");
        gated.Open();   // A's batch goes on against a dead connection and commits nothing
        await _side.AppendAsync(80, prefix: "after");
        await _side.CaughtUpAsync(b, Name, TimeSpan.FromSeconds(30));

        (await ReadSide.RowsAsync(nodeB)).ShouldBe(await RebuiltFromScratchAsync());
        (await b.GetStatusAsync()).ShouldHaveSingleItem().Checkpoint.ShouldBe(500);
        tookOver.ShouldBeLessThan(TakeOverWithin);
    }

    [Fact]
    public async Task When_the_leader_hangs_its_lease_expires_the_other_cuts_it_off_and_takes_over_within_5_s()
    {
        await _side.AppendAsync(300);
        var (a, nodeA) = await StartNodeAsync(new StreamStatsProjection());
        await _side.CaughtUpAsync(a, Name, TimeSpan.FromMinutes(1));
        var (b, nodeB) = await StartNodeAsync(new StreamStatsProjection());
        (await HolderAsync()).ShouldBe(nodeA.NodeTag);

        // A hangs as the others see it: its lease renewal never returns (a console holds the lease row).
        await using var console = new NpgsqlConnection(_side.PostgresConnectionString);
        await console.OpenAsync();
        await using var hang = await console.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM evs_rm.rm_leases WHERE holder = @tag FOR UPDATE", console, hang))
        {
            lockRow.Parameters.AddWithValue("tag", nodeA.NodeTag);
            (await lockRow.ExecuteScalarAsync()).ShouldBe(1);
        }

        var tookOver = await HeldByWithinAsync(nodeB, TakeOverWithin);
        output.WriteLine($"taken over after {tookOver.TotalMilliseconds:F0} ms");
        await _side.AppendAsync(200, prefix: "after");
        await _side.CaughtUpAsync(b, Name, TimeSpan.FromSeconds(30));
        await hang.RollbackAsync();

        (await ReadSide.RowsAsync(nodeB)).ShouldBe(await RebuiltFromScratchAsync());
        (await b.GetStatusAsync()).ShouldHaveSingleItem().Checkpoint.ShouldBe(500);
        tookOver.ShouldBeLessThan(TakeOverWithin);
    }
}
