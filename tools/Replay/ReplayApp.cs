using EventStore;
using Spectre.Console;
using Tools;

namespace Replay;

/// <summary>The command line: parses the options, opens the store, runs one command, returns the exit code.</summary>
public static class ReplayApp
{
    public const string Usage = """
        usage:
          Replay verify   [store] [--stream <id>] [checkpoints]   verify every hash chain (or one stream's) and the $all chain;
                                                     with checkpoints, the store against every signed checkpoint; exit 1 when anything is broken
          Replay checkpoint [store] --checkpoints <dir> --key <pem>   sign the store's head now into the checkpoint folder
          Replay keygen   --key <pem>                        write a new EC P-256 checkpoint key and its public key (<name>.pub.pem)
          Replay replay   [store]                            fold every registration stream with the decider's Evolve; exit 1 when one does not fold
          Replay generate [store] --events <n> [--seed <n>]  write a synthetic registration history into an EMPTY store (drills, benchmarks)
        store:
          --provider sqlite|postgres   (default sqlite)
          --path <file>                SQLite store file (default .data/events.db)
          --connection <string>        PostgreSQL connection string (default EVS_PG)
        checkpoints:
          --checkpoints <dir>          the folder witness (EventStore:Checkpoints:Directory)
          --checkpoints-postgres <cs>  a second PostgreSQL witness
          --public-key <pem>[,<pem>]   the checkpoint public keys you trust (required: never the keys found beside the checkpoints)
          --store-name <name>          the store name checkpoints carry (default events)
        output: the summary on standard output; progress on standard error (a bar on a terminal, else a line every 2 s)
        exit codes: 0 intact / folded / written, 1 broken or failed, 2 bad usage or no such store, 3 the store cannot be read
        """;

    /// <summary>Exit code for a store that verified or folded cleanly.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when something is broken: a chain, a fold, or a refused generation.</summary>
    public const int Broken = 1;

    public const int BadUsage = 2;

    /// <summary>Exit code when the database cannot be opened or read (not a store, server down): nothing was verified.</summary>
    public const int Unreadable = 3;

    /// <summary>The whole program, callable in-process: <paramref name="console"/> says where the summary and the progress go.</summary>
    public static async Task<int> RunAsync(string[] args, ReplayConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            console.Output.WriteLine(Usage);
            return args.Length == 0 ? BadUsage : Ok;
        }

        var options = NameValueOptions.Parse(args.Skip(1));
        if (options is null)
            return Fail(console, "options come in --name value pairs");
        if (!StoreLocation.TryFrom(options, out var location, out var problem))
            return Fail(console, problem);

        var checkpoints = CheckpointOptions.Source(options, out var checkpointProblem);
        try
        {
            return args[0] switch
            {
                "verify" when checkpointProblem is null => await VerifyCommand.RunAsync(location, options.GetValueOrDefault("stream"), checkpoints, console, cancellationToken),
                "verify" => Fail(console, checkpointProblem),
                "checkpoint" when options.ContainsKey("checkpoints") && options.ContainsKey("key") =>
                    await CheckpointOptions.SignAsync(location, options, console, cancellationToken),
                "checkpoint" => Fail(console, "checkpoint needs --checkpoints <dir> and --key <pem>"),
                "keygen" when options.TryGetValue("key", out var key) => CheckpointOptions.Generate(key, console),
                "keygen" => Fail(console, "keygen needs --key <pem>"),
                "replay" => await FoldCommand.RunAsync(location, console, cancellationToken),
                "generate" when NameValueOptions.Number(options, "events") is { } events and > 0 =>
                    await GenerateCommand.RunAsync(location, events, NameValueOptions.Number(options, "seed") ?? 2026, console, cancellationToken),
                "generate" => Fail(console, "generate needs --events <n> (a positive number)"),
                _ => Fail(console, $"unknown command '{args[0]}'"),
            };
        }
        catch (StoreNotFoundException missing)
        {
            console.Output.MarkupLineInterpolated($"[red]{missing.Message}[/]");
            return BadUsage;
        }
        catch (System.Data.Common.DbException unreadable)
        {
            console.Output.MarkupLineInterpolated($"[red]cannot read {location.Description}: {unreadable.Message}[/]");
            return Unreadable;
        }
    }

    private static int Fail(ReplayConsole console, string message)
    {
        console.Output.MarkupLineInterpolated($"[red]{message}[/]");
        console.Output.WriteLine(Usage);
        return BadUsage;
    }
}
