using EventStore.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventStore.Tests.Kurrent;

/// <summary>Our KurrentDB-compatible endpoint over a given store, in this process, on a free loopback port.</summary>
public sealed class EndpointHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EndpointHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <param name="settings">EventStore:Grpc:* keys without the prefix (Listen is always 127.0.0.1:0).</param>
    public static async Task<EndpointHost> StartAsync(IEventStore store, TimeProvider clock, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings
            .Select(s => KeyValuePair.Create($"{KurrentEndpointSettings.Section}:{s.Key}", s.Value))
            .Append(KeyValuePair.Create<string, string?>($"{KurrentEndpointSettings.Section}:Listen", "127.0.0.1:0")));
        // Registered as an instance, so stopping the host leaves the store to its owner.
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(clock);
        builder.Services.AddKurrentEndpoint(builder.Configuration);
        var endpoint = KurrentEndpointSettings.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => KurrentEndpoint.Listen(kestrel, endpoint));
        var app = builder.Build();
        app.MapKurrentEndpoint();
        await app.StartAsync();
        return new EndpointHost(app, new Uri(app.Urls.Single()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
