using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using ReadModels.DependencyInjection;
using ReadModels.Registration;
using Web.Authentication;
using Web.Pages.Registration.Wizard;

namespace Web.Pages.Registration;

/// <summary>Registers the registration area; <c>WebShell.AddWebShell</c> calls <see cref="AddRegistration"/> once.</summary>
public static class RegistrationServiceCollectionExtensions
{
    /// <summary>
    /// The registration read models (receipts, registered certificates, OID review queue, both-cards swaps and their
    /// notification outbox) and their queries, the outside facts the commands carry, the wizards' state, the manager role
    /// for citizen-card sign-in, the cooling-off period (<see cref="BothSwapSettings"/>, checked here so a bad value stops
    /// the start) and the process that applies swaps whose period has ended (<see cref="DueSwaps"/>).
    /// </summary>
    public static IServiceCollection AddRegistration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(BothSwapSettings.From(configuration[BothSwapSettings.CoolingOffKey]));
        services.AddProjection<RegistrationReceiptsProjection>()
                .AddProjection<RegisteredCertificatesProjection>()
                .AddProjection<OidReviewQueueProjection>()
                .AddProjection<BothSwapRequestsProjection>();
        services.TryAddSingleton<BothSwapRequestsQuery>();
        services.AddSingleton<DueSwaps>();
        services.AddHostedService(sp => sp.GetRequiredService<DueSwaps>());
        services.TryAddSingleton<RegistrationReceiptsQuery>();
        services.TryAddSingleton<RegisteredCertificatesQuery>();
        services.TryAddSingleton<OidReviewQueueQuery>();
        services.TryAddSingleton<RegistrationFacts>();
        services.TryAddSingleton<IRegistrationWizardStore, DatabaseRegistrationWizardStore>();
        services.AddSingleton<ISignInRoleSource, ManagerSignInRoles>();
        return services;
    }
}
