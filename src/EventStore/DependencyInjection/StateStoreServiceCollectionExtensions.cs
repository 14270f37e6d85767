using EventStore.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventStore.DependencyInjection;

/// <summary>Registers <see cref="IStateStore"/> in the event store's database (docs/architecture.md, "Server-side state").</summary>
public static class StateStoreServiceCollectionExtensions
{
    /// <summary>
    /// PostgreSQL (<c>EventStore:Provider=postgres</c>): the <c>evs_state</c> table in the store's database, created under
    /// <c>EventStore:Postgres:MigrationConnectionString</c> when set. SQLite and KurrentDB: the file beside
    /// <c>EventStore:Sqlite:Path</c> (<c>events.state.db</c>).
    /// </summary>
    public static IServiceCollection AddStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = EventStoreSettings.From(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => Create(settings, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The state store the settings name (also for start-up work before the container exists).</summary>
    public static IStateStore Create(EventStoreSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider == EventStoreProvider.Postgres
            ? new PostgresStateStore(settings.PostgresConnectionString!, time, settings.PostgresMigrationConnectionString, settings.PostgresSession)
            : new SqliteStateStore(SqliteStateStore.BesideStore(settings.SqlitePath), time);
    }
}
