using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Cards;
using CardAgent.Commands;
using Microsoft.Extensions.Options;

namespace CardAgent.Cli;

/// <summary>
/// The agent without a browser: <c>readers</c>, <c>certificate --reader R [--key auth]</c> and
/// <c>authenticate --reader R --origin O --challenge C</c>. The PIN is read from standard input
/// (hidden when typed at a terminal), never from the command line where other users could see it.
/// Prints the same JSON the HTTP API answers; exit code 0 on success, 1 on a card error, 2 on misuse.
/// </summary>
public static class CommandLineMode
{
    public static readonly string[] Commands = ["readers", "certificate", "authenticate"];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var (options, flags) = Split(args[1..]);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(options)
            .Build();
        var agentOptions = configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        using var services = new ServiceCollection().AddLogging(l => l.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning)).BuildServiceProvider();
        ICardBackend backend;
        try
        {
            backend = BackendFactory.Create(agentOptions, services);
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        using (backend)
        {
            var wrapped = Options.Create(agentOptions);
            switch (args[0])
            {
                case "readers":
                    return await PrintAsync(output, await new ReadersCommand(backend, wrapped).HandleAsync().ConfigureAwait(false)).ConfigureAwait(false);
                case "certificate":
                    {
                        var outcome = await new CertificateCommand(backend, wrapped).HandleAsync(new CertificateRequest(flags.GetValueOrDefault("reader"), flags.GetValueOrDefault("key")), CancellationToken.None).ConfigureAwait(false);
                        return await PrintAsync(output, outcome.Result).ConfigureAwait(false);
                    }
                default:
                    {
                        if (!flags.ContainsKey("origin") || !flags.ContainsKey("challenge") || !flags.ContainsKey("reader"))
                        {
                            await error.WriteLineAsync("usage: authenticate --reader <name> --origin <scheme://host[:port]> --challenge <base64url>  (PIN on standard input)").ConfigureAwait(false);
                            return 2;
                        }
                        var request = new AuthenticateRequest
                        {
                            Reader = flags["reader"],
                            Origin = flags["origin"],
                            Challenge = flags["challenge"],
                            Pin = ReadPin(input, error),
                        };
                        var outcome = await new AuthenticateCommand(backend, wrapped).HandleAsync(request, CancellationToken.None).ConfigureAwait(false);
                        return await PrintAsync(output, outcome.Result).ConfigureAwait(false);
                    }
            }
        }
    }

    /// <summary>Separates <c>--CardAgent:…=…</c> configuration from the command's own <c>--name value</c> flags.</summary>
    private static (string[] Configuration, Dictionary<string, string> Flags) Split(string[] args)
    {
        var configuration = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--CardAgent:", StringComparison.Ordinal))
                configuration.Add(args[i]);
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
                flags[args[i][2..]] = args[++i];
        }
        return ([.. configuration], flags);
    }

    private static PinCode ReadPin(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
            return PinCode.FromString(input.ReadLine() ?? "");
        error.Write("PIN: ");
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
                typed.Length--;
            else if (!char.IsControl(key.KeyChar))
                typed.Append(key.KeyChar);
        }
        error.WriteLine();
        var pin = PinCode.FromString(typed.ToString());
        typed.Clear();
        return pin;
    }

    private static async Task<int> PrintAsync<T>(TextWriter output, AgentResult<T> result)
    {
        if (result.IsSuccess)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(result.Value, Json)).ConfigureAwait(false);
            return 0;
        }
        var e = result.Error!;
        await output.WriteLineAsync(JsonSerializer.Serialize(e.TriesLeft is null ? new { error = e.Code.ToString(), message = e.Message } : (object)new { error = e.Code.ToString(), message = e.Message, triesLeft = e.TriesLeft }, Json)).ConfigureAwait(false);
        return 1;
    }
}
