using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using CardAgent.Host;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CardAgent.Tests.Support;

/// <summary>The real agent (Kestrel on a free loopback port) for tests, with an HttpClient that sends an Origin.</summary>
public sealed class AgentServer : IAsyncDisposable
{
    public const string AllowedOrigin = "http://localhost:5080";

    private readonly WebApplication app;

    private AgentServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts the agent with <c>CardAgent:*</c> settings (Urls and AllowedOrigins preset).</summary>
    public static async Task<AgentServer> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["CardAgent:Urls"] = "http://127.0.0.1:0",
            ["CardAgent:AllowedOrigins:0"] = AllowedOrigin,
        };
        foreach (var (key, value) in settings)
            all[key] = value;
        var app = AgentHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AgentServer(app, new Uri(address));
    }

    /// <summary>A client whose requests carry <paramref name="origin"/> (none when null).</summary>
    public HttpClient Client(string? origin = AllowedOrigin)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (origin is not null)
            client.DefaultRequestHeaders.Add("Origin", origin);
        return client;
    }

    public async Task<HttpResponseMessage> AuthenticateAsync(HttpClient client, string reader, string pin, string challenge) =>
        await client.PostAsJsonAsync("/v1/authenticate", new { reader, pin, challenge });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
