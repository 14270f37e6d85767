using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// The service as Chromium sees a public site (its address mapped to the public address space), where Local Network
/// Access gates every call to the agent on loopback: with the permission granted the card step works; refused, the
/// page says what happened and how to allow it, instead of "no agent".
/// </summary>
public class PublicOriginTests(PublicOriginTests.AgentOnlyQueries service) : IClassFixture<PublicOriginTests.AgentOnlyQueries>
{
    /// <summary>The queries for our agent only, so a refused agent is not quietly replaced by HiPKI.</summary>
    public sealed class AgentOnlyQueries : CardStepFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Web:Signers:Steps:query-:0", "Agent")];
    }

    /// <summary>Chromium with the service's loopback port in the public address space, where Local Network Access applies.</summary>
    internal static Task<IBrowser> LaunchSeeingAPublicSiteAsync(IPlaywright playwright, ServiceUnderTest service) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", $"--ip-address-space-overrides=127.0.0.1:{service.BaseUrl.Port}=public"],
        });

    /// <summary>A fresh context on the service, with the local-network permission granted or not.</summary>
    internal static async Task<IPage> OpenPageAsync(IBrowser browser, ServiceUnderTest service, bool grant)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.BaseUrl.ToString(), Locale = "zh-TW" });
        if (grant)
            await context.GrantPermissionsAsync(["local-network-access"], new() { Origin = service.Origin });
        return await context.NewPageAsync();
    }

    private async Task<(IBrowser Browser, IPage Page)> OpenAsPublicSiteAsync(IPlaywright playwright, bool grant)
    {
        var browser = await LaunchSeeingAPublicSiteAsync(playwright, service);
        var page = await OpenPageAsync(browser, service, grant);
        service.Agent.RemoveAllCards();
        CardStepDriver.InsertCard(service.Agent, service.Pki, "org-gca-rsa");
        await page.GotoAsync("/Queries/OrganisationOid");
        return (browser, page);
    }

    [Fact]
    public async Task With_the_local_network_permission_a_public_site_reaches_the_agent_and_the_step_works()
    {
        using var playwright = await Playwright.CreateAsync();
        var (browser, page) = await OpenAsPublicSiteAsync(playwright, grant: true);
        await using var _ = browser;
        await service.SeedReferenceDataAsync();

        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.TypeAgencyCodeAsync(page);
        await CardStepDriver.SubmitPinAsync(page);

        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
    }

    [Fact]
    public async Task Without_it_the_page_says_the_browser_blocked_local_network_access_and_how_to_allow_it()
    {
        using var playwright = await Playwright.CreateAsync();
        var (browser, page) = await OpenAsPublicSiteAsync(playwright, grant: false);
        await using var _ = browser;

        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("區域網路存取");
        await CardStepDriver.SubmitPinAsync(page);
        var message = await CardStepDriver.ReaderError(page).InnerTextAsync();
        message.ShouldContain("區域網路存取");
        message.ShouldContain("LocalNetworkAccessAllowedForUrls");
    }
}

/// <summary>
/// The same public site on a PC with HiPKI Local Server and no agent of ours. HiPKI's popup is a top-level window that
/// navigates to loopback, and its answer comes back by postMessage, not by a fetch: Chromium's Local Network Access
/// leaves main-frame navigations alone (Chrome's intent to ship, M142: "main frame navigations are not currently in
/// scope"), so HiPKI signs with or without the permission — found here in Chromium 156 — while the fetches to our
/// agent under the same address-space override are refused without it (PublicOriginTests above).
/// </summary>
public class PublicOriginThroughHiPkiTests(HiPkiFixture service) : IClassFixture<HiPkiFixture>
{
    [Fact]
    public async Task HiPKIs_popup_signs_from_a_public_site_with_and_without_the_permission_and_the_pages_say_what_the_browser_blocked()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PublicOriginTests.LaunchSeeingAPublicSiteAsync(playwright, service);
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "citizen-moica2-rsa");
        foreach (var granted in new[] { true, false })
        {
            var page = await PublicOriginTests.OpenPageAsync(browser, service, granted);
            await page.GotoAsync("/Queries/CitizenSerial");

            // The browser's own word on the permission, which the page reads to say what it blocked.
            (await page.EvaluateAsync<string>("() => navigator.permissions.query({ name: 'local-network-access' }).then(s => s.state)"))
                .ShouldBe(granted ? "granted" : "denied");
            await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");
            if (granted)
                await Assertions.Expect(CardStepDriver.ReaderStatus(page)).Not.ToContainTextAsync("區域網路存取");
            else
                await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("「區域網路存取」權限沒有允許本網站連線到本機讀卡程式");

            await page.GetByLabel("身分證統一編號").FillAsync("A123456789");
            await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
            await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync());
            await Assertions.Expect(page.Locator("h2#citizen-serial-title")).ToHaveTextAsync("查詢自然人憑證結果");
            (await page.Locator("[data-testid=card-signer]").InnerTextAsync()).ShouldContain("HiPKI");

            // The check page says which of the two the browser blocked: our agent without the permission, HiPKI never.
            await page.GotoAsync("/Diagnostics");
            var agent = page.Locator("[data-agent-result]");
            if (granted)
            {
                await Assertions.Expect(agent).ToContainTextAsync("無法連線到本機讀卡程式");
                await Assertions.Expect(agent).Not.ToContainTextAsync("LocalNetworkAccessAllowedForUrls");
            }
            else
            {
                await Assertions.Expect(agent).ToContainTextAsync("「區域網路存取」權限被封鎖");
                await Assertions.Expect(agent).ToContainTextAsync("LocalNetworkAccessAllowedForUrls");
            }
            await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "檢查 HiPKI 跨平台網頁元件" }).ClickAsync());
            await Assertions.Expect(page.Locator("[data-hipki-result]")).ToContainTextAsync("HiPKI 跨平台網頁元件已回應");
            await page.Context.CloseAsync();
        }
    }
}
