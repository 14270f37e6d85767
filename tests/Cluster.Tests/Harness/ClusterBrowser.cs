using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Cluster.Tests.Harness;

/// <summary>
/// Headless Chromium (the system's headless shell, as the browser tests use it) with one context on the balancer, which
/// records the node (<c>X-Node</c>) of every answer the balancer gave the page.
/// </summary>
public sealed class ClusterBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ClusterBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Every answer from the balancer in the order they came: method, path and the node that served it.</summary>
    public ConcurrentQueue<(string Method, string Path, string Node)> Served { get; } = new();

    public static async Task<ClusterBrowser> OpenAsync(ClusterFixture cluster)
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = cluster.BalancerUrl.ToString(),
            Locale = "zh-TW",
            TimezoneId = "Asia/Taipei",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var session = new ClusterBrowser(playwright, browser, context, page);
        var origin = cluster.BalancerUrl.GetLeftPart(UriPartial.Authority);
        context.Response += (_, response) =>
        {
            if (!response.Url.StartsWith(origin, StringComparison.Ordinal))
                return;
            response.Headers.TryGetValue("x-node", out var node);
            session.Served.Enqueue((response.Request.Method, new Uri(response.Url).PathAndQuery, node ?? "(none)"));
        };
        return session;
    }

    /// <summary>The session cookies as one Cookie header (for plain HTTP clients acting in this browser's session).</summary>
    public async Task<string> CookieHeaderAsync() =>
        string.Join("; ", (await Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
