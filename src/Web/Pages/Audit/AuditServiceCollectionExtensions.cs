using EventStore;
using EventStore.Checkpoints;
using EventStore.DependencyInjection;
using EventStore.Integrity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Web.Pages.Admin.Integrity;

namespace Web.Pages.Audit;

/// <summary>Registers the auditors' and administrators' services: history reads, the store verifier and whole-store checks.</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked now, so a bad checkpoint setting stops the start-up with one line naming the key.
        var checkpoints = CheckpointSettings.From(configuration);
        services.TryAddSingleton<AgencyHistory>();
        services.TryAddSingleton(provider => new StoreCheckpoints(checkpoints, provider.GetRequiredService<IEventStore>(), provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<CheckpointSigning>();
        services.TryAddSingleton(provider => StoreVerifier.For(provider.GetRequiredService<EventStoreSettings>())
            .WithCheckpoints(provider.GetRequiredService<StoreCheckpoints>().Source));
        services.TryAddSingleton<IntegrityChecks>();
        return services;
    }
}
