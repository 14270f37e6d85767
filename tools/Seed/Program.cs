using System.Globalization;
using EventStore.Sqlite;
using Seed;

// Usage: dotnet run -c Release --project tools/Seed -- --store <events.db> [--agencies 10000] [--grants 1000000] [--seed 2026]
//        [--readmodels <readmodels.db> --hash-key <base64>]
//    or: ... --store <events.db> --readmodels <readmodels.db> --project-only
// Seeds registered agencies and handler grants into an empty SQLite store, then (with --readmodels) runs the real
// issued-grants projection over it to the head (docs/grants.md, "Seeding"). --project-only seeds nothing and takes the
// projection on from its checkpoint to the head (a projection run that was stopped part of the way).
string? store = null;
string? readModels = null;
var hashKey = SeedReadModels.BenchHashKey;
var options = new GrantsSeedOptions();
var projectOnly = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--store": store = Next(); break;
        case "--agencies": options = options with { Agencies = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--grants": options = options with { Grants = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--seed": options = options with { RandomSeed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--readmodels": readModels = Next(); break;
        case "--hash-key": hashKey = Convert.FromBase64String(Next()); break;
        case "--project-only": projectOnly = true; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}
if (store is null)
{
    Console.Error.WriteLine("usage: Seed --store <events.db> [--agencies N] [--grants N] [--seed N]");
    return 2;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(store))!);
await using var events = new SqliteEventStore(store);
if (projectOnly)
{
    if (readModels is null)
    {
        Console.Error.WriteLine("--project-only needs --readmodels");
        return 2;
    }
    var caughtUp = await SeedReadModels.ProjectAsync(events, readModels, hashKey);
    Console.WriteLine($"projected issued-grants into {readModels} up to the head in {caughtUp.TotalSeconds:N1} s");
    return 0;
}
if ((await events.ReadHeadPositionAsync()).Value > 0)
{
    Console.Error.WriteLine($"{store} is not empty: seeding writes into an empty store only.");
    return 1;
}
var result = await GrantsSeeder.SeedAsync(events, options, new Progress<int>(n => Console.WriteLine($"{n:N0} / {options.Agencies:N0} agencies")));
Console.WriteLine($"seeded {result.Agencies:N0} agencies, {result.Grants:N0} grants, {result.Events:N0} events in {result.Elapsed.TotalSeconds:N1} s ({result.Events / result.Elapsed.TotalSeconds:N0} events/s)");
if (readModels is not null)
{
    var projected = await SeedReadModels.ProjectAsync(events, readModels, hashKey);
    Console.WriteLine($"projected issued-grants into {readModels} in {projected.TotalSeconds:N1} s ({result.Events / projected.TotalSeconds:N0} events/s)");
}
return 0;
