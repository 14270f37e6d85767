using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Web.Hosting;

/// <summary>
/// Builds and starts the app; when it cannot start because of its configuration or an unreachable database, the
/// process ends with one line on standard error that says what to set, and exit code 2, instead of an
/// unhandled-exception dump. Anything else is a defect and still ends as an unhandled exception, stack and all.
/// </summary>
public static partial class StartUpGuard
{
    public const int BadConfigurationExitCode = 2;

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static volatile bool _starting;

    public static int Run(Func<WebApplication> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (Assembly.GetEntryAssembly() != build.Method.Module.Assembly)
        {
            // The entry point runs inside a test process (WebApplicationFactory), which wants the exception itself.
            build().Run();
            return 0;
        }

        WebApplication app;
        try
        {
            // Some settings are checked while services are registered, so building is inside the guard too.
            app = build();
            _starting = true;
            // Constructing the hosted services (and what they depend on) and running the options' start-up checks
            // before the host starts surfaces every configuration problem here rather than half-way through start.
            _ = app.Services.GetServices<IHostedService>().ToList();
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.Start();
        }
        catch (Exception failure) when (Explain(failure) is { } line)
        {
            Console.Error.WriteLine(line);
            return BadConfigurationExitCode;
        }
        finally
        {
            _starting = false;
        }

        app.WaitForShutdown();
        return 0;
    }

    /// <summary>
    /// Keeps the host's own multi-line "Hosting failed to start" entry out of the log while <see cref="Run"/> starts
    /// the app: the failure is rethrown to <see cref="Run"/>, which says it in one line (or rethrows a defect).
    /// </summary>
    public static void QuietHostFailureWhileStarting(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => level >= LogLevel.Information && !(_starting && level >= LogLevel.Error));

    /// <summary>The one line for a start-up failure the operator can fix by configuration, or null for a defect.</summary>
    public static string? Explain(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            OptionsValidationException invalid => string.Join(" ", invalid.Failures),
            AggregateException many when many.Flatten().InnerExceptions.Select(Explain).ToList() is { } lines && lines.All(l => l is not null)
                => string.Join(" ", lines.Distinct()),
            NpgsqlException or DbException { InnerException: NpgsqlException }
                => $"The PostgreSQL server cannot be reached or refused the connection ({failure.Message}): check EventStore:Postgres:ConnectionString and that the server is running.",
            SqliteException
                => $"The SQLite database cannot be opened ({failure.Message}): set EventStore:Sqlite:Path to a file in a folder this service may write.",
            IOException when failure.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                => $"{failure.Message.TrimEnd('.')}: set --urls (or ASPNETCORE_URLS) to a free address.",
            // Our own checks throw this with the setting's name in the message ("Set PersonalData:NationalIdHashKey …").
            InvalidOperationException or Web.CardSteps.Trust.TrustConfigurationException when SettingName().IsMatch(failure.Message)
                => failure.Message.ReplaceLineEndings(" "),
            _ => null,
        };
    }

    // A configuration key as our messages name it: Section:Key, possibly deeper (Web:Proxies:KnownNetworks:0).
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+(:[A-Za-z0-9]+)+\b")]
    private static partial Regex SettingName();
}
