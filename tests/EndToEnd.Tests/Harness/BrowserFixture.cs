using Microsoft.Playwright;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// One headless Chromium (the system's /usr/bin/chromium; Playwright never downloads a browser here) for one test
/// class: <c>IClassFixture&lt;BrowserFixture&gt;</c>. Each class is its own xunit collection, so classes run in
/// parallel (xunit.runner.json), each with its own browser and service (Playwright drives one browser from one test at
/// a time). Playwright starts it with a fresh temporary profile; each test opens its own context
/// (<see cref="BrowserSession"/>), so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    static BrowserFixture()
    {
        // Several classes run at once on two cores: an expectation may wait longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run scripts/test (it installs the chromium package) or apt-get install chromium fonts-noto-cjk.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
