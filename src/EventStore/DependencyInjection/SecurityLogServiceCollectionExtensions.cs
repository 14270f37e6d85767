using EventStore.SecurityLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventStore.DependencyInjection;

/// <summary>Registers <see cref="ISecurityLog"/> in the event store's database (docs/architecture.md, "Security log").</summary>
public static class SecurityLogServiceCollectionExtensions
{
    /// <summary><c>SecurityLog:PerAddressPerKindPerMinute</c>: itemised rows per client address, kind and minute (default 20).</summary>
    public const string CapKey = "SecurityLog:PerAddressPerKindPerMinute";

    public const int DefaultCap = 20;

    /// <summary>
    /// PostgreSQL (<c>EventStore:Provider=postgres</c>): the <c>evs_security_log</c> table in the store's database.
    /// SQLite and KurrentDB: the file beside <c>EventStore:Sqlite:Path</c> (<c>events.security-log.db</c>).
    /// </summary>
    public static IServiceCollection AddSecurityLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = EventStoreSettings.From(configuration);
        var cap = Cap(configuration[CapKey]);
        services.TryAddSingleton<ISecurityLog>(_ => settings.Provider == EventStoreProvider.Postgres
            ? new PostgresSecurityLog(settings.PostgresConnectionString!, cap, settings.PostgresMigrationConnectionString, settings.PostgresSession)
            : new SqliteSecurityLog(SqliteSecurityLog.BesideStore(settings.SqlitePath), cap));
        return services;
    }

    /// <summary>The configured cap; unset means the default, anything but a whole number of at least 1 stops the start.</summary>
    public static int Cap(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            return DefaultCap;
        if (int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap > 0)
            return cap;
        throw new InvalidOperationException($"{CapKey} must be a whole number of at least 1 (default {DefaultCap}), not '{configured}'");
    }
}
