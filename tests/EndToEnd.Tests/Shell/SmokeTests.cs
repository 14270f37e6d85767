using System.Text.Json;
using EndToEnd.Tests.Harness;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Shell;

public class SmokeTests(BrowserFixture browser, ServiceUnderTest service) : IClassFixture<BrowserFixture>, IClassFixture<ServiceUnderTest>
{
    [Fact]
    public async Task The_home_page_renders_in_zh_TW_with_CJK_glyphs_and_passes_axe()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;

        await page.GotoAsync("/");
        await session.ScreenshotAsync("home");

        (await page.GetAttributeAsync("html", "lang")).ShouldBe("zh-Hant-TW");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("憑證註冊及授權服務");
        (await page.TitleAsync()).ShouldContain("憑證註冊及授權服務");
        var fonts = await RenderedFontsAsync(page, "h1");
        fonts.ShouldContain(f => f.Contains("CJK", StringComparison.Ordinal) || f.Contains("TC", StringComparison.Ordinal),
            $"the heading's glyphs were drawn with {string.Join(", ", fonts)}");
        await session.ShouldPassAxeAsync();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_accessibility_check_fails_on_a_page_with_serious_violations_and_names_them()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        await session.Page.GotoAsync("/");
        // An image without alternative text (image-alt, critical) and an unlabelled text field (label, critical).
        await session.Page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\"><input type=\"text\">')");

        string? failure = null;
        try
        {
            await session.ShouldPassAxeAsync();
        }
        catch (ShouldAssertException e)
        {
            failure = e.Message;
        }

        failure.ShouldNotBeNull("the check passed a page with an image without text and an unlabelled field");
        failure.ShouldContain("image-alt (critical)");
        failure.ShouldContain("label (critical)");
    }

    [Fact]
    public async Task The_session_fails_a_test_on_a_console_error_or_a_CSP_refusal_and_the_shell_causes_none()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;

        // The shell itself: the icon is served, htmx injects no indicator <style> (the CSP would refuse it), our CSS hides the indicator.
        foreach (var path in new[] { "/", "/Diagnostics", "/Registration/First", "/Grants", "/Queries/OrganisationOid", "/Account/SignIn" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            session.ShouldHaveNoConsoleErrors();
        }
        (await page.EvaluateAsync<int>("async () => (await fetch('/favicon.ico')).status")).ShouldBe(200);
        (await page.EvaluateAsync<int>("() => document.querySelectorAll('head style').length")).ShouldBe(0);
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<span class=\"htmx-indicator\" id=\"probe\">…</span>')");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('probe')).display")).ShouldBe("none");

        // The watch: an inline style the CSP refuses and a script's console error each fail the session's next check.
        await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => document.querySelector('main').setAttribute('style', 'color: red')"),
            new() { Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.Ordinal) });
        await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => console.error('probe-error')"),
            new() { Predicate = m => m.Text.Contains("probe-error", StringComparison.Ordinal) });
        var failure = Should.Throw<ShouldAssertException>(session.ShouldHaveNoConsoleErrors);
        failure.Message.ShouldContain("Content Security Policy");
        failure.Message.ShouldContain("probe-error");
        session.ExpectConsoleError("Content Security Policy");
        session.ExpectConsoleError("probe-error");
    }

    [Fact]
    public async Task The_shell_loads_htmx_2_under_its_content_security_policy_without_errors()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;

        var scripts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Response += (_, r) => scripts.Enqueue($"{r.Status} {r.Url} {r.Headers.GetValueOrDefault("content-type")}");
        await page.GotoAsync("/");
        var version = await page.EvaluateAsync<string?>("() => typeof htmx === 'undefined' ? null : htmx.version");

        version.ShouldNotBeNull($"htmx did not load; responses: {string.Join(" | ", scripts)}");
        version.ShouldStartWith("2.0.");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.site-header')).backgroundColor")).ShouldBe("rgb(11, 58, 110)");
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_and_takes_the_keyboard_to_the_main_content()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()")).ShouldBe("跳到主要內容");
        await session.ScreenshotAsync("skip-link-focused");
        await page.Keyboard.PressAsync("Enter");

        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("main");
    }

    [Fact]
    public async Task The_health_page_shows_the_store_head_to_an_administrator_and_sends_anyone_else_to_sign_in()
    {
        await using (var anonymous = await BrowserSession.OpenAsync(browser, service))
        {
            await anonymous.Page.GotoAsync("/health");
            await Assertions.Expect(anonymous.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/SignIn\\?returnUrl=%2Fhealth$"));
            (await anonymous.Page.Locator("[data-testid=store-head]").CountAsync()).ShouldBe(0);
        }
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, ServiceUnderTest.AdministratorAccount, service.SignInAsAdministratorAsync);
        var store = service.Services.GetRequiredService<IEventStore>();
        await store.AppendToStreamAsync($"smoke-{Guid.NewGuid():N}", StreamState.NoStream,
            [new EventData(Guid.NewGuid(), "SmokeProbe.v1", "{}"u8.ToArray(), EventData.EmptyMetadata)]);
        var head = await service.Store.HeadAsync();

        await session.Page.GotoAsync("/health");
        await session.ScreenshotAsync("health");

        (await session.Page.Locator("[data-testid=store-head]").InnerTextAsync()).ShouldBe(head.ToString());
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_writes_nothing()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");
        var before = await service.Store.HeadAsync();

        var response = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync(
            """
            () => {
              const form = document.createElement('form');
              form.method = 'post';
              form.action = '/';
              const field = document.createElement('input');
              field.name = 'AgencyCode';
              field.value = '3230000';
              form.append(field);
              document.body.append(form);
              form.submit();
            }
            """), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await session.ScreenshotAsync("refused");

        response.Status.ShouldBe(400);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("無法處理這個要求");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task An_htmx_style_post_carrying_the_page_token_is_accepted()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");
        session.ExpectConsoleError("status of 400"); // the post without a token, refused on purpose

        var statuses = await page.EvaluateAsync<int[]>(
            """
            async () => {
              const token = document.querySelector('meta[name="request-verification-token"]').content;
              const withToken = await fetch('/', { method: 'POST', headers: { 'HX-Request': 'true', 'RequestVerificationToken': token } });
              const without = await fetch('/', { method: 'POST', headers: { 'HX-Request': 'true' } });
              return [withToken.status, without.status];
            }
            """);

        statuses.ShouldBe([200, 400]);
    }

    [Fact]
    public async Task Pages_may_call_the_card_agent_and_the_agent_answers_this_origin()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");

        var status = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const agent = document.querySelector('meta[name="card-agent-url"]').content;
              const response = await fetch(agent + '/v1/status');
              return { status: response.status, body: await response.json() };
            }
            """);

        status.GetProperty("status").GetInt32().ShouldBe(200);
        status.GetProperty("body").GetProperty("demo").GetBoolean().ShouldBeTrue();
        (await session.Requests.ToCardAgentAsync()).ShouldContain(r => r.Url.EndsWith("/v1/status", StringComparison.Ordinal));
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_request_recorder_sees_what_the_browser_sends_to_the_server()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.EvaluateAsync("() => fetch('/?probe=visible-secret-42', { method: 'GET', headers: { 'X-Probe': 'header-secret-17' } })");

        var toServer = await session.Requests.ToWebServerAsync();
        toServer.ShouldContain(r => r.Contains("visible-secret-42"));
        toServer.ShouldContain(r => r.Contains("header-secret-17"));
        // (Shouldly lets its own assertion failures escape Should.Throw, hence the explicit catch.)
        var caught = false;
        try
        {
            await session.Requests.ShouldNeverHaveSentToWebServerAsync("visible-secret-42");
        }
        catch (ShouldAssertException e) when (e.Message.Contains("probe=visible-secret-42", StringComparison.Ordinal))
        {
            caught = true;
        }

        caught.ShouldBeTrue("a secret that did go to the server must be reported");
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("846201");
    }

    [Fact]
    public async Task A_demo_card_copied_into_the_reader_folder_appears_to_the_page_and_goes_when_removed()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");
        const string readers = """
            async () => {
              const agent = document.querySelector('meta[name="card-agent-url"]').content;
              const answer = await (await fetch(agent + '/v1/readers')).json();
              return answer.readers.filter(r => r.cardPresent).map(r => r.name + ':' + r.cardKind);
            }
            """;

        service.Agent.InsertCard(TestPki.TestPkiCache.Get(), "org-gca-rsa");
        var inserted = await page.EvaluateAsync<string[]>(readers);
        service.Agent.RemoveCard("org-gca-rsa");
        var removed = await page.EvaluateAsync<string[]>(readers);

        inserted.ShouldBe(["Demo reader (org-gca-rsa):organisation"]);
        removed.ShouldBeEmpty();
    }

    /// <summary>The platform fonts Chromium used to draw an element's text (DevTools CSS.getPlatformFontsForNode).</summary>
    private static async Task<IReadOnlyList<string>> RenderedFontsAsync(IPage page, string selector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var document = await cdp.SendAsync("DOM.getDocument");
        var node = await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object>
        {
            ["nodeId"] = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(),
            ["selector"] = selector,
        });
        await cdp.SendAsync("CSS.enable");
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = node!.Value.GetProperty("nodeId").GetInt32() });
        return fonts!.Value.GetProperty("fonts").EnumerateArray().Select(f => f.GetProperty("familyName").GetString()!).ToList();
    }
}
