using System.Diagnostics;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.Grants;
using ReadModels.Querying;
using ReadModels.ReferenceData;
using ReadModels.Runner;

namespace Seed;

/// <summary>Builds the issued-grants read model from a seeded store with the real projection and runner.</summary>
public static class SeedReadModels
{
    /// <summary>The national-ID hash key seeded benchmarks use (bench data only; a deployment configures its own).</summary>
    public static byte[] BenchHashKey { get; } = Enumerable.Range(0, 32).Select(i => (byte)(0xA5 ^ i)).ToArray();

    /// <summary>Runs the projection from the start of the store to its head; returns how long it took.</summary>
    public static async Task<TimeSpan> ProjectAsync(IEventStore store, string readModelsPath, byte[] hashKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var registry = EventTypeRegistry.FromAssemblies(typeof(GrantIssued).Assembly);
        var projection = new IssuedGrantsProjection(registry, new NationalIdHashKey(hashKey));
        var stopwatch = Stopwatch.StartNew();
        await using var runner = new ProjectionRunner(store, new ReadModelDatabase(readModelsPath), [projection]);
        await runner.StartAsync(cancellationToken);
        await runner.WaitForCheckpointAsync(projection.Name, await store.ReadHeadPositionAsync(cancellationToken), cancellationToken);
        return stopwatch.Elapsed;
    }
}
