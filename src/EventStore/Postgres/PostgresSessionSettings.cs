using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EventStore.Postgres;

/// <summary>
/// What every application connection to PostgreSQL carries (<c>EventStore:Postgres:*</c>, docs/architecture.md): server-side
/// limits so that one stuck node cannot stall the others — a lock waited for longer than <see cref="LockTimeout"/> fails
/// the waiter, a transaction left idle longer than <see cref="IdleInTransactionTimeout"/> is ended by the server (its
/// locks, the store's head lock among them, released), a statement running longer than <see cref="StatementTimeout"/> is
/// cancelled — and the connection pool's sizes. Zero turns a limit off (PostgreSQL's meaning). Applied to the pools the
/// store and the state table use, never to the migration connection (a schema upgrade may rightly take long).
/// </summary>
public sealed record PostgresSessionSettings
{
    public const string Section = "EventStore:Postgres";

    /// <summary>The store's write transactions hold the head lock for milliseconds; five seconds of waiting means something is stuck.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No code path leaves a transaction idle on purpose; a node paused or hung mid-transaction is cut off after this.</summary>
    public TimeSpan IdleInTransactionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The app's statements are short OLTP reads and writes, and files go in at most 64 MB.</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each pool's most connections (the store's and the state table's: a node opens up to twice this); null keeps the connection string's (Npgsql: 100).</summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>Connections each pool keeps open when idle; null keeps the connection string's (Npgsql: 0).</summary>
    public int? MinPoolSize { get; init; }

    public static PostgresSessionSettings Default { get; } = new();

    /// <summary>The settings under <c>EventStore:Postgres</c>, each key checked; a bad value throws naming the key to fix.</summary>
    public static PostgresSessionSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var defaults = Default;
        return new PostgresSessionSettings
        {
            LockTimeout = Duration(section, nameof(LockTimeout)) ?? defaults.LockTimeout,
            IdleInTransactionTimeout = Duration(section, nameof(IdleInTransactionTimeout)) ?? defaults.IdleInTransactionTimeout,
            StatementTimeout = Duration(section, nameof(StatementTimeout)) ?? defaults.StatementTimeout,
            MaxPoolSize = Count(section, nameof(MaxPoolSize), minimum: 1),
            MinPoolSize = Count(section, nameof(MinPoolSize), minimum: 0),
        };
    }

    /// <summary>The connection string with these limits as session parameters (after any the string sets itself, which win) and the pool sizes.</summary>
    public string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var limits = string.Create(CultureInfo.InvariantCulture,
            $"-c lock_timeout={Millis(LockTimeout)} -c idle_in_transaction_session_timeout={Millis(IdleInTransactionTimeout)} -c statement_timeout={Millis(StatementTimeout)}");
        builder.Options = string.IsNullOrEmpty(builder.Options) ? limits : $"{limits} {builder.Options}";
        if (MaxPoolSize is { } max)
            builder.MaxPoolSize = max;
        if (MinPoolSize is { } min)
            builder.MinPoolSize = min;
        if (builder.MinPoolSize > builder.MaxPoolSize)
            throw new InvalidOperationException($"{Section}:MinPoolSize ({builder.MinPoolSize}) must not exceed {Section}:MaxPoolSize ({builder.MaxPoolSize}).");
        return builder.ConnectionString;
    }

    private static long Millis(TimeSpan duration) => (long)duration.TotalMilliseconds;

    private static TimeSpan? Duration(IConfigurationSection section, string key)
    {
        if (section[key] is not { Length: > 0 } text)
            return null;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
            ? value
            : throw new InvalidOperationException($"{Section}:{key} must be a duration such as 00:00:05 (0 turns the limit off), not '{text}'.");
    }

    private static int? Count(IConfigurationSection section, string key, int minimum)
    {
        if (section[key] is not { Length: > 0 } text)
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new InvalidOperationException($"{Section}:{key} must be a whole number of at least {minimum}, not '{text}'.");
    }
}
