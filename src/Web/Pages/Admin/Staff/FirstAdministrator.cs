using Domain.Accounts;
using EventStore;
using EventStore.Serialization;
using Mediator;
using Web.Authentication;
using Web.Hosting;

namespace Web.Pages.Admin.Staff;

/// <summary>
/// <c>Web admin create-first --account NAME --display-name NAME --holder-name NAME [configuration …]</c>: opens the first
/// administrator of a new deployment, which 工作人員帳號管理 cannot do (it needs an administrator). Refuses when any
/// staff account holds the administrator role already, so it is no way round an existing administrator. The holder's
/// national ID and the password are read from standard input (one line each, not echoed on a terminal), never from the
/// command line, where shell history and the process list would keep them. The account is opened like the page opens
/// one (same checks, same events), by the actor <see cref="Actor"/>; docs/deployment.md, "The first administrator".
/// </summary>
public static class FirstAdministrator
{
    public const string Actor = "system:first-administrator";

    /// <summary>Exit code of a refusal (an administrator exists, bad input); bad configuration is <see cref="StartUpGuard.BadConfigurationExitCode"/>.</summary>
    public const int RefusedExitCode = 1;

    private static readonly string[] Verb = ["admin", "create-first"];

    private const string Usage =
        "Usage: Web admin create-first --account NAME --display-name NAME --holder-name NAME [--Section:Key=value …]\n"
        + "Standard input: the holder's national ID on the first line, the password on the second.";

    // What someone might try to pass on the command line instead of standard input (configuration keys have a ':').
    private static readonly string[] SecretOptions = ["--password", "--national-id", "--holder-id", "--holder-national-id"];

    /// <summary>Whether the command line asks for this command rather than the web service.</summary>
    public static bool IsCommand(string[] args) => args is ["admin", ..];

    /// <summary>Runs the command with the service's configuration (appsettings, environment, the remaining arguments); returns the exit code.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool interactive = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!args.AsSpan().StartsWith(Verb))
        {
            error.WriteLine(Usage);
            return RefusedExitCode;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        for (var i = Verb.Length; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--account" or "--display-name" or "--holder-name" && i + 1 < args.Length)
            {
                options[name] = args[++i];
            }
            else if (SecretOptions.Any(secret => name.StartsWith(secret, StringComparison.OrdinalIgnoreCase)))
            {
                // Said without echoing the value: it may be the secret itself.
                error.WriteLine("The password and the holder's national ID are read from standard input, never from the command line.");
                return RefusedExitCode;
            }
            else
            {
                configuration.Add(name);
            }
        }

        if (!options.ContainsKey("--account") || !options.ContainsKey("--display-name") || !options.ContainsKey("--holder-name"))
        {
            error.WriteLine(Usage);
            return RefusedExitCode;
        }

        var nationalId = ReadLine(input, error, "持卡人身分證統一編號: ", interactive);
        var password = ReadLine(input, error, "密碼: ", interactive);

        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder([.. configuration]);
            builder.AddWebShell();
            // No projection runs in this process (the running service's do, and two runners must not share read models):
            // nothing here reads one, so the account's commands do not wait for them.
            builder.Configuration["Web:ReadModelWait"] = "00:00:00.001";
            app = builder.Build();
        }
        catch (Exception failure) when (StartUpGuard.Explain(failure) is { } line)
        {
            error.WriteLine(line);
            return StartUpGuard.BadConfigurationExitCode;
        }

        try
        {
            return OpenAsync(app.Services, options["--account"], options["--display-name"], options["--holder-name"], nationalId, password, output, error)
                .GetAwaiter().GetResult();
        }
        catch (Exception failure) when (StartUpGuard.Explain(failure) is { } line)
        {
            error.WriteLine(line);
            return StartUpGuard.BadConfigurationExitCode;
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    private static async Task<int> OpenAsync(
        IServiceProvider services, string account, string displayName, string holderName, string? nationalId, string? password, TextWriter output, TextWriter error)
    {
        var administrators = await AdministratorsAsync(services.GetRequiredService<IEventStore>(), services.GetRequiredService<EventTypeRegistry>());
        if (administrators.Count > 0)
        {
            error.WriteLine($"Refused: this store has an administrator already ({string.Join(", ", administrators)}). Open further staff accounts on 工作人員帳號管理 (/Admin/Staff).");
            return RefusedExitCode;
        }

        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateStaffAccount(account, displayName, [Roles.Administrator], nationalId, holderName, password, Actor));
        if (!outcome.TryGetValue(out var opened))
        {
            foreach (var rejection in outcome.Rejections)
                error.WriteLine($"{OptionOf(rejection.Field)}: {rejection.Message}");
            return RefusedExitCode;
        }

        var holder = (await services.GetRequiredService<Authentication.Passwords.PasswordAccounts>().FindAsync(AccountName.Of(opened))).CardHolder!;
        output.WriteLine($"Opened the first administrator \"{opened}\", held by {holder.Name} ({holder.MaskedNationalId}).");
        output.WriteLine("Sign in with the account and password; the second step takes the holder's own citizen card, which the first sign-in binds to the account.");
        return 0;
    }

    /// <summary>The staff accounts that hold the administrator role now (disabled ones included), from the account streams.</summary>
    private static async Task<IReadOnlyList<string>> AdministratorsAsync(IEventStore store, EventTypeRegistry registry)
    {
        const int Page = 1024;
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var from = Position.Start;
        while (true)
        {
            var events = await store.ReadAllAsync(Direction.Forwards, from, Page);
            foreach (var recorded in events.Where(e => e.StreamId.StartsWith("account-", StringComparison.Ordinal)))
            {
                switch (registry.Deserialize(recorded))
                {
                    case PasswordAccountOpened opened when opened.Kind == AccountKinds.Staff:
                        roles[opened.Account] = opened.Roles;
                        break;
                    case StaffRolesChanged changed:
                        roles[changed.Account] = changed.Roles;
                        break;
                }
            }

            if (events.Count < Page)
                break;
            from = new Position(events[^1].Position.Value + 1);
        }

        return [.. roles.Where(r => r.Value.Contains(Roles.Administrator, StringComparer.Ordinal)).Select(r => r.Key).Order(StringComparer.Ordinal)];
    }

    private static string OptionOf(string? field) => field switch
    {
        StaffFields.Account => "--account",
        StaffFields.DisplayName => "--display-name",
        StaffFields.HolderName => "--holder-name",
        StaffFields.NationalId => "national ID (standard input, line 1)",
        StaffFields.Password => "password (standard input, line 2)",
        _ => "refused",
    };

    /// <summary>One line of standard input; on a terminal, asked for on standard error and not echoed.</summary>
    private static string? ReadLine(TextReader input, TextWriter prompt, string question, bool interactive)
    {
        if (!interactive)
            return input.ReadLine();
        prompt.Write(question);
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                    typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return typed.ToString();
    }
}
