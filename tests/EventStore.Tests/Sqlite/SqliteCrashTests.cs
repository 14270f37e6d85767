using System.Diagnostics;
using System.Text.Json;
using EventStore.Sqlite;

namespace EventStore.Tests.Sqlite;

/// <summary>
/// Crash proof: a child process appends from 8 concurrent writers until it is killed with SIGKILL; on reopen
/// every append it reported done is there, no batch is half there, positions are contiguous and hash chains verify.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-crash", Guid.NewGuid().ToString("N"));

    public SqliteCrashTests() => Directory.CreateDirectory(_directory);

    private sealed record Ack(Guid Batch, string Stream, int Size, long Position);

    [Fact]
    public async Task Killing_the_writer_process_loses_no_acknowledged_append_and_leaves_no_half_batch()
    {
        var path = Path.Combine(_directory, "events.db");
        var acknowledged = new List<Ack>();
        for (var round = 0; round < 3; round++)
        {
            acknowledged.AddRange(await RunAndKill(path, killAfterAcks: 300 + (round * 150)));
            await ShouldBeWhole(path, acknowledged);
        }
    }

    private static async Task<List<Ack>> RunAndKill(string path, int killAfterAcks)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "StoreCrashHarness.dll");
        File.Exists(harness).ShouldBeTrue($"the crash harness should be built beside the tests at {harness}");
        using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", harness, "append", path, "8"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var acks = new List<Ack>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (acks.Count < killAfterAcks)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the harness stopped early: {await child.StandardError.ReadToEndAsync()}");
                var parts = line.Split(' ');
                if (parts[0] == "ack")
                    acks.Add(new Ack(Guid.Parse(parts[1]), parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Linux: no flush, no dispose, no finally blocks in the child
            await child.WaitForExitAsync();
        }

        return acks;
    }

    private static async Task ShouldBeWhole(string path, List<Ack> acknowledged)
    {
        await using var store = new SqliteEventStore(path);
        var head = await store.ReadHeadPositionAsync();
        var all = new List<RecordedEvent>();
        while (all.Count < head.Value)
            all.AddRange(await store.ReadAllAsync(Direction.Forwards, new Position(all.Count + 1), 5000));

        all.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(1, (int)head.Value).Select(p => (long)p), "positions are contiguous from 1");
        var batches = all.Select(e => JsonDocument.Parse(e.Data).RootElement)
            .GroupBy(d => d.GetProperty("batch").GetGuid())
            .ToDictionary(g => g.Key, g => (Size: g.First().GetProperty("size").GetInt32(), Indexes: g.Select(d => d.GetProperty("index").GetInt32()).ToList()));
        foreach (var (batch, (size, indexes)) in batches)
            indexes.ShouldBe(Enumerable.Range(0, size), $"batch {batch} is whole and in order");
        foreach (var ack in acknowledged)
        {
            batches.ShouldContainKey(ack.Batch, $"acknowledged batch {ack.Batch} survived");
            all[(int)ack.Position - 1].StreamId.ShouldBe(ack.Stream);
        }

        foreach (var stream in all.GroupBy(e => e.StreamId))
            HashChain.Verify(stream).IsIntact.ShouldBeTrue($"hash chain of {stream.Key}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
