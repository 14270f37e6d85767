using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.ReferenceData;
using Web.DemoData;

namespace Web.ReferenceData;

/// <summary>Registers the reference-data area: projections, query services, the importer, the administrator policy and the demo data.</summary>
public static class ReferenceDataServiceCollectionExtensions
{
    /// <summary>The authorization policy of the administrator's pages (reference-data imports).</summary>
    public const string AdministratorPolicy = "Administrator";

    /// <summary>The role the <see cref="AdministratorPolicy"/> asks for until sign-in defines its own.</summary>
    public const string AdministratorRole = "Administrator";

    public static IServiceCollection AddReferenceData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => NationalIdHashKeyLoader.Load(configuration));
        services.AddProjection<AgencyDirectoryProjection>()
                .AddProjection<PersonnelProjection>()
                .AddProjection<ReferenceDataProjection>();

        services.TryAddSingleton<AgencyDirectoryLookup>();
        services.TryAddSingleton<PersonnelLookup>();
        services.TryAddSingleton<OfficeCalendar>();
        services.TryAddSingleton<TermsOfUseLookup>();
        services.TryAddSingleton<FunctionCatalogueLookup>();
        services.TryAddSingleton<TrustListLookup>();
        services.TryAddSingleton<ReferenceImportHistory>();
        services.TryAddSingleton<ReferenceDataImporter>();

        // Until sign-in registers its schemes and policies: the administrator policy, and a scheme that signs
        // nobody in (so the policy answers 401/403 instead of failing for want of a scheme).
        services.AddAuthorization(options =>
        {
            if (options.GetPolicy(AdministratorPolicy) is null)
                options.AddPolicy(AdministratorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AdministratorRole));
        });
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, NoSignInYetHandler>(NoSignInYetHandler.SchemeName, null);
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            if (options.DefaultScheme is null && options.DefaultAuthenticateScheme is null && options.DefaultChallengeScheme is null)
                options.DefaultScheme = NoSignInYetHandler.SchemeName;
        });

        services.AddDemoData(configuration);
        return services;
    }
}
