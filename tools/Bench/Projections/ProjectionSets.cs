using Domain.Registration;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.Grants;
using ReadModels.Projections;
using ReadModels.ReferenceData;

namespace Bench.Projections;

/// <summary>The projections the benchmark runs: issued-grants alone, or every projection the product has.</summary>
internal static class ProjectionSets
{
    /// <summary>The national-ID hash key of seeded benchmark data (tools/Seed uses the same).</summary>
    public static NationalIdHashKey HashKey { get; } = new(Seed.SeedReadModels.BenchHashKey);

    public static EventTypeRegistry Registry { get; } = EventTypeRegistry.FromAssemblies(typeof(GrantIssued).Assembly);

    public static IReadOnlyList<IProjection> IssuedGrants() => [new IssuedGrantsProjection(Registry, HashKey)];

    /// <summary>Every concrete projection in the ReadModels assembly, built as the web host would: a new one is measured without editing this list.</summary>
    public static IReadOnlyList<IProjection> All()
    {
        using var services = new ServiceCollection().AddSingleton(Registry).AddSingleton(HashKey).BuildServiceProvider();
        return [.. typeof(IssuedGrantsProjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IProjection)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (IProjection)ActivatorUtilities.CreateInstance(services, t))];
    }
}
