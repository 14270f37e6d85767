using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bench.EventStore;
using EventStore;
using EventStore.Grpc;
using EventStore.Kurrent;
using EventStore.Postgres;
using EventStore.Sqlite;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// What KurrentDB's protocol costs: the same appends and <c>$all</c> reads through our endpoint (the KurrentDB adapter
/// over loopback HTTP/2, tls=false) and against the store called in-process, in the same run, on two stores of the
/// same kind; then the official Node client's append and read rates against the endpoint.
/// Options: --provider sqlite|postgres|both (default sqlite), --seconds N per phase (default 5), --rounds N (default 3,
/// the two sides alternate and each figure is the median round), --dir for SQLite files, --no-node to leave the Node
/// client out. PostgreSQL from EVS_PG; the Node client from tests/KurrentConformance (npm ci there).
/// </summary>
public sealed class GrpcScenario : IBenchScenario
{
    private static readonly IReadOnlyDictionary<string, string?> Writable = new Dictionary<string, string?> { ["AllowWrites"] = "true", ["Anonymous:Role"] = "writer" };

    public string Name => "grpc";

    public string Description => "KurrentDB protocol vs in-process store: appends (1/64 writers, batches), $all reads, and the Node client's rates";

    public async Task<int> RunAsync(string[] args)
    {
        var provider = Option(args, "--provider") ?? "sqlite";
        var phase = TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "5", CultureInfo.InvariantCulture));
        var rounds = Option(args, "--rounds", 3);
        var withNode = !args.Contains("--no-node");
        var directory = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "evs-bench-grpc", Guid.NewGuid().ToString("N"));
        if (provider is "sqlite" or "both")
        {
            Directory.CreateDirectory(directory);
            try
            {
                await CompareAsync(
                    "SQLite (WAL, synchronous=FULL)",
                    () => new SqliteEventStore(Path.Combine(directory, "direct.db")),
                    () => new SqliteEventStore(Path.Combine(directory, "behind-endpoint.db")),
                    () => new SqliteEventStore(Path.Combine(directory, "node.db")),
                    phase,
                    rounds,
                    withNode);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }

        if (provider is "postgres" or "both")
        {
            await using var direct = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
            await using var behind = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
            await using var node = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
            await CompareAsync(
                "PostgreSQL (synchronous_commit=on)",
                () => new PostgresEventStore(direct.ConnectionString),
                () => new PostgresEventStore(behind.ConnectionString),
                () => new PostgresEventStore(node.ConnectionString),
                phase,
                rounds,
                withNode);
        }

        return 0;
    }

    private static async Task CompareAsync(string title, Func<IEventStore> direct, Func<IEventStore> behindEndpoint, Func<IEventStore> forNode, TimeSpan phase, int rounds, bool withNode)
    {
        var served = behindEndpoint();
        await using var host = await KurrentEndpointHost.StartAsync(served, TimeProvider.System, Writable);
        await using var inProcess = new StoreTarget("in-process", direct());
        await using var throughEndpoint = new StoreTarget("through the endpoint", new KurrentDbEventStore($"kurrentdb://127.0.0.1:{host.Port}?tls=false"));
        try
        {
            foreach (var target in new[] { inProcess, throughEndpoint })
                await Workload.AppendAsync(target, "warmup", 4, 1, TimeSpan.FromSeconds(1));

            async Task<(PhaseResult Direct, PhaseResult Grpc)> Median(Func<IAppendTarget, Task<PhaseResult>> phaseOf)
            {
                var results = new List<(PhaseResult Direct, PhaseResult Grpc)>();
                for (var round = 0; round < rounds; round++)
                    results.Add((await phaseOf(inProcess), await phaseOf(throughEndpoint)));
                PhaseResult Pick(Func<(PhaseResult Direct, PhaseResult Grpc), PhaseResult> side) =>
                    results.Select(side).OrderBy(r => r.EventsPerSecond).ElementAt(results.Count / 2);
                return (Pick(r => r.Direct), Pick(r => r.Grpc));
            }

            var rows = new List<(string Measure, string Direct, string Grpc, string Ratio)>();
            var (d1, g1) = await Median(t => Workload.AppendAsync(t, "one", 1, 1, phase));
            rows.Add(("single-event appends/s, 1 writer", Rate(d1), Rate(g1), Ratio(g1, d1)));
            rows.Add(("  latency p50 / p99 (ms), 1 writer", Latency(d1), Latency(g1), ""));
            var (d64, g64) = await Median(t => Workload.AppendAsync(t, "many", 64, 1, phase));
            rows.Add(("single-event appends/s, 64 writers", Rate(d64), Rate(g64), Ratio(g64, d64)));
            rows.Add(("  latency p50 / p99 (ms), 64 writers", Latency(d64), Latency(g64), ""));
            var (db, gb) = await Median(t => Workload.AppendAsync(t, "batch", 1, 100, phase));
            rows.Add(("events/s in 100-event batches, 1 writer", Rate(db), Rate(gb), Ratio(gb, db)));
            var (dr, gr) = await Median(Workload.ReadAllAsync);
            rows.Add(($"$all read events/s (in-process {dr.Events:N0}, endpoint {gr.Events:N0} events)", Rate(dr), Rate(gr), Ratio(gr, dr)));

            Console.WriteLine();
            Console.WriteLine($"### {title}, {phase.TotalSeconds:0} s per phase, median of {rounds} alternating rounds, load average {Machine.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measure | store in-process | through the endpoint (KurrentDB adapter) | endpoint / in-process |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var row in rows)
                Console.WriteLine($"| {row.Measure} | {row.Direct} | {row.Grpc} | {row.Ratio} |");
        }
        finally
        {
            await served.DisposeAsync();
        }

        if (withNode)
            await NodeClientAsync(forNode, phase);
    }

    /// <summary>The official Node client (its Rust core for reads) against the endpoint over a fresh store.</summary>
    private static async Task NodeClientAsync(Func<IEventStore> open, TimeSpan phase)
    {
        var store = open();
        try
        {
            await using var host = await KurrentEndpointHost.StartAsync(store, TimeProvider.System, Writable);
            var script = Path.Combine(RepositoryRoot(), "tools", "Bench", "Grpc", "node-client.mjs");
            var start = new ProcessStartInfo("node", [script, host.Port.ToString(CultureInfo.InvariantCulture), phase.TotalSeconds.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            if (node.ExitCode != 0)
                throw new InvalidOperationException($"the Node client failed (npm ci in tests/KurrentConformance first): {await errors}");
            using var result = JsonDocument.Parse((await output).Trim().Split('\n')[^1]);
            var r = result.RootElement;
            Console.WriteLine();
            Console.WriteLine($"#### @kurrent/kurrentdb-client (Node {NodeVersion()}) against the endpoint, {phase.TotalSeconds:0} s per phase, load average {Machine.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measure | rate |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| single-event appends/s, 1 appender | {r.GetProperty("appendsPerSecond1").GetDouble().ToString("N0", CultureInfo.InvariantCulture)} |");
            Console.WriteLine($"| single-event appends/s, 64 concurrent appenders | {r.GetProperty("appendsPerSecond64").GetDouble().ToString("N0", CultureInfo.InvariantCulture)} |");
            Console.WriteLine($"| $all read events/s ({r.GetProperty("readAllEvents").GetInt64().ToString("N0", CultureInfo.InvariantCulture)} events) | {r.GetProperty("readAllPerSecond").GetDouble().ToString("N0", CultureInfo.InvariantCulture)} |");
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    private static string NodeVersion()
    {
        using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
        var version = node.StandardOutput.ReadToEnd().Trim();
        node.WaitForExit();
        return version;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("run the bench from inside the repository");
    }

    private static string Rate(PhaseResult r) => r.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Latency(PhaseResult r) => string.Create(CultureInfo.InvariantCulture, $"{r.Percentile(0.50):0.00} / {r.Percentile(0.99):0.00}");

    private static string Ratio(PhaseResult grpc, PhaseResult direct) =>
        direct.EventsPerSecond > 0 ? (grpc.EventsPerSecond / direct.EventsPerSecond).ToString("0.00×", CultureInfo.InvariantCulture) : "–";
}
