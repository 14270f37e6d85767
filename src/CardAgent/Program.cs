using CardAgent.Cli;
using CardAgent.Host;
using CardAgent.Install;

// The local card agent. With a command (readers, certificate, authenticate) it runs once and
// prints JSON; install / uninstall set it to start at login; otherwise it serves API v1 on loopback
// (docs/card-agent.md).
if (args.Length > 0 && InstallMode.Commands.Contains(args[0]))
    return InstallMode.Run(args[0], args[1..], Console.Out, Console.Error);
if (CommandLineMode.Handles(args))
    return await CommandLineMode.RunAsync(args, Console.In, Console.Out, Console.Error);

WebApplication app;
try
{
    app = AgentHost.Build(args);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
await app.RunAsync();
return 0;
