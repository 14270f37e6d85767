using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Shell;

/// <summary>
/// The shell's htmx conventions, seen through the health page's lag check (a real form, an administrator's): the step
/// is swapped in place, errors are announced and focused, and the same form works without JavaScript.
/// </summary>
public class HtmxConventionTests(BrowserFixture browser, ServiceUnderTest service) : IClassFixture<BrowserFixture>, IClassFixture<ServiceUnderTest>
{
    [Fact]
    public async Task A_rejected_field_is_swapped_in_announced_and_focused()
    {
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, ServiceUnderTest.AdministratorAccount, service.SignInAsAdministratorAsync);
        var page = session.Page;
        await page.GotoAsync("/health");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await page.GetByLabel("可接受的落後筆數").FillAsync("-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "檢查" }).ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await session.ScreenshotAsync("lag-rejected");

        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the report should be swapped in, not a new page loaded");
        (await page.Locator("#MaxLag").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("MaxLag");
        await page.WaitForFunctionAsync("() => document.getElementById('live-region').textContent.includes('不能是負數')");
        (await page.Locator("[data-valmsg-for=MaxLag]").InnerTextAsync()).ShouldBe("可接受的落後筆數不能是負數。");
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task An_accepted_check_is_swapped_in_with_focus_on_its_heading()
    {
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, ServiceUnderTest.AdministratorAccount, service.SignInAsAdministratorAsync);
        var page = session.Page;
        await page.GotoAsync("/health");

        await page.GetByLabel("可接受的落後筆數").FillAsync("0");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "檢查" }).ClickAsync(),
            r => r.Url.Contains("MaxLag=0", StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(page.GetByTestId("lag-verdict")).ToHaveTextAsync("正常");
        await session.ScreenshotAsync("lag-accepted");

        (await response.HeaderValueAsync("vary") ?? "").ShouldContain("HX-Request");
        (await response.TextAsync()).ShouldNotContain("<html", Case.Insensitive);
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("health-report-title");
        (await page.Locator("h1").CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Without_JavaScript_the_same_form_answers_with_the_whole_page()
    {
        string signedIn;
        await using (var withScripts = await BrowserSession.OpenSignedInAsync(browser, service, ServiceUnderTest.AdministratorAccount, service.SignInAsAdministratorAsync))
            signedIn = await withScripts.Context.StorageStateAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = service.BaseUrl.ToString(),
            Locale = "zh-TW",
            JavaScriptEnabled = false,
            // Signed in with JavaScript on (the card step needs it); the status page is the administrators'.
            StorageState = signedIn,
        });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/health");

            await page.GetByLabel("可接受的落後筆數").FillAsync("-5");
            await page.GetByRole(AriaRole.Button, new() { Name = "檢查" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/health\\?MaxLag=-5$"));

            (await page.Locator("h1").InnerTextAsync()).ShouldBe("系統狀態");
            (await page.Locator(".error-summary a[href='#MaxLag']").InnerTextAsync()).ShouldBe("可接受的落後筆數不能是負數。");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_htmx_post_with_a_stale_token_is_refused_and_the_person_is_told_in_zh_TW()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/");
        var before = await service.Store.HeadAsync();
        session.ExpectConsoleError("status of 400"); // the refused post itself, as Chromium logs it
        session.ExpectConsoleError("Response Status Error Code 400"); // htmx logs the refusal it hands to site.js

        await page.EvaluateAsync(
            """
            () => {
              document.querySelector('meta[name="request-verification-token"]').content = 'stale-token';
              htmx.ajax('POST', '/', { target: '#main', swap: 'innerHTML' });
            }
            """);
        var banner = page.Locator("#request-error");
        await banner.WaitForAsync();
        await session.ScreenshotAsync("stale-token");

        (await banner.InnerTextAsync()).ShouldBe("頁面已經過期或資料不完整，請重新整理頁面後再試一次。");
        (await banner.GetAttributeAsync("role")).ShouldBe("alert");
        (await page.Locator("main h1").InnerTextAsync()).ShouldBe("憑證註冊及授權服務"); // nothing swapped in
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
