using System.Reflection;
using Bench;

// Usage: dotnet run -c Release --project tools/Bench -- <scenario> [options]
// Each scenario is a class implementing IBenchScenario; its results go to docs/benchmarks.md by hand,
// with the command line that produced them.
var scenarios = typeof(IBenchScenario).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IBenchScenario)))
    .Select(t => (IBenchScenario)Activator.CreateInstance(t)!)
    .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine("usage: Bench <scenario> [options]");
    foreach (var s in scenarios.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        Console.Error.WriteLine($"  {s.Name,-14} {s.Description}");
    return 2;
}

Console.WriteLine($"# {scenario.Name} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {Assembly.GetEntryAssembly()!.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()?.Configuration}");
return await scenario.RunAsync(args[1..]);
