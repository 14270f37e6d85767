using System.Diagnostics;

namespace Bench.EventStore;

/// <summary>One measured phase: operations, events, elapsed time and each operation's latency.</summary>
internal sealed record PhaseResult(long Operations, long Events, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
            return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The measurements of the event store scenario, run identically against each target.</summary>
internal static class Workload
{
    /// <summary><paramref name="writers"/> concurrent loops, each appending <paramref name="eventsPerAppend"/> events per call, for <paramref name="duration"/>.</summary>
    public static async Task<PhaseResult> AppendAsync(IAppendTarget target, string phase, int writers, int eventsPerAppend, TimeSpan duration)
    {
        var latencies = new List<double>[writers];
        var operations = new long[writers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            var i = 0;
            while (clock.Elapsed < duration)
            {
                var events = BenchEvents.Make(eventsPerAppend, (w << 20) | i);
                var started = Stopwatch.GetTimestamp();
                await target.AppendAsync($"{phase}-{w}-{i % 16}", events);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                i++;
            }

            operations[w] = i;
        })));
        var elapsed = clock.Elapsed;
        var total = operations.Sum();
        return new PhaseResult(total, total * eventsPerAppend, elapsed, latencies.SelectMany(l => l).ToArray());
    }

    /// <summary>Reads everything; the first of the alternating rounds also warms the page cache for the others.</summary>
    public static async Task<PhaseResult> ReadAllAsync(IAppendTarget target)
    {
        var clock = Stopwatch.StartNew();
        var count = await target.ReadAllAsync();
        return new PhaseResult(1, count, clock.Elapsed, []);
    }
}
