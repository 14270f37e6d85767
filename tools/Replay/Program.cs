using Replay;
using Spectre.Console;

// dotnet run --project tools/Replay -- <verify|replay|generate> [--provider sqlite|postgres] [--path <file> | --connection <string>] …
// See ReplayApp.Usage and docs/event-store.md ("Verifying and replaying the store").
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the verification cleanly (the read snapshot is released); a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
if (Console.IsOutputRedirected)
{
    // A file or a pipe has no width; wide enough that hashes and stream names stay on one line each.
    output.Profile.Width = 240;
}

var console = new ReplayConsole(output, Console.Error, progressIsTerminal: !Console.IsErrorRedirected, ReplayConsole.DefaultLineInterval);
try
{
    return await ReplayApp.RunAsync(args, console, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 130;
}
