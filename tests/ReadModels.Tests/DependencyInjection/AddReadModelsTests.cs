using EventStore.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReadModels.DependencyInjection;
using ReadModels.Querying;
using ReadModels.Runner;
using StoreCrashHarness;

namespace ReadModels.Tests.DependencyInjection;

public sealed class AddReadModelsTests
{
    [Fact]
    public async Task The_read_side_is_registered_beside_the_store_with_its_projections_and_hosted_runner()
    {
        var directory = Path.Combine(Path.GetTempPath(), "evs-rm-di", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventStore:Sqlite:Path"] = Path.Combine(directory, "events.db"),
        }).Build();
        await using var services = new ServiceCollection()
            .AddEventStore(configuration)
            .AddReadModels(configuration)
            .AddProjection<StreamStatsProjection>()
            .BuildServiceProvider();

        services.GetRequiredService<ReadModelDatabase>().Path.ShouldBe(Path.Combine(directory, "readmodels.db"));
        services.GetRequiredService<ProjectionRunner>().Projections.ShouldHaveSingleItem().Name.ShouldBe("stream-stats");
        services.GetServices<IHostedService>().ShouldContain(s => s is ProjectionHostedService);
    }

    [Fact]
    public async Task ReadModels_Path_overrides_the_default_location()
    {
        var path = Path.Combine(Path.GetTempPath(), "evs-rm-di", Guid.NewGuid().ToString("N"), "rm.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ReadModels:Path"] = path }).Build();
        await using var services = new ServiceCollection().AddEventStore(configuration).AddReadModels(configuration).BuildServiceProvider();

        services.GetRequiredService<ReadModelDatabase>().Path.ShouldBe(path);
    }
}
