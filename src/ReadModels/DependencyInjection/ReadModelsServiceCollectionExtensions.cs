using EventStore.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ReadModels.Projections;
using ReadModels.Querying;
using ReadModels.Runner;

namespace ReadModels.DependencyInjection;

/// <summary>Registers the read-model database, the projection runner as a hosted service, and projections.</summary>
public static class ReadModelsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the read side. The read models live where the store does: with <c>EventStore:Provider=postgres</c> in the
    /// schema <c>evs_rm</c> of the same database (shared by every node, under the same session limits); otherwise in a
    /// SQLite file, <c>ReadModels:Path</c>, by default beside the SQLite store as <c>readmodels.db</c>
    /// (<c>.data/readmodels.db</c>). Call <see cref="AddProjection{TProjection}"/> for each projection.
    /// </summary>
    public static IServiceCollection AddReadModels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration["ReadModels:Path"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetDirectoryName(configuration["EventStore:Sqlite:Path"] is { Length: > 0 } store ? store : EventStoreServiceCollectionExtensions.DefaultSqlitePath) ?? ".", "readmodels.db");
        services.TryAddSingleton(TimeProvider.System);
        var settings = EventStoreSettings.From(configuration);
        services.TryAddSingleton(_ => settings.Provider == EventStoreProvider.Postgres
            ? ReadModelDatabase.OnPostgres(settings.PostgresConnectionString!, settings.PostgresSession, settings.PostgresMigrationConnectionString)
            : new ReadModelDatabase(path));
        services.TryAddSingleton(new ProjectionRunnerOptions());
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<ProjectionRunner>(provider));
        services.AddSingleton<IHostedService, ProjectionHostedService>();
        return services;
    }

    public static IServiceCollection AddProjection<TProjection>(this IServiceCollection services)
        where TProjection : class, IProjection
    {
        services.AddSingleton<IProjection, TProjection>();
        return services;
    }
}
