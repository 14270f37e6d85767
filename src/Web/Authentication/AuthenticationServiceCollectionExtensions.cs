using Domain.Accounts;
using EventStore.CommandHandling;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Web.Authentication.Demo;
using Web.Authentication.Passwords;

namespace Web.Authentication;

/// <summary>Registers sign-in, sessions, roles and policies (docs/authentication.md); the shell calls both methods once.</summary>
public static class AuthenticationServiceCollectionExtensions
{
    public static IServiceCollection AddWebAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TimeProvider>(SessionCookie.Configure);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationHandler, SameAgencyHandler>();

        services.AddOptions<PasswordOptions>().Bind(configuration.GetSection(PasswordOptions.Section));
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton(_ => PersonalDataKey.Load(configuration));
        services.TryAddSingleton<SnapshotReferenceLookups>();
        services.TryAddSingleton<IReferenceLookups>(provider => provider.GetRequiredService<SnapshotReferenceLookups>());
        services.TryAddScoped<PersonSessions>();
        services.TryAddSingleton<PasswordAccounts>();
        services.AddHostedService<DemoAccountsSeeder>();
        return services;
    }

    /// <summary>Authentication and authorization, between routing and the endpoints.</summary>
    public static IApplicationBuilder UseWebAuthentication(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization();
}
