using System.Text;
using EventStore;
using EventStore.Sqlite;
using ReadModels.Querying;
using ReadModels.Runner;
using StoreCrashHarness;

// Usage: StoreCrashHarness append <store.db> <writers>
//   Appends batches of 1–4 events from <writers> concurrent tasks until killed, printing one line per
//   acknowledged append: "ack <batchId> <stream> <size> <lastPosition>". A line is printed only after the
//   store reported the append durable, so every printed batch must survive a SIGKILL.
//
// Usage: StoreCrashHarness project <store.db> <readmodels.db> <delay-ms-per-event>
//   Runs the projection runner with StreamStatsProjection, printing "applied <position>" for each event applied
//   (before its batch commits), until killed.
if (args.Length >= 3 && args[0] == "append")
    return await AppendUntilKilled(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
if (args.Length >= 4 && args[0] == "project")
    return await ProjectUntilKilled(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        args.Length >= 5 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : null);

Console.Error.WriteLine("usage: StoreCrashHarness append <store.db> <writers> | project <store.db> <readmodels.db> <delay-ms> [hold-after]");
return 2;

static async Task<int> ProjectUntilKilled(string storePath, string readModelPath, int delayMilliseconds, int? holdAfter)
{
    await using var store = new SqliteEventStore(storePath);
    await using var runner = new ProjectionRunner(store, new ReadModelDatabase(readModelPath),
        [new StreamStatsProjection(delayPerEvent: TimeSpan.FromMilliseconds(delayMilliseconds), announce: Console.Out, holdAfter: holdAfter)],
        options: new ProjectionRunnerOptions { BatchSize = 200 });
    await runner.StartAsync(CancellationToken.None);
    Console.WriteLine("ready");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

static async Task<int> AppendUntilKilled(string path, int writers)
{
    await using var store = new SqliteEventStore(path);
    var output = new object();
    Console.WriteLine("ready");
    await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
    {
        var random = new Random(writer * 7919 + Environment.ProcessId);
        while (true)
        {
            var stream = $"crash-{writer}-{random.Next(10)}";
            var batch = Guid.NewGuid();
            var size = random.Next(1, 5);
            var events = Enumerable.Range(0, size).Select(i => new EventData(
                Guid.NewGuid(),
                "CrashTested.v1",
                Encoding.UTF8.GetBytes($$"""{"batch":"{{batch}}","size":{{size}},"index":{{i}},"padding":"{{new string('x', random.Next(0, 400))}}"}"""),
                EventData.EmptyMetadata)).ToArray();
            var result = await store.AppendToStreamAsync(stream, StreamState.Any, events);
            lock (output)
                Console.WriteLine($"ack {batch} {stream} {size} {result.Position.Value}");
        }
    })));
    return 0;
}
