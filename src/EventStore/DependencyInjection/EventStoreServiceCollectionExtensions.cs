using System.Reflection;
using EventStore.CommandHandling;
using EventStore.Postgres;
using EventStore.Serialization;
using EventStore.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventStore.DependencyInjection;

/// <summary>Registers the event store chosen by configuration (docs/architecture.md, "Configuration keys").</summary>
public static class EventStoreServiceCollectionExtensions
{
    public const string DefaultSqlitePath = ".data/events.db";

    /// <summary>
    /// Adds <see cref="IEventStore"/> (<c>EventStore:Provider</c> = <c>sqlite</c> by default, or <c>postgres</c>), the
    /// <see cref="EventTypeRegistry"/> of the [EventType] records in <paramref name="eventAssemblies"/> (the Domain
    /// assembly when none are given) and <see cref="CommandHandler{TDecider,TState,TCommand,TEvent}"/>. The schema is
    /// created on first use.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration, params Assembly[] eventAssemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = EventStoreSettings.From(configuration);
        var assemblies = eventAssemblies is { Length: > 0 } ? eventAssemblies : [typeof(Domain.Common.EventTypeAttribute).Assembly];

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(_ => EventTypeRegistry.FromAssemblies(assemblies));
        services.TryAddSingleton<IEventStore>(provider => settings.Provider switch
        {
            EventStoreProvider.Postgres => new PostgresEventStore(settings.PostgresConnectionString!, provider.GetRequiredService<TimeProvider>()),
            _ => new SqliteEventStore(settings.SqlitePath, provider.GetRequiredService<TimeProvider>()),
        });
        services.TryAddSingleton(typeof(CommandHandler<,,,>));
        return services;
    }
}

/// <summary>Which adapter the host runs.</summary>
public enum EventStoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The event store's configuration keys, read and checked once at start-up.</summary>
public sealed record EventStoreSettings(EventStoreProvider Provider, string SqlitePath, string? PostgresConnectionString)
{
    public static EventStoreSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = (configuration["EventStore:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => EventStoreProvider.Sqlite,
            "postgres" or "postgresql" => EventStoreProvider.Postgres,
            var other => throw new InvalidOperationException($"EventStore:Provider '{other}' is not known; use 'sqlite' or 'postgres'."),
        };
        var path = configuration["EventStore:Sqlite:Path"] is { Length: > 0 } p ? p : EventStoreServiceCollectionExtensions.DefaultSqlitePath;
        var connectionString = configuration["EventStore:Postgres:ConnectionString"];
        if (provider == EventStoreProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("EventStore:Provider is 'postgres' but EventStore:Postgres:ConnectionString is not set.");
        return new EventStoreSettings(provider, path, connectionString);
    }
}
