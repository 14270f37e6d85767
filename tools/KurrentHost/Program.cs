using EventStore.DependencyInjection;
using EventStore.Grpc;
using EventStore.Grpc.Access;

// Our event store behind a KurrentDB-compatible gRPC endpoint (docs/event-store.md, "KurrentDB's protocol").
//   dotnet run --project tools/KurrentHost -- [--EventStore:Provider=postgres --EventStore:Postgres:ConnectionString=…]
//                                             [--EventStore:Grpc:Listen=127.0.0.1:2113] [--EventStore:Grpc:AllowWrites=true] …
//   dotnet run --project tools/KurrentHost -- hash-password      (reads a password on standard input, prints its hash)
// Once listening it prints "listening on <url>" on standard output; bad configuration: one line on standard error, exit 2.
if (args is ["hash-password", ..])
{
    var password = Console.ReadLine();
    if (string.IsNullOrEmpty(password))
    {
        Console.Error.WriteLine("type the password on standard input (one line)");
        return 2;
    }

    Console.WriteLine(PasswordHash.Create(password));
    return 0;
}

WebApplication app;
KurrentEndpointSettings settings;
try
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    settings = KurrentEndpointSettings.From(builder.Configuration);
    builder.Services.AddEventStore(builder.Configuration);
    builder.Services.AddKurrentEndpoint(builder.Configuration);
    builder.WebHost.ConfigureKestrel(kestrel => KurrentEndpoint.Listen(kestrel, settings));
    app = builder.Build();
    app.MapKurrentEndpoint();
    await app.StartAsync();
}
catch (InvalidOperationException bad)
{
    Console.Error.WriteLine(bad.Message);
    return 2;
}

foreach (var address in app.Urls)
    Console.WriteLine($"listening on {address} (tls={(settings.UsesTls ? "true" : "false")}, writes {(settings.AllowWrites ? "allowed" : "refused")})");
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
