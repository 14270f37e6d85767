using Microsoft.Playwright;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// The headless Chromium (the system's chromium-headless-shell; Playwright never downloads a browser here) for a test
/// class: <c>IClassFixture&lt;BrowserFixture&gt;</c>. Each class is its own xunit collection, so classes run in
/// parallel (xunit.runner.json), each with its own service. The browser and its Playwright driver are one per test
/// process, shared by every class: starting a driver (node) and a browser per class cost about 2 CPU seconds each time
/// on a machine where the browser tests are CPU-bound, and classes never shared anything through them — each test opens
/// its own context (<see cref="BrowserSession"/>), so cookies and storage never leak between tests. They end with the
/// test process (the driver exits when its pipe closes and takes the browser with it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// Chromium's headless shell: the same engine (Blink, V8, the network stack) without the browser's own user interface.
    /// The full browser in headless mode still runs that interface, with a WebUI renderer for its toolbar per context:
    /// about 30 % more CPU for the same pages, on a machine where the browser tests are CPU-bound.
    /// </summary>
    public const string HeadlessShellPath = "/usr/bin/chromium-headless-shell";

    /// <summary>The full browser, for the tests of its own features (its popup blocker, the local network permission).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Shared = new(LaunchAsync);

    public IBrowser Browser { get; private set; } = null!;

    static BrowserFixture()
    {
        // Several classes run at once on two cores: an expectation may wait longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    public async Task InitializeAsync() => Browser = await Shared.Value;

    /// <summary>Nothing of the class's own: its contexts are closed by its sessions, the browser outlives the class.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<IBrowser> LaunchAsync()
    {
        foreach (var path in new[] { HeadlessShellPath, ChromiumPath })
        {
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} is missing: run scripts/test (it installs it) or apt-get install chromium chromium-headless-shell fonts-noto-cjk.");
        }
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = HeadlessShellPath,
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
}
