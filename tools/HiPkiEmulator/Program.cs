using HiPkiEmulator;

// A stand-in for HiPKI Local Server on loopback, for tests and the demo (README.md).
WebApplication app;
try
{
    app = EmulatorHost.Build(args);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
await app.RunAsync();
return 0;
