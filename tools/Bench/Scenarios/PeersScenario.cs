using System.Diagnostics;
using System.Globalization;
using Bench.Peers;
using Bench.Projections;
using Domain.Registration;
using EventStore;
using EventStore.Postgres;
using EventStore.Serialization;
using ReadModels.Grants;
using ReadModels.Querying;
using ReadModels.Runner;
using Seed;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// Our PostgreSQL store beside Marten 9 on the same server, in one run, on the same events (the seeded agencies'
/// registrations and handler grants, as domain records): reading one stream and reading all (deserialised on both
/// sides), rebuilding the issued-grants projection (our runner, into SQLite) against Marten's async daemon rebuilding
/// the equivalent multi-stream projection, then single-event appends with 1 and 64 writers and 100-event batches,
/// ours and Marten's alternating round by round (each figure the median round). Options: --agencies (1,000: 100 grants
/// each), --seconds per phase (5), --rounds (3). PostgreSQL from EVS_PG; each side gets a scratch database.
/// </summary>
public sealed class PeersScenario : IBenchScenario
{
    public string Name => "peers";

    public string Description => "our PostgreSQL store vs Marten 9 on the same server and events: appends 1/64 writers, batches, reads, projection rebuild";

    public async Task<int> RunAsync(string[] args)
    {
        var seed = new GrantsSeedOptions(Agencies: Option(args, "--agencies", 1_000), Grants: Option(args, "--agencies", 1_000) * 100);
        var phase = TimeSpan.FromSeconds(Option(args, "--seconds", 5));
        var rounds = Option(args, "--rounds", 3);
        var registry = ProjectionSets.Registry;

        await using var oursDatabase = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
        await using var martenDatabase = await ScratchDatabase.CreateAsync(maxPoolSize: 80);
        await using var ours = new PostgresEventStore(oursDatabase.ConnectionString);
        await using var marten = await MartenPeer.OpenAsync(martenDatabase.ConnectionString);
        var targets = new IPeer[] { new OurPeer(ours, registry), new MartenTarget(marten) };

        // The same agencies' histories into both (untimed).
        var loaded = 0L;
        foreach (var target in targets)
            loaded = await LoadAsync(target, seed);
        Console.WriteLine($"loaded {loaded:N0} events ({seed.Agencies:N0} agencies) into each store, load average {Machine.LoadAverage()}");

        var rows = new List<(string Measure, double Ours, double Marten)>();
        async Task Row(string measure, int times, Func<IPeer, Task<double>> measurement)
        {
            var (o, m) = await Median(targets, times, measurement);
            rows.Add((measure, o, m));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{measure}: ours {o:N0}, Marten {m:N0}, load average {Machine.LoadAverage()}"));
        }

        var stream = $"registration-{GrantsSeeder.AgencyCodeOf(0)}";
        await Row("read one stream (110 events), events/s deserialised", rounds, t => Timed(phase, () => t.ReadStreamAsync(stream)));
        await Row("read all, events/s deserialised", rounds, t => Timed(null, () => t.ReadAllAsync()));
        await Row("rebuild the issued-grants projection from scratch, events/s", 1, t => Timed(null, () => t.RebuildAsync(loaded)));

        var events = new GrantEvents(seed);
        await Row("single-event appends/s, 1 writer", rounds, t => Appends(t, events, "one", writers: 1, perAppend: 1, phase));
        await Row("single-event appends/s, 64 writers", rounds, t => Appends(t, events, "many", writers: 64, perAppend: 1, phase));
        await Row("events/s in 100-event batches, 1 writer", rounds, t => Appends(t, events, "batch", writers: 1, perAppend: 100, phase));

        Console.WriteLine();
        Console.WriteLine($"### Ours vs Marten 9.62 on PostgreSQL, {phase.TotalSeconds:0} s per phase, median of {rounds} alternating rounds, load average {Machine.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| measure | ours | Marten | ours / Marten |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (measure, o, m) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {measure} | {o:N0} | {m:N0} | {o / m:0.00}× |"));
        return 0;
    }

    private static async Task<long> LoadAsync(IPeer target, GrantsSeedOptions seed)
    {
        long total = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, seed.Agencies), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            var events = GrantsSeeder.AgencyEvents(index, seed);
            foreach (var chunk in events.Chunk(200))
                await target.AppendAsync($"registration-{GrantsSeeder.AgencyCodeOf(index)}", chunk);
            Interlocked.Add(ref total, events.Count);
        });
        return total;
    }

    /// <summary>Each side's figure for one measurement: rounds alternate between the sides, and the median round counts.</summary>
    private static async Task<(double Ours, double Marten)> Median(IPeer[] targets, int rounds, Func<IPeer, Task<double>> measure)
    {
        var results = targets.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
                results[i].Add(await measure(targets[i]));
        }

        return (results[0].Order().ElementAt(rounds / 2), results[1].Order().ElementAt(rounds / 2));
    }

    /// <summary>Events per second of <paramref name="work"/> (which returns how many it handled), repeated for <paramref name="duration"/> or run once.</summary>
    private static async Task<double> Timed(TimeSpan? duration, Func<Task<long>> work)
    {
        var clock = Stopwatch.StartNew();
        long events = 0;
        do
            events += await work();
        while (duration is { } d && clock.Elapsed < d);
        return events / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> Appends(IPeer target, GrantEvents events, string phase, int writers, int perAppend, TimeSpan duration)
    {
        var counts = new long[writers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                await target.AppendAsync($"{phase}-{w}-{i % 16}", events.Next(perAppend));
                counts[w] += perAppend;
            }
        })));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Handler grants to append: real <see cref="GrantIssued"/> records of agencies beyond the loaded ones.</summary>
    private sealed class GrantEvents(GrantsSeedOptions seed)
    {
        private readonly GrantIssued[] _pool = [.. Enumerable.Range(seed.Agencies, 20).SelectMany(i => GrantsSeeder.AgencyEvents(i, seed).OfType<GrantIssued>())];
        private int _next;

        public GrantIssued[] Next(int count) => [.. Enumerable.Range(0, count).Select(_ => _pool[(Interlocked.Increment(ref _next) & int.MaxValue) % _pool.Length])];
    }

    private interface IPeer
    {
        string Name { get; }

        Task AppendAsync(string stream, IReadOnlyList<RegistrationEvent> events);

        Task<long> ReadStreamAsync(string stream);

        Task<long> ReadAllAsync();

        /// <summary>Rebuilds the issued-grants projection (or its equivalent) from scratch; returns the events it went through.</summary>
        Task<long> RebuildAsync(long events);
    }

    private sealed class OurPeer(PostgresEventStore store, EventTypeRegistry registry) : IPeer
    {
        private static readonly EventMetadata Metadata = new(Guid.CreateVersion7(), Guid.CreateVersion7(), "bench");

        public string Name => "ours";

        public Task AppendAsync(string stream, IReadOnlyList<RegistrationEvent> events) =>
            store.AppendToStreamAsync(stream, StreamState.Any, [.. events.Select(e => registry.ToEventData(e, Guid.CreateVersion7(), Metadata))]);

        public async Task<long> ReadStreamAsync(string stream)
        {
            var read = await store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, int.MaxValue);
            return read.Events.Count(e => registry.Deserialize(e) is not null);
        }

        public async Task<long> ReadAllAsync()
        {
            long count = 0;
            var from = Position.Start;
            while (true)
            {
                var page = await store.ReadAllAsync(Direction.Forwards, from, 1000);
                count += page.Count(e => registry.Deserialize(e) is not null);
                if (page.Count < 1000)
                    return count;
                from = new Position(page[^1].Position.Value + 1);
            }
        }

        public async Task<long> RebuildAsync(long events)
        {
            var file = Path.Combine(Path.GetTempPath(), $"evs-peers-{Guid.NewGuid():N}.db");
            try
            {
                await using var runner = new ProjectionRunner(store, new ReadModelDatabase(file), ProjectionSets.IssuedGrants());
                await runner.StartAsync(CancellationToken.None);
                await runner.WaitForCheckpointAsync(IssuedGrantsProjection.ProjectionName, await store.ReadHeadPositionAsync(), CancellationToken.None);
                return events;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                    File.Delete(path);
            }
        }
    }

    private sealed class MartenTarget(MartenPeer marten) : IPeer
    {
        public string Name => "marten";

        public Task AppendAsync(string stream, IReadOnlyList<RegistrationEvent> events) => marten.AppendAsync(stream, events);

        public async Task<long> ReadStreamAsync(string stream) => await marten.ReadStreamAsync(stream);

        public Task<long> ReadAllAsync() => marten.ReadAllAsync(1000);

        public async Task<long> RebuildAsync(long events)
        {
            await marten.RebuildAsync();
            var documents = await marten.CountDocumentsAsync();
            if (documents == 0)
                throw new InvalidOperationException("Marten's rebuild wrote no documents");
            return events;
        }
    }
}
