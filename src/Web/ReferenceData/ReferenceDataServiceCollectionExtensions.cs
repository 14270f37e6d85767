using Microsoft.Extensions.DependencyInjection.Extensions;
using ReadModels.DependencyInjection;
using ReadModels.ReferenceData;
using Web.CardSteps.Trust;
using Web.Pages.Admin.ReferenceData;

namespace Web.ReferenceData;

/// <summary>Registers the reference-data area: projections, query services, the importer and the import jobs.</summary>
public static class ReferenceDataServiceCollectionExtensions
{
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
        services.TryAddSingleton<ImportJobs>();

        // Card steps trust what the administrator imported; the files (Web:Trust) still give CRLs, and all of it until a first import.
        services.TryAddSingleton<FileTrustStore>();
        services.Replace(ServiceDescriptor.Singleton<ITrustStore, ImportedTrustStore>());

        return services;
    }
}
