using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.Registration;
using Web.Authentication;
using Web.Pages.Registration.Wizard;

namespace Web.Pages.Registration;

/// <summary>Registers the registration area; <c>WebShell.AddWebShell</c> calls <see cref="AddRegistration"/> once.</summary>
public static class RegistrationServiceCollectionExtensions
{
    /// <summary>
    /// The registration read models (receipts, registered certificates, OID review queue) and their queries, the
    /// outside facts the commands carry, the wizards' state, and the manager role for citizen-card sign-in.
    /// </summary>
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProjection<RegistrationReceiptsProjection>()
                .AddProjection<RegisteredCertificatesProjection>()
                .AddProjection<OidReviewQueueProjection>();
        services.TryAddSingleton<RegistrationReceiptsQuery>();
        services.TryAddSingleton<RegisteredCertificatesQuery>();
        services.TryAddSingleton<OidReviewQueueQuery>();
        services.TryAddSingleton<RegistrationFacts>();
        services.TryAddSingleton<IRegistrationWizardStore, DatabaseRegistrationWizardStore>();
        services.AddSingleton<ISignInRoleSource, ManagerSignInRoles>();
        return services;
    }
}
