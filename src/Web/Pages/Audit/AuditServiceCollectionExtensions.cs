using EventStore.DependencyInjection;
using EventStore.Integrity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Web.Pages.Admin.Integrity;

namespace Web.Pages.Audit;

/// <summary>Registers the auditors' and administrators' services: history reads, the store verifier and whole-store checks.</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<AgencyHistory>();
        services.TryAddSingleton(provider => StoreVerifier.For(provider.GetRequiredService<EventStoreSettings>()));
        services.TryAddSingleton<IntegrityChecks>();
        return services;
    }
}
