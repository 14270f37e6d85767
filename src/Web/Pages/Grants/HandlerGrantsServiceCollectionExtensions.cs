using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.Grants;
using Web.Authentication;
using Web.Pages.Admin.GrantSearch;

namespace Web.Pages.Grants;

/// <summary>Registers the handler-grant area: its projection and queries, the sitting, the lists, the exports and the handler role at sign-in.</summary>
public static class HandlerGrantsServiceCollectionExtensions
{
    public static IServiceCollection AddHandlerGrants(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProjection<HandlerGrantsProjection>();
        services.TryAddSingleton<HandlerGrantAgencyQuery>();
        services.TryAddSingleton<AgencyHandlerGrantsQuery>();
        services.TryAddSingleton<HandlerGrantsOfCardQuery>();
        services.TryAddSingleton<HandlerGrantSearchQuery>();
        services.TryAddSingleton<HandlerGrantLists>();
        services.TryAddScoped<HandlerGrantSittings>();
        services.TryAddSingleton<HandlerGrantExports>();
        services.AddHostedService(provider => provider.GetRequiredService<HandlerGrantExports>());
        services.AddSingleton<ISignInRoleSource, HandlerSignInRoles>();
        return services;
    }
}
