using System.Diagnostics;
using Dapper;
using ReadModels.Tests.TestSupport;
using StoreCrashHarness;

namespace ReadModels.Tests.Runner;

/// <summary>
/// Crash proof of the read side: the runner in a child process is killed with SIGKILL in the middle of a batch;
/// the rows on disk match their checkpoint exactly, and after a restart they equal a from-scratch rebuild.
/// </summary>
public sealed class ProjectionCrashTests : IAsyncLifetime
{
    private readonly ReadSide _side = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _side.DisposeAsync();

    [Fact]
    public async Task A_runner_killed_mid_batch_resumes_to_rows_equal_to_a_rebuild_from_scratch()
    {
        await _side.AppendAsync(3000);
        var lastApplied = await RunAndKillMidBatch(appliedBeforeKill: 1100);

        var (checkpoint, eventsInRows) = await CheckpointAndRowCount();
        checkpoint.ShouldBeLessThan(lastApplied, "the kill should land inside an uncommitted batch");
        eventsInRows.ShouldBe(checkpoint, "the rows on disk hold exactly the events up to the checkpoint");

        await _side.RunToHeadAsync(new StreamStatsProjection());

        var scratch = _side.NewDatabase("scratch.db");
        await _side.RunToHeadAsync(new StreamStatsProjection(), scratch);

        var rows = await ReadSide.RowsAsync(_side.Database);
        rows.ShouldNotBeEmpty();
        rows.ShouldBe(await ReadSide.RowsAsync(scratch));
    }

    /// <summary>
    /// Runs the runner in a child process (batches of 200) that stops for good after applying
    /// <paramref name="appliedBeforeKill"/> events, inside an uncommitted batch, and SIGKILLs it there.
    /// Returns the position of the last event it applied.
    /// </summary>
    private async Task<long> RunAndKillMidBatch(int appliedBeforeKill)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "StoreCrashHarness.dll");
        File.Exists(harness).ShouldBeTrue($"the harness should be built beside the tests at {harness}");
        using var child = Process.Start(new ProcessStartInfo(
            "dotnet", ["exec", harness, "project", _side.StorePath, _side.Database.Path!, "0", appliedBeforeKill.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        long last = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (true)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the harness stopped early: {await child.StandardError.ReadToEndAsync()}");
                if (line == "holding")
                    break;
                if (line.StartsWith("applied ", StringComparison.Ordinal))
                    last = long.Parse(line["applied ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        return last;
    }

    private async Task<(long Checkpoint, long EventsInRows)> CheckpointAndRowCount()
    {
        await using var connection = await _side.Database.OpenReadConnectionAsync();
        var checkpoint = await connection.ExecuteScalarAsync<long>("SELECT checkpoint FROM rm_targets WHERE name = 'stream-stats' AND role = 'live'");
        var events = await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(events), 0) FROM stream_stats");
        return (checkpoint, events);
    }
}
