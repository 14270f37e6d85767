extern alias hipki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// tools/HiPkiEmulator — the stand-in for HiPKI Local Server, which cannot run here — on a free loopback port in this
/// process, on the clock it is given, over its own folder of card images (each a card in its own reader; no folder
/// at all is no reader), trusting the host names given.
/// </summary>
public sealed class HiPkiStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HiPkiStandIn(WebApplication app, Uri url, string cardsDirectory)
    {
        _app = app;
        Url = url;
        CardsDirectory = cardsDirectory;
    }

    public Uri Url { get; }

    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    public string CardsDirectory { get; }

    public static async Task<HiPkiStandIn> StartAsync(string cardsDirectory, TimeProvider time, params string[] trustedHosts)
    {
        Directory.CreateDirectory(cardsDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["HiPki:Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["HiPki:CardsDirectory"] = cardsDirectory,
        };
        for (var i = 0; i < trustedHosts.Length; i++)
            settings[$"HiPki:TrustedSites:{i}"] = trustedHosts[i];
        var app = hipki::HiPkiEmulator.EmulatorHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(time);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HiPkiStandIn(app, new Uri(address), cardsDirectory);
    }

    /// <summary>
    /// Puts a test PKI card in a reader of its own (optionally with fewer PIN tries left, or another PIN than 123456 — one
    /// no posted value contains); the PKI's copy stays as it is.
    /// </summary>
    public void InsertCard(TestPki.PkiManifest pki, string leafName, int? triesLeft = null, string? pin = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var image = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(pki.PathOf(pki.Leaf(leafName).CardPath)))!;
        if (pin is not null)
            image["pin"] = pin;
        if (triesLeft is not null)
            image["pinTriesLeft"] = triesLeft;
        Directory.CreateDirectory(CardsDirectory);
        File.WriteAllText(Path.Combine(CardsDirectory, leafName + ".card.json"), image.ToJsonString());
    }

    public void RemoveAllCards()
    {
        foreach (var card in Directory.EnumerateFiles(CardsDirectory, "*.card.json"))
            File.Delete(card);
    }

    /// <summary>Unplugs the reader: HiPKI then lists no slot at all.</summary>
    public void RemoveReader() => Directory.Delete(CardsDirectory, recursive: true);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
