using System.Diagnostics;
using Dapper;
using ReadModels.Grants;
using ReadModels.Querying;
using static Bench.ScenarioOptions;
using static Bench.Scenarios.GrantsBenchSupport;

namespace Bench.Scenarios;

/// <summary>
/// The administrators' search over a seeded issued-grants read model (tools/Seed, 1,000,000 grants): each common
/// filter (<see cref="CommonFilters"/>) as the page runs it (first page of 25 and the capped count), one at a time,
/// with agencies, IDs and serials drawn from the data; p50/p95/max per filter.
/// </summary>
public sealed class GrantsSearchScenario : IBenchScenario
{
    public string Name => "grants-search";

    public string Description => "admin grant search p50/p95 per common filter over a seeded read model [--readmodels PATH] [--runs N]";

    public async Task<int> RunAsync(string[] args)
    {
        var path = Option(args, "--readmodels", Path.Combine(DefaultFolder, "readmodels.db"));
        var runs = Option(args, "--runs", 200);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"no read model at {path}: seed one first (docs/grants.md, \"Seeding\")");
            return 2;
        }
        var database = new ReadModelDatabase(path);
        var query = new HandlerGrantSearchQuery(database);
        var random = new Random(11);
        long rows;
        long nowUs;
        List<(string Agency, string Serial, string IdHash)> samples = [];
        await using (var connection = await database.OpenReadConnectionAsync())
        {
            rows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM issued_grants");
            nowUs = await connection.ExecuteScalarAsync<long>("SELECT max(issued_at_us) FROM issued_grants");
            var agencies = (await connection.QueryAsync<string>("SELECT agency_code FROM grant_agencies")).ToList();
            // issued_grants is a WITHOUT ROWID table: a random agency, then one of its grants.
            while (samples.Count < 50)
            {
                var sample = await connection.QueryFirstOrDefaultAsync<(string, string, string)?>(
                    "SELECT agency_code, serial, id_hash FROM issued_grants WHERE agency_code = @agency LIMIT 1 OFFSET @skip",
                    new { agency = agencies[random.Next(agencies.Count)], skip = random.Next(0, 20) });
                if (sample is { } found)
                    samples.Add(found);
            }
        }
        var now = DateTimeOffset.UnixEpoch.AddTicks(nowUs * 10);
        Console.WriteLine($"read model {path}: {rows:N0} grants; now = {now:u}; {runs} searches per filter after 10 warm-up");
        Console.WriteLine();
        Console.WriteLine("| filter | matches (count capped at 10,000) | p50 ms | p95 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var name in CommonFilters.Names)
        {
            var times = new List<double>(runs);
            var matches = 0;
            for (var i = -10; i < runs; i++)
            {
                var (agency, serial, idHash) = samples[random.Next(samples.Count)];
                var search = CommonFilters.Of(name, now, idHash, agency, serial);
                var clock = Stopwatch.StartNew();
                var page = await query.SearchAsync(search);
                clock.Stop();
                if (i < 0)
                    continue;
                times.Add(clock.Elapsed.TotalMilliseconds);
                matches = Math.Max(matches, page.Total);
            }
            times.Sort();
            var shown = matches >= HandlerGrantSearchQuery.CountCap ? "> 10,000" : matches.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"| {name} | {shown} | {Ms(Percentile(times, 0.50))} | {Ms(Percentile(times, 0.95))} | {Ms(times[^1])} |");
        }
        return 0;
    }
}
