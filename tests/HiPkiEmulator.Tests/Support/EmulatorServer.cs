using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HiPkiEmulator.Tests.Support;

/// <summary>
/// The emulator on a free loopback port over a folder of card images copied from the test PKI, its clock
/// at the test PKI's reference instant.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmulatorServer(WebApplication app, Uri address, string cards, FakeTimeProvider time)
    {
        this.app = app;
        Address = address;
        Cards = cards;
        Time = time;
    }

    /// <summary>http://127.0.0.1:port, the emulator's own origin.</summary>
    public Uri Address { get; }

    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    public string Cards { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Starts the emulator; <paramref name="cards"/> null means no cards folder (no reader).</summary>
    public static async Task<EmulatorServer> StartAsync(string? cards, params string[] trustedSites)
    {
        var time = new FakeTimeProvider(TestPki.TestPkiCache.Get().ReferenceInstants.Now);
        var settings = new Dictionary<string, string?>
        {
            ["HiPki:Urls"] = "http://127.0.0.1:0",
            ["HiPki:CardsDirectory"] = cards ?? Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}"),
        };
        for (var i = 0; i < trustedSites.Length; i++)
            settings[$"HiPki:TrustedSites:{i}"] = trustedSites[i];
        var app = EmulatorHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorServer(app, new Uri(address), settings["HiPki:CardsDirectory"]!, time);
    }

    /// <summary>A client whose requests carry <paramref name="origin"/> (none when null: a local program).</summary>
    public HttpClient Client(string? origin)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (origin is not null)
            client.DefaultRequestHeaders.Add("Origin", origin);
        return client;
    }

    /// <summary>POST /sign with tbsPackage = the JSON of <paramref name="package"/>; the answer's JSON.</summary>
    public static async Task<JsonElement> SignAsync(HttpClient client, object package)
    {
        using var body = new FormUrlEncodedContent([new("tbsPackage", JsonSerializer.Serialize(package))]);
        var response = await client.PostAsync("/sign", body);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
