using System.Reflection;
using EventStore.CommandHandling;
using EventStore.Kurrent;
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
    /// Adds <see cref="IEventStore"/> (<c>EventStore:Provider</c> = <c>sqlite</c> by default, <c>postgres</c>, or <c>kurrentdb</c>), the
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
            EventStoreProvider.Postgres => new PostgresEventStore(settings.PostgresConnectionString!, provider.GetRequiredService<TimeProvider>(),
                migrationConnectionString: settings.PostgresMigrationConnectionString, session: settings.PostgresSession),
            EventStoreProvider.KurrentDb => new KurrentDbEventStore(settings.KurrentDbConnectionString!),
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

    /// <summary>A KurrentDB server or cluster, through its gRPC protocol (docs/event-store.md, "Our app on a real KurrentDB").</summary>
    KurrentDb,
}

/// <summary>The event store's configuration keys, read and checked once at start-up.</summary>
public sealed record EventStoreSettings(EventStoreProvider Provider, string SqlitePath, string? PostgresConnectionString, string? KurrentDbConnectionString = null)
{
    /// <summary>
    /// <c>EventStore:Postgres:MigrationConnectionString</c>: the role owning the tables, used only to create or upgrade the
    /// schema and grant the app's role (that of <see cref="PostgresConnectionString"/>) INSERT and SELECT on events.
    /// </summary>
    public string? PostgresMigrationConnectionString { get; init; }

    /// <summary><c>EventStore:Postgres:LockTimeout</c>, <c>…:IdleInTransactionTimeout</c>, <c>…:StatementTimeout</c>, <c>…:MaxPoolSize</c>, <c>…:MinPoolSize</c>.</summary>
    public PostgresSessionSettings PostgresSession { get; init; } = PostgresSessionSettings.Default;

    public static EventStoreSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = (configuration["EventStore:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => EventStoreProvider.Sqlite,
            "postgres" or "postgresql" => EventStoreProvider.Postgres,
            "kurrentdb" => EventStoreProvider.KurrentDb,
            var other => throw new InvalidOperationException($"EventStore:Provider '{other}' is not known; use 'sqlite', 'postgres' or 'kurrentdb'."),
        };
        var path = configuration["EventStore:Sqlite:Path"] is { Length: > 0 } p ? p : EventStoreServiceCollectionExtensions.DefaultSqlitePath;
        if (provider == EventStoreProvider.Sqlite && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
        {
            // The store, the state table and the read models all live beside this file: say so here, once, by name.
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception cannot) when (cannot is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"EventStore:Sqlite:Path '{path}': its folder cannot be created ({cannot.Message}).", cannot);
            }
        }

        var connectionString = configuration["EventStore:Postgres:ConnectionString"];
        if (provider == EventStoreProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("EventStore:Provider is 'postgres' but EventStore:Postgres:ConnectionString is not set.");
        var kurrent = configuration["EventStore:KurrentDb:ConnectionString"];
        if (provider == EventStoreProvider.KurrentDb)
        {
            if (string.IsNullOrWhiteSpace(kurrent))
                throw new InvalidOperationException("EventStore:Provider is 'kurrentdb' but EventStore:KurrentDb:ConnectionString (kurrentdb://host:2113?tls=…) is not set.");
            try
            {
                KurrentConnectionString.Parse(kurrent);
            }
            catch (FormatException bad)
            {
                throw new InvalidOperationException($"EventStore:KurrentDb:ConnectionString is not usable: {bad.Message}.", bad);
            }
        }

        var session = provider == EventStoreProvider.Postgres ? PostgresSessionSettings.From(configuration) : PostgresSessionSettings.Default;
        if (provider == EventStoreProvider.Postgres)
            _ = session.Apply(connectionString!); // pool sizes that contradict each other fail here, at start-up
        return new EventStoreSettings(provider, path, connectionString, kurrent)
        {
            PostgresMigrationConnectionString = configuration["EventStore:Postgres:MigrationConnectionString"] is { Length: > 0 } migration ? migration : null,
            PostgresSession = session,
        };
    }
}
