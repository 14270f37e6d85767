using CardAgent.Cli;
using CardAgent.Host;

// The local card agent. With a command (readers, certificate, authenticate) it runs once and
// prints JSON; otherwise it serves API v1 on loopback (docs/card-agent.md).
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
