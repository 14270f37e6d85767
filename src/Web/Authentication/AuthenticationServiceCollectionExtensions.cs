using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.Ecpa;
using ReadModels.People;
using Web.Authentication.Passwords;

namespace Web.Authentication;

/// <summary>Registers sign-in, sessions, roles and policies, and the eCPA read models (docs/authentication.md); the shell calls both methods once.</summary>
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
        services.TryAddSingleton<PersonSessions>();
        services.TryAddSingleton<PasswordAccounts>();
        services.TryAddSingleton<Web.Pages.Account.SignIn.StaffSignInsAwaitingCard>();
        services.TryAddSingleton<BindingAttempts>();

        // Who holds a card (sign-in) and the eCPA lists.
        services.AddProjection<CitizenCertificatesProjection>()
                .AddProjection<OrganisationCertificatesProjection>()
                .AddProjection<ApplicationSystemGrantsProjection>()
                .AddProjection<ReadModels.Accounts.StaffAccountsProjection>();
        services.TryAddSingleton<ReadModels.Accounts.StaffAccountList>();
        services.TryAddSingleton<ActorNames>();
        services.TryAddSingleton<CitizenCertificateIndex>();
        services.TryAddSingleton<OrganisationCertificateIndex>();
        services.TryAddSingleton<ApplicationSystemGrantList>();
        return services;
    }

    /// <summary>Authentication and authorization, between routing and the endpoints.</summary>
    public static IApplicationBuilder UseWebAuthentication(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization();
}
