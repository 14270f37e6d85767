using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Web.Tests.TestSupport;

/// <summary>
/// The real Web application on the in-memory test server, in the Production environment (so error pages
/// behave as they will for users), with every log line it writes captured for assertions.
/// </summary>
public class WebAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "evs-web-tests", Guid.NewGuid().ToString("N"));

    public CapturedLogs Logs { get; } = new();

    /// <summary>Extra configuration keys (<c>Section:Key</c>) for a test class.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>
    /// Hash passwords at the production Argon2 cost (64 MiB, 2 passes) instead of a token one. Off for tests about
    /// pages: every sign-in and opened account would cost half a second of a core that other tests share. The cost
    /// itself is tested in PasswordHasherTests and <c>ProductionPasswordCostTests</c>.
    /// </summary>
    protected virtual bool ProductionPasswordCost => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        Directory.CreateDirectory(_dataDirectory);
        builder.UseSetting("EventStore:Provider", "sqlite");
        builder.UseSetting("EventStore:Sqlite:Path", Path.Combine(_dataDirectory, "events.db"));
        if (!ProductionPasswordCost)
        {
            builder.UseSetting("Authentication:Passwords:MemoryKiB", "1024");
            builder.UseSetting("Authentication:Passwords:Iterations", "1");
        }

        // Every request here comes from one address and a few accounts; the limits have their own tests (Security.Tests).
        RateLimitsOff(builder);
        builder.UseSetting("DataProtection:Certificate:Generate", "true");
        // The test PKI is the trust, so staff can finish their sign-in with a test citizen card (SignInSupport.SignInStaffAsync).
        builder.UseSetting("Web:Trust:Directory", TestPki.TestPkiCache.Get().Root);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Rate limits far above anything a test class sends (the limits are tested in tests/Security.Tests).</summary>
    public static void RateLimitsOff(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var action in new[] { "SignIn", "CardStep", "LookUp", "Receipt" })
        {
            builder.UseSetting($"Web:RateLimits:{action}:PerAddress", "1000000");
            builder.UseSetting($"Web:RateLimits:{action}:PerSubject", "1000000");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>A logger provider that keeps every message (formatted, with its exception) in memory.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text)> Entries => _entries.ToArray();

    /// <summary>Everything logged, as one string, for "never contains" assertions.</summary>
    public string AllText => string.Join("\n", _entries.Select(e => $"{e.Category} {e.Level} {e.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                text += " " + string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
            if (exception is not null)
                text += "\n" + exception;
            entries.Enqueue((category, logLevel, text));
        }
    }
}
