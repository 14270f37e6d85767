using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Harness;

/// <summary>
/// One test's browser: a fresh context (zh-TW, Asia/Taipei, the service as base URL) and page, with a
/// request recorder, numbered screenshots and the console's errors. Open with
/// <c>await using var browser = await BrowserSession.OpenAsync(browserFixture, service);</c>.
/// </summary>
/// <remarks>
/// Every page of the context is watched: a console error, an uncaught script error or a content-security-policy
/// refusal (Chromium reports it as a console error) fails the test at its next screenshot, axe run, or at the end
/// (issue 13 point 9). A test that provokes one on purpose says so with <see cref="ExpectConsoleError"/>. The card
/// agent's error answers (and a refused connection: no agent) are no error of the page, which says what they mean; nor
/// is the status of a page itself (access denied), which Chromium logs too.
/// </remarks>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentBag<string> _expectedErrors = [];
    private int _step;
    private int _reported;
    private volatile bool _failed;

    /// <summary>
    /// The sessions not yet disposed. A session's <c>DisposeAsync</c> cannot see the exception it is unwinding, so an
    /// assertion or Playwright time-out thrown in any test marks every open session failed (its pages are saved when it closes): the
    /// failing test's for sure, at worst a few of the classes running beside it. An AsyncLocal would miss the sessions
    /// that helpers open (an async method's AsyncLocal changes end when it returns).
    /// </summary>
    private static readonly ConcurrentDictionary<BrowserSession, byte> Open = new();

    static BrowserSession() => AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
    {
        if (Open.IsEmpty)
            return;
        var failing = e.Exception switch
        {
            Shouldly.ShouldAssertException or Xunit.Sdk.XunitException => true,
            // Playwright's time-outs and errors once they pass through test code: the app under test runs in this process
            // and times out on purpose (its store's subscriptions wait for new events with a time-out).
            TimeoutException or PlaywrightException => PassesThroughTestCode(),
            _ => false,
        };
        if (!failing)
            return;
        foreach (var session in Open.Keys)
            session._failed = true;
    };

    private static bool PassesThroughTestCode() =>
        new System.Diagnostics.StackTrace(false).GetFrames().Any(frame =>
            frame.GetMethod()?.DeclaringType is { } type
            && type.Assembly == typeof(BrowserSession).Assembly
            && type != typeof(BrowserSession)
            && type.DeclaringType != typeof(BrowserSession));

    private BrowserSession(IBrowserContext context, IPage page, RequestRecorder requests, string screenshotDirectory, string serviceOrigin, string cardAgentOrigin)
    {
        Context = context;
        Page = page;
        Open.TryAdd(this, 0);
        Requests = requests;
        ScreenshotDirectory = screenshotDirectory;
        // The service's pages only: a HiPKI popup is HiPKI's page (its stand-in has no favicon, nor need the real one).
        bool Ours(IPage? source) => source is null || source.Url.StartsWith(serviceOrigin, StringComparison.Ordinal) || source.Url == "about:blank";
        // Also not the page's fault: the status of a page opened on purpose (403 access denied, 404 …), which Chromium
        // logs for the document itself, and the agent's answers (401 wrong PIN, 404 no card …), which the page turns
        // into its own message.
        bool Answered(IConsoleMessage message) =>
            message.Text.StartsWith("Failed to load resource: ", StringComparison.Ordinal)
            && (message.Location.StartsWith(cardAgentOrigin + "/", StringComparison.Ordinal)
                || (message.Page is { } source && message.Location.StartsWith(source.Url + ":", StringComparison.Ordinal)));
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && Ours(message.Page) && !Answered(message))
                _consoleErrors.Enqueue($"{message.Text} ({message.Location})");
        };
        context.WebError += (_, error) =>
        {
            if (Ours(error.Page))
                _consoleErrors.Enqueue(error.Error);
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The service the page talks to (its card agent: staff sign-in puts the holder's card in).</summary>
    public ServiceUnderTest? Service { get; private init; }

    public RequestRecorder Requests { get; }

    /// <summary>TestResults/screenshots/&lt;test&gt;/ under the repository.</summary>
    public string ScreenshotDirectory { get; }

    /// <summary>Errors the pages' consoles reported (script errors, content-security-policy refusals …).</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors.ToArray();

    /// <summary>The console errors no test expected: all but those named by <see cref="ExpectConsoleError"/>.</summary>
    public IReadOnlyList<string> UnexpectedConsoleErrors => [.. _consoleErrors.Where(e =>
        !_expectedErrors.Any(expected => e.Contains(expected, StringComparison.Ordinal)))];

    /// <summary>The test provokes console errors containing <paramref name="fragment"/> on purpose (a refused request, a blocked popup …).</summary>
    public void ExpectConsoleError(string fragment) => _expectedErrors.Add(fragment);

    /// <summary>Fails when any page of this session logged an error no test expected (each error is reported once).</summary>
    public void ShouldHaveNoConsoleErrors()
    {
        var unexpected = UnexpectedConsoleErrors;
        if (unexpected.Count <= _reported)
            return;
        var fresh = unexpected.Skip(_reported).ToList();
        _reported = unexpected.Count;
        fresh.ShouldBeEmpty("the browser's console reported: " + string.Join(" | ", fresh));
    }

    /// <summary>
    /// Opens a new context and page; the test's name (class + method) names its screenshot folder. With
    /// <paramref name="storageState"/> (another context's <c>StorageStateAsync()</c>) the context starts with its cookies:
    /// signed in, where signing in is not what the test proves.
    /// </summary>
    public static async Task<BrowserSession> OpenAsync(
        BrowserFixture browser,
        ServiceUnderTest service,
        string? storageState = null,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(service);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = service.BaseUrl.ToString(),
            Locale = "zh-TW",
            TimezoneId = "Asia/Taipei",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            StorageState = storageState,
        });
        // Generous: the suite shares two cores with other test processes, and a developer's machine may run more than
        // one suite at once (page loads passed 30 s at a load average of 55). A deadline, never a wait: it costs
        // nothing when the page answers.
        context.SetDefaultTimeout(60_000);
        var requests = new RequestRecorder(context, service.Origin, service.CardAgentUrl.GetLeftPart(UriPartial.Authority));
        var page = await context.NewPageAsync();
        var directory = Path.Combine(TestPaths.ScreenshotsRoot, $"{Path.GetFileNameWithoutExtension(callerFile)}.{callerMember}");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        // The agent address the pages are given (a test may point it where nothing listens).
        var agentOrigin = service.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Web.Hosting.WebOptions>>().Value.CardAgentOrigin;
        return new BrowserSession(context, page, requests, directory, service.Origin, agentOrigin) { Service = service };
    }

    /// <summary>
    /// A session signed in as <paramref name="account"/>, for a test that signs in only to reach its pages: the first call
    /// per service and account runs <paramref name="signIn"/> in a context of its own and keeps its cookies (a storage
    /// state); every call opens a new context with them. A staff sign-in is a password and a card step; the sign-in
    /// tests (PasswordSignInTests, the card sign-in tests, Web.Tests' StaffTwoFactorSignInTests) sign in for real.
    /// </summary>
    public static async Task<BrowserSession> OpenSignedInAsync(
        BrowserFixture browser,
        ServiceUnderTest service,
        string account,
        Func<BrowserSession, Task> signIn,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string callerMember = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(signIn);
        var signedIn = service.SignedInStates.GetOrAdd(account, _ => new Lazy<Task<string>>(async () =>
        {
            await using var session = await OpenAsync(browser, service, callerFile: callerFile, callerMember: $"sign-in-{account}");
            await signIn(session);
            return await session.Context.StorageStateAsync();
        }));
        string state;
        try
        {
            state = await signedIn.Value;
        }
        catch
        {
            // The next test signs in afresh rather than failing on this one's error.
            service.SignedInStates.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(account, signedIn));
            throw;
        }
        return await OpenAsync(browser, service, state, callerFile, callerMember);
    }

    /// <summary>
    /// A step of the test: fails on the console's errors so far and, with <c>EVS_SCREENSHOTS=all</c>, saves a full-page
    /// screenshot as <c>&lt;nn&gt;-&lt;step&gt;.png</c>; of <paramref name="page"/> when the test opened more than one page in
    /// this context (default: <see cref="Page"/>). Without it only a failing test's pages are saved (at the end, as
    /// <c>&lt;nn&gt;-failed-&lt;page&gt;.png</c>): a full-page PNG costs about half a CPU second, two hundred a run, and
    /// no test reads them.
    /// </summary>
    public async Task ScreenshotAsync(string step, IPage? page = null)
    {
        ShouldHaveNoConsoleErrors();
        var number = Interlocked.Increment(ref _step);
        if (TestPaths.EveryStepScreenshot)
            await SaveAsync(page ?? Page, string.Create(CultureInfo.InvariantCulture, $"{number:00}-{step}.png"), timeout: null);
    }

    // Caret left as it is: hiding it makes Playwright put style="" on the focused input, which htmx copies onto the
    // element that replaces it and the CSP then refuses (an error the tool, not the page, caused).
    private async Task SaveAsync(IPage page, string file, float? timeout)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, file), FullPage = true, Caret = ScreenshotCaret.Initial, Timeout = timeout });
    }

    /// <summary>Each open page of a failing test as it was left, so that a CI run shows where the test stopped.</summary>
    private async Task SaveFailedPagesAsync()
    {
        var pages = Context.Pages;
        for (var i = 0; i < pages.Count; i++)
        {
            try
            {
                await SaveAsync(pages[i], string.Create(CultureInfo.InvariantCulture, $"{_step + 1:00}-failed-{i + 1}.png"), timeout: 10_000);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // A crashed or hung page: the test's own exception says more than a missing picture.
            }
        }
    }

    /// <summary>axe-core as Deque.AxeCore.Commons bundles it.</summary>
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>
    /// Runs axe-core on the current page (or <paramref name="page"/>, another page of this context) and fails listing every
    /// serious or critical violation.
    /// </summary>
    public async Task ShouldPassAxeAsync(IPage? page = null)
    {
        ShouldHaveNoConsoleErrors();
        page ??= Page;
        // axe.run with its default rules, in the page itself. Deque.AxeCore.Playwright's RunAxe does the same work as
        // runPartial here and finishRun in a new browser page of its own (for frames, which our pages do not have),
        // injecting axe into both and passing every rule's passing nodes through .NET: several times the cost, and
        // browser tests run axe a hundred times. Only violations are asked for in detail.
        // Injected once per document (an htmx swap keeps it). Page.evaluate has no timeout of its own: bound it, so a
        // stuck page fails the test instead of the run.
        if (!await page.EvaluateAsync<bool>("() => typeof axe === 'object' && typeof axe.run === 'function'").WaitAsync(TimeSpan.FromMinutes(2)))
            await page.EvaluateAsync("() => " + AxeScript.Value).WaitAsync(TimeSpan.FromMinutes(2));
        var severe = await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
            }
            """).WaitAsync(TimeSpan.FromMinutes(2));
        severe.ShouldBeEmpty("axe found: " + string.Join("; ", severe));
    }

    public async ValueTask DisposeAsync()
    {
        Open.TryRemove(this, out _);
        if (_failed && !TestPaths.EveryStepScreenshot)
            await SaveFailedPagesAsync();
        await Context.CloseAsync();
        ShouldHaveNoConsoleErrors();
    }
}

/// <summary>Where test output goes: TestResults/ at the repository root (what scripts/test collects).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>EVS_SCREENSHOTS=all</c>: every step's screenshot (README's images come from these), not only a failing test's.</summary>
    public static bool EveryStepScreenshot { get; } =
        string.Equals(Environment.GetEnvironmentVariable("EVS_SCREENSHOTS"), "all", StringComparison.OrdinalIgnoreCase);

    public static string ScreenshotsRoot => Environment.GetEnvironmentVariable("EVS_SCREENSHOTS_DIR") is { Length: > 0 } dir
        ? dir
        : Path.Combine(RepositoryRoot, "TestResults", "screenshots");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"EventSourced.sln not found above {AppContext.BaseDirectory}");
    }
}
