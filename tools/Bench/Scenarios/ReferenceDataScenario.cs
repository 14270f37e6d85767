using System.Diagnostics;
using System.Globalization;
using System.Text;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using EventStore.Sqlite;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.ReferenceData;
using ReadModels.Runner;
using Microsoft.Extensions.Options;
using Web.Hosting;
using Web.Messaging;
using Web.ReferenceData;
using static Bench.ScenarioOptions;

namespace Bench.Scenarios;

/// <summary>
/// A national personnel file (300,000 reports by default) and a 10,000-agency directory through the real import
/// path on SQLite: check, one append, the projection taking it in, then lookups by ID, by account and by code.
/// </summary>
public sealed class ReferenceDataScenario : IBenchScenario
{
    public string Name => "referencedata";

    public string Description => "import a national personnel file and a large directory, then lookups [--people N] [--agencies N] [--lookups N]";

    public async Task<int> RunAsync(string[] args)
    {
        var people = Option(args, "--people", 300_000);
        var agencies = Option(args, "--agencies", 10_000);
        var lookups = Option(args, "--lookups", 20_000);
        var folder = Path.Combine(Path.GetTempPath(), "evs-bench-referencedata", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var registry = EventTypeRegistry.FromAssemblies(typeof(ReferenceDataEvent).Assembly);
            var key = new NationalIdHashKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
            await using var store = new SqliteEventStore(Path.Combine(folder, "events.db"));
            var database = new ReadModelDatabase(Path.Combine(folder, "readmodels.db"));
            IProjection[] projections = [new PersonnelProjection(registry, key), new AgencyDirectoryProjection(registry), new ReferenceDataProjection(registry)];
            await using var runner = new ProjectionRunner(store, database, projections, options: new ProjectionRunnerOptions { BatchSize = 500 });
            await runner.StartAsync(CancellationToken.None);
            var personnel = new PersonnelLookup(database, key);
            var wait = new ReadModelWait(runner, store, Options.Create(new WebOptions { ReadModelWait = TimeSpan.FromMinutes(10) }));
            var importer = new ReferenceDataImporter(store, registry, new CommandPipeline(store, registry, wait, new Microsoft.AspNetCore.Http.HttpContextAccessor()), wait, personnel, key, TimeProvider.System);
            var directory = new AgencyDirectoryLookup(database);

            Console.WriteLine();
            Console.WriteLine("| import | rows | file | check | append (one call) | events | query model caught up | total |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            await ImportAsync(importer, runner, ReferenceDataKind.Personnel, PersonnelProjection.ProjectionName, PersonnelFile(people));
            await ImportAsync(importer, runner, ReferenceDataKind.AgencyDirectory, AgencyDirectoryProjection.ProjectionName, DirectoryFile(agencies));

            var random = new Random(7);
            var day = new DateOnly(2026, 6, 1);
            Console.WriteLine();
            Console.WriteLine("| lookup (warm, one at a time) | count | median | p99 |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            await TimeAsync("personnel by national ID, as of a day", lookups, () => personnel.LookUpAsync(Id(random.Next(people)), day));
            await TimeAsync("personnel by self-chosen account", lookups, () => personnel.LookUpByAccountAsync($"acct{random.Next(people)}", day));
            await TimeAsync("agency directory by code", lookups, () => directory.FindAsync(AgencyCode.Of(Code(random.Next(agencies)))));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Store file {new FileInfo(Path.Combine(folder, "events.db")).Length / 1024 / 1024} MB, read-model file {new FileInfo(database.Path!).Length / 1024 / 1024} MB."));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ImportAsync(ReferenceDataImporter importer, ProjectionRunner runner, ReferenceDataKind kind, string projection, byte[] file)
    {
        var total = Stopwatch.StartNew();
        var prepared = await importer.PrepareAsync(kind, new ReferenceDataFile($"{kind}.csv", file));
        var check = total.Elapsed;
        if (!prepared.IsValid)
            throw new InvalidOperationException($"bench file invalid: {prepared.Problems[0]}");
        var outcome = await importer.ImportAsync(prepared, Guid.CreateVersion7(), "bench", "bench");
        var append = total.Elapsed - check;
        await runner.WaitForCheckpointAsync(projection, outcome.Value.Position, CancellationToken.None);
        var projected = total.Elapsed - check - append;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {prepared.RowCount:N0} | {file.Length / 1024.0 / 1024:0.0} MB | {check.TotalSeconds:0.00} s | {append.TotalSeconds:0.00} s | {outcome.Value.EventCount} | {projected.TotalSeconds:0.00} s | {total.Elapsed.TotalSeconds:0.00} s |"));
    }

    private static async Task TimeAsync(string name, int count, Func<Task> lookup)
    {
        for (var i = 0; i < 200; i++)
            await lookup();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await lookup();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count:N0} | {times[count / 2]:0} µs | {times[count * 99 / 100]:0} µs |"));
    }

    private static NationalId Id(int person) => NationalId.WithCheckDigit($"A{1 + person % 2}{person:0000000}");

    private static string Code(int agency) => (3_000_000 + agency).ToString(CultureInfo.InvariantCulture);

    private static byte[] PersonnelFile(int people)
    {
        var csv = new StringBuilder("national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n", people * 90);
        for (var i = 0; i < people; i++)
            csv.Append(CultureInfo.InvariantCulture,
                $"{Id(i).Value},人員{i},acct{i},{(i % 40 == 0 ? "departed" : "current")},{(i % 50 == 0 ? "08" : "01")},{(i % 30 == 0 ? "人事室" : "秘書室")},{(i % 35 == 0 ? "5" : "")},{Code(i % 10_000)},2025-{1 + i % 12:00}-{1 + i % 28:00}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] DirectoryFile(int agencies)
    {
        var csv = new StringBuilder("code,name,expected_oids,review_desk\n");
        for (var i = 0; i < agencies; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{Code(i)},機關{i},2.16.886.101.20003.{20000 + i},承保第{1 + i % 2}科\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
