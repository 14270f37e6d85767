using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Tests.Support;
using CardAgent.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CardAgent.Tests.Host;

/// <summary>
/// A real browser (Chromium) calling the agent from a page: the allowed origin passes the CORS
/// preflight and gets a token bound to its origin; a page on another origin cannot read anything.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly TempDirectory cards = new();
    private WebApplication allowedSite = null!;
    private WebApplication otherSite = null!;
    private AgentServer agent = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private string allowedOrigin = null!;
    private string otherOrigin = null!;
    private string reader = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing; install the chromium package");
        (allowedSite, allowedOrigin) = await StartSiteAsync();
        (otherSite, otherOrigin) = await StartSiteAsync();
        reader = DemoBackend.ReaderName(TestCards.Write(cards.Path, "citizen-moica2-rsa", "citizen", "RSA-2048"));
        agent = await AgentServer.StartAsync(new Dictionary<string, string?>
        {
            ["CardAgent:Backend"] = "demo",
            ["CardAgent:Demo:CardsDirectory"] = cards.Path,
            ["CardAgent:AllowedOrigins:0"] = allowedOrigin,
        });
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await agent.DisposeAsync();
        await allowedSite.DisposeAsync();
        await otherSite.DisposeAsync();
        cards.Dispose();
    }

    /// <summary>A blank page on its own loopback origin (the agent listens on 127.0.0.1, the pages on localhost).</summary>
    private static async Task<(WebApplication Site, string Origin)> StartSiteAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var site = builder.Build();
        site.MapGet("/", () => Results.Content("<!doctype html><title>page</title>", "text/html"));
        await site.StartAsync();
        var address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return (site, $"http://localhost:{address.Port}");
    }

    private const string AuthenticateScript = """
        async ([agent, reader, pin, challenge]) => {
          try {
            const response = await fetch(agent + '/v1/authenticate', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ reader, pin, challenge })
            });
            return JSON.stringify({ status: response.status, body: await response.json() });
          } catch (e) {
            return JSON.stringify({ failed: String(e) });
          }
        }
        """;

    [Fact]
    public async Task Page_on_the_allowed_origin_gets_a_token_bound_to_that_origin()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(allowedOrigin + "/");
        var challenge = CardTokenVerifier.NewChallenge();

        var result = JsonDocument.Parse(await page.EvaluateAsync<string>(AuthenticateScript, new[] { agent.Address.ToString().TrimEnd('/'), reader, "123456", challenge })).RootElement;

        result.GetProperty("status").GetInt32().ShouldBe(200, result.ToString());
        var token = result.GetProperty("body").Deserialize<CardToken>()!;
        CardTokenVerifier.Verify(token, allowedOrigin, challenge).ShouldBeTrue("the browser's own Origin header is what the card signed");
    }

    [Fact]
    public async Task Page_on_another_origin_cannot_read_the_agent_and_no_PIN_is_tried()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(otherOrigin + "/");

        // A wrong PIN: had the agent tried it, the card would have one try fewer.
        var result = JsonDocument.Parse(await page.EvaluateAsync<string>(AuthenticateScript, new[] { agent.Address.ToString().TrimEnd('/'), reader, "654321", CardTokenVerifier.NewChallenge() })).RootElement;

        result.TryGetProperty("failed", out var failure).ShouldBeTrue(result.ToString());
        failure.GetString()!.ShouldContain("Failed to fetch");
        TriesLeft().ShouldBe(3);

        // The same wrong PIN from the allowed origin does cost a try: the count above would have shown it.
        var allowedPage = await browser.NewPageAsync();
        await allowedPage.GotoAsync(allowedOrigin + "/");
        var allowed = JsonDocument.Parse(await allowedPage.EvaluateAsync<string>(AuthenticateScript, new[] { agent.Address.ToString().TrimEnd('/'), reader, "654321", CardTokenVerifier.NewChallenge() })).RootElement;
        allowed.GetProperty("body").GetProperty("error").GetString().ShouldBe("PIN_INCORRECT", allowed.ToString());
        TriesLeft().ShouldBe(2);
    }

    private int TriesLeft() => CardAgent.Emulation.CardImage.Load(Path.Combine(cards.Path, "citizen-moica2-rsa.card.json")).PinTriesLeft;
}
