using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.Grants;
using Web.Authentication;

namespace Web.Grants;

/// <summary>Registers the grant area: the issued-grants projection and query, the grant sitting, commands, exports and the handler role at sign-in.</summary>
public static class GrantsServiceCollectionExtensions
{
    public static IServiceCollection AddGrants(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProjection<IssuedGrantsProjection>();
        services.TryAddSingleton<IssuedGrantsQuery>();
        services.TryAddScoped<GrantSittings>();
        services.TryAddSingleton<GrantExports>();
        services.AddHostedService(provider => provider.GetRequiredService<GrantExports>());
        services.AddSingleton<ISignInRoleSource, HandlerSignInRoles>();
        return services;
    }
}
