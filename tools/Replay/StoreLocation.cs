using System.Diagnostics.CodeAnalysis;
using EventStore;
using EventStore.Integrity;
using EventStore.Postgres;
using EventStore.Sqlite;

namespace Replay;

/// <summary>Which store a command works on: a SQLite file or a PostgreSQL database, as the web host's configuration names them.</summary>
public sealed record StoreLocation(string Provider, string Target)
{
    public const string DefaultSqlitePath = ".data/events.db";

    public const string DefaultPostgres = "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public bool IsSqlite => Provider == "sqlite";

    /// <summary>For people: the file, or the server and database (never the password).</summary>
    public string Description => IsSqlite
        ? $"SQLite {Path.GetFullPath(Target)}"
        : new Npgsql.NpgsqlConnectionStringBuilder(Target) is var b ? $"PostgreSQL {b.Host}:{b.Port}/{b.Database}" : Target;

    public static bool TryFrom(IReadOnlyDictionary<string, string> options, [NotNullWhen(true)] out StoreLocation? location, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        location = null;
        var provider = options.GetValueOrDefault("provider", "sqlite").ToLowerInvariant();
        switch (provider)
        {
            case "sqlite" when options.ContainsKey("connection"):
                problem = "--connection is for --provider postgres; a SQLite store is named with --path";
                return false;
            case "sqlite":
                location = new StoreLocation(provider, options.GetValueOrDefault("path", DefaultSqlitePath));
                problem = null;
                return true;
            case "postgres" or "postgresql" when options.ContainsKey("path"):
                problem = "--path is for --provider sqlite; a PostgreSQL store is named with --connection";
                return false;
            case "postgres" or "postgresql":
                location = new StoreLocation("postgres", options.GetValueOrDefault("connection")
                    ?? (Environment.GetEnvironmentVariable("EVS_PG") is { Length: > 0 } pg ? pg : DefaultPostgres));
                problem = null;
                return true;
            default:
                problem = $"--provider '{provider}' is not known; use sqlite or postgres";
                return false;
        }
    }

    public StoreVerifier Verifier()
    {
        RequireExisting();
        return IsSqlite ? StoreVerifier.ForSqlite(Target) : StoreVerifier.ForPostgres(Target);
    }

    /// <summary>Opens the store through its port, as the application does.</summary>
    public IEventStore Open(bool mayCreate = false)
    {
        if (!mayCreate)
            RequireExisting();
        return IsSqlite ? new SqliteEventStore(Target) : new PostgresEventStore(Target);
    }

    /// <summary>A mistyped path must not quietly verify (or create) an empty store.</summary>
    private void RequireExisting()
    {
        if (IsSqlite && !File.Exists(Target))
            throw new StoreNotFoundException($"no event store file at {Path.GetFullPath(Target)}");
    }
}

/// <summary>The store named on the command line does not exist.</summary>
public sealed class StoreNotFoundException(string message) : Exception(message);
