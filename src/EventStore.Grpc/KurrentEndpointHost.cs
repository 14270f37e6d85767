using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventStore.Grpc;

/// <summary>
/// The endpoint over a store this process already has, listening where <c>EventStore:Grpc:Listen</c> says
/// (port 0: a free one): for the tests of the KurrentDB adapter and the <c>grpc</c> benchmark.
/// </summary>
public sealed class KurrentEndpointHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KurrentEndpointHost(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Urls.Single());
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    /// <param name="settings">The <c>EventStore:Grpc:*</c> keys, without the prefix; <c>Listen</c> defaults to a free loopback port.</param>
    public static async Task<KurrentEndpointHost> StartAsync(IEventStore store, TimeProvider clock, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings
            .Prepend(KeyValuePair.Create<string, string?>("Listen", "127.0.0.1:0"))
            .Select(s => KeyValuePair.Create($"{KurrentEndpointSettings.Section}:{s.Key}", s.Value)));
        // An instance registration: stopping the host leaves the store to its owner.
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(clock);
        builder.Services.AddKurrentEndpoint(builder.Configuration);
        var endpoint = KurrentEndpointSettings.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => KurrentEndpoint.Listen(kestrel, endpoint));
        var app = builder.Build();
        app.MapKurrentEndpoint();
        await app.StartAsync();
        return new KurrentEndpointHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
