using System.Globalization;
using Bench.EventStore;
using EventStore.Postgres;
using EventStore.Sqlite;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// The event store against a raw-database baseline (plain INSERTs of the same bytes, same durability), on SQLite
/// and PostgreSQL: durable single-event appends with 1 and 64 writers, 100-event batches, ReadAll, latencies.
/// Options: --provider sqlite|postgres|both (default both), --seconds N per phase (default 5), --rounds N (default 3:
/// store and baseline alternate, each figure is the median round, so a noisy neighbour hits both sides alike),
/// --dir for the SQLite files (default a folder in the system temp directory), PostgreSQL from EVS_PG.
/// </summary>
public sealed class EventStoreScenario : IBenchScenario
{
    public string Name => "eventstore";

    public string Description => "event store vs raw INSERT baseline: durable appends (1/64 writers), 100-event batches, ReadAll, p50/p99";

    public async Task<int> RunAsync(string[] args)
    {
        var provider = Option(args, "--provider") ?? "both";
        var seconds = TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "5", CultureInfo.InvariantCulture));
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var directory = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "evs-bench", Guid.NewGuid().ToString("N"));
        if (provider is "sqlite" or "both")
            await RunSqliteAsync(directory, seconds, rounds);
        if (provider is "postgres" or "both")
            await RunPostgresAsync(seconds, rounds);
        return 0;
    }

    private static async Task RunSqliteAsync(string directory, TimeSpan phase, int rounds)
    {
        Directory.CreateDirectory(directory);
        try
        {
            await using var store = new StoreTarget("store (SQLite)", new SqliteEventStore(Path.Combine(directory, "events.db")));
            await using var raw = new RawSqliteTarget(Path.Combine(directory, "raw.db"));
            await CompareAsync("SQLite (WAL, synchronous=FULL)", store, raw, phase, rounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunPostgresAsync(TimeSpan phase, int rounds)
    {
        await using var database = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
        await using var store = new StoreTarget("store (PostgreSQL)", new PostgresEventStore(database.ConnectionString));
        await using var raw = new RawPostgresTarget(database.ConnectionString);
        await CompareAsync("PostgreSQL (synchronous_commit=on)", store, raw, phase, rounds);
    }

    private static async Task CompareAsync(string title, IAppendTarget store, IAppendTarget raw, TimeSpan phase, int rounds)
    {
        var rows = new List<(string Measure, string Store, string Raw, string Ratio)>();
        foreach (var target in new[] { store, raw })
            await Workload.AppendAsync(target, "warmup", 4, 1, TimeSpan.FromSeconds(1));

        async Task<(PhaseResult Store, PhaseResult Raw)> Median(Func<IAppendTarget, Task<PhaseResult>> phaseOf)
        {
            var results = new List<(PhaseResult Store, PhaseResult Raw)>();
            for (var round = 0; round < rounds; round++)
                results.Add((await phaseOf(store), await phaseOf(raw)));
            PhaseResult Pick(Func<(PhaseResult Store, PhaseResult Raw), PhaseResult> side) =>
                results.Select(side).OrderBy(r => r.EventsPerSecond).ElementAt(results.Count / 2);
            return (Pick(r => r.Store), Pick(r => r.Raw));
        }

        var (s1, r1) = await Median(t => Workload.AppendAsync(t, "one", 1, 1, phase));
        rows.Add(("single-event appends/s, 1 writer", Rate(s1), Rate(r1), Ratio(s1.EventsPerSecond, r1.EventsPerSecond)));
        rows.Add(("  latency p50 / p99 (ms), 1 writer", Latency(s1), Latency(r1), ""));

        var (s64, r64) = await Median(t => Workload.AppendAsync(t, "many", 64, 1, phase));
        rows.Add(("single-event appends/s, 64 writers", Rate(s64), Rate(r64), Ratio(s64.EventsPerSecond, r64.EventsPerSecond)));
        rows.Add(("  latency p50 / p99 (ms), 64 writers", Latency(s64), Latency(r64), ""));

        var (sb, rb) = await Median(t => Workload.AppendAsync(t, "batch", 1, 100, phase));
        rows.Add(("events/s in 100-event batches, 1 writer", Rate(sb), Rate(rb), Ratio(sb.EventsPerSecond, rb.EventsPerSecond)));
        rows.Add(("  batch latency p50 / p99 (ms)", Latency(sb), Latency(rb), ""));

        var (sr, rr) = await Median(Workload.ReadAllAsync);
        rows.Add(($"ReadAll events/s (store {sr.Events:N0}, raw {rr.Events:N0} events)", Rate(sr), Rate(rr), Ratio(sr.EventsPerSecond, rr.EventsPerSecond)));

        Console.WriteLine();
        Console.WriteLine($"### {title}, {phase.TotalSeconds:0} s per phase, median of {rounds} alternating rounds, load average {Machine.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| measure | store | raw baseline | store / raw |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var row in rows)
            Console.WriteLine($"| {row.Measure} | {row.Store} | {row.Raw} | {row.Ratio} |");
    }

    private static string Rate(PhaseResult r) => r.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Latency(PhaseResult r) => string.Create(CultureInfo.InvariantCulture, $"{r.Percentile(0.50):0.00} / {r.Percentile(0.99):0.00}");

    private static string Ratio(double store, double raw) => raw > 0 ? (store / raw).ToString("0.00×", CultureInfo.InvariantCulture) : "–";
}
