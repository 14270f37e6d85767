using System.Diagnostics;
using System.Globalization;
using Bench.Verify;
using Domain.Common;
using EventStore;
using EventStore.Checkpoints;
using EventStore.Integrity;
using EventStore.Storage;
using EventStore.Postgres;
using EventStore.Serialization;
using EventStore.Sqlite;
using Npgsql;
using Replay;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// Whole-store hash-chain verification (tools/Replay's <c>verify</c>: stream chains, the <c>$all</c> chain and signed
/// checkpoints, one every 50,000 events, written while the store is generated) and replay (its <c>replay</c> fold) on a
/// generated registration store of a million events, against a raw scan of the same rows (no hashing) as the floor.
/// Options: --events N (default 1,000,000), --provider sqlite|postgres|both (default sqlite), --rounds N (default 3),
/// --dir for the SQLite file (default a temp folder; with --keep the store is kept and reused on the next run).
/// </summary>
public sealed class VerifyScenario : IBenchScenario
{
    public string Name => "verify";

    public string Description => "whole-store hash-chain verification and registration replay on a generated 1,000,000-event store, vs a raw row scan";

    public async Task<int> RunAsync(string[] args)
    {
        var events = long.Parse(Option(args, "--events") ?? "1000000", NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var provider = Option(args, "--provider") ?? "sqlite";
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        var directory = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "evs-bench-verify");
        if (provider is "sqlite" or "both")
            await RunSqliteAsync(directory, events, rounds, keep);
        if (provider is "postgres" or "both")
            await RunPostgresAsync(events, rounds);
        return 0;
    }

    private static async Task RunSqliteAsync(string directory, long events, int rounds, bool keep)
    {
        Directory.CreateDirectory(directory);
        // "-all": stores of this layout carry the $all chain; files kept from before it are not reused.
        var path = Path.Combine(directory, $"verify-{events}-all.db");
        var checkpoints = new Checkpointing(path + ".checkpoints");
        try
        {
            if (!File.Exists(path))
            {
                await using var store = new SqliteEventStore(path);
                await GenerateAsync(store, events, checkpoints);
            }
            else
            {
                Console.WriteLine($"reusing {path}, kept by an earlier run with --keep (same generator and seed)");
            }

            Console.WriteLine($"### SQLite, {new FileInfo(path).Length / 1_048_576.0:N0} MiB file, load average {Machine.LoadAverage()}");
            await MeasureAsync(StoreVerifier.ForSqlite(path).WithCheckpoints(checkpoints.Source), () => new SqliteEventStore(path), () => RawScan.Sqlite(path), rounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
                Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunPostgresAsync(long events, int rounds)
    {
        await using var database = await ScratchDatabase.CreateAsync(maxPoolSize: 40);
        var connectionString = database.ConnectionString;
        var checkpoints = new Checkpointing(Path.Combine(Path.GetTempPath(), $"evs-bench-verify-pg-{Guid.NewGuid():N}"));
        await using (var store = new PostgresEventStore(connectionString))
            await GenerateAsync(store, events, checkpoints);
        await using (var vacuum = new NpgsqlConnection(connectionString))
        {
            await vacuum.OpenAsync();
            await using var command = new NpgsqlCommand("VACUUM ANALYZE events", vacuum);
            await command.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"### PostgreSQL, load average {Machine.LoadAverage()}");
        await MeasureAsync(StoreVerifier.ForPostgres(connectionString).WithCheckpoints(checkpoints.Source), () => new PostgresEventStore(connectionString), () => RawScan.Postgres(connectionString), rounds);
        Directory.Delete(checkpoints.Folder, recursive: true);
    }

    /// <summary>Checkpoints every <see cref="Every"/> events while the store is generated, as the app's writer would sign them.</summary>
    private sealed class Checkpointing
    {
        public const long Every = 50_000;

        public Checkpointing(string folder)
        {
            Folder = folder;
            Directory.CreateDirectory(folder);
            var key = Path.Combine(folder, "checkpoint-key.pem");
            if (!File.Exists(key))
                KeyFileCheckpointSigner.Generate(key);
            Signer = new KeyFileCheckpointSigner(key);
            Witness = new DirectoryCheckpointWitness(Path.Combine(folder, "witness"));
            Source = new CheckpointSource([Witness], new CheckpointKeys([Signer.PublicKeyInfo]), "events");
        }

        public string Folder { get; }

        public KeyFileCheckpointSigner Signer { get; }

        public DirectoryCheckpointWitness Witness { get; }

        public CheckpointSource Source { get; }
    }

    private static async Task GenerateAsync(IEventStore store, long events, Checkpointing checkpoints)
    {
        var watch = Stopwatch.StartNew();
        var writer = new CheckpointWriter((RelationalEventStore)store, checkpoints.Signer, [checkpoints.Witness], new CheckpointSchedule(Checkpointing.Every, TimeSpan.FromDays(1)), "events");
        using var generated = new CancellationTokenSource();
        var signing = writer.RunAsync(generated.Token);
        var (written, streams) = await SyntheticHistory.WriteAsync(store, Registry, events, seed: 2026);
        await generated.CancelAsync();
        await signing;
        await writer.CheckpointNowAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {written:N0} events in {streams:N0} registration streams in {watch.Elapsed.TotalSeconds:0.0} s ({written / watch.Elapsed.TotalSeconds:N0} events/s, one append per agency, 16 writers), {writer.Latest!.Body.Sequence} checkpoints signed meanwhile"));
    }

    private static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(EventTypeAttribute).Assembly);

    private static async Task MeasureAsync(StoreVerifier verifier, Func<IEventStore> open, Func<long> rawScan, int rounds)
    {
        var raw = new List<double>();
        var verify = new List<double>();
        var fold = new List<double>();
        long count = 0;
        IntegrityReport? last = null;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            count = rawScan();
            raw.Add(count / watch.Elapsed.TotalSeconds);

            last = await verifier.VerifyStoreAsync();
            if (!last.IsIntact || last.EventsVerified != count || last.Checkpoints?.Proven is null)
                throw new InvalidOperationException($"the generated store did not verify: {last.Statement}");
            verify.Add(last.EventsPerSecond);

            await using var store = open();
            watch.Restart();
            var folded = await FoldAsync(store);
            fold.Add(folded / watch.Elapsed.TotalSeconds);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await verifier.VerifyStoreAsync();
        var perEvent = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;

        Console.WriteLine();
        Console.WriteLine($"{count:N0} events, {last!.StreamsVerified:N0} streams, {last.Checkpoints!.Trusted} signed checkpoints; median (best) of {rounds} rounds");
        Console.WriteLine(last.Statement);
        Console.WriteLine();
        Console.WriteLine("| measure | events/s | vs raw scan |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine(Row("raw row scan (step every row, touch every column, no hashing)", raw, raw));
        Console.WriteLine(Row("**verify** whole store (stream chains, $all chain, stream records, positions, every checkpoint)", verify, raw));
        Console.WriteLine(Row("replay: fold every registration stream (ReadAll, deserialise, upcast, Evolve)", fold, raw));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify allocates {perEvent:N0} bytes per event (all threads)."));
    }

    private static async Task<long> FoldAsync(IEventStore store)
    {
        var fold = new RegistrationFold(Registry);
        var from = new Position(1);
        while (true)
        {
            var page = await store.ReadAllAsync(Direction.Forwards, from, 4096);
            foreach (var recorded in page)
                fold.Apply(recorded);
            if (page.Count < 4096)
                break;
            from = new Position(page[^1].Position.Value + 1);
        }

        if (fold.Failures.Count > 0)
            throw new InvalidOperationException($"a generated stream did not fold: {fold.Failures[0]}");
        return fold.EventsFolded;
    }

    private static string Row(string what, List<double> values, List<double> raw)
    {
        var median = Median(values);
        return string.Create(CultureInfo.InvariantCulture, $"| {what} | {median:N0} ({values.Max():N0}) | {median / Median(raw):0.00}× |");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
