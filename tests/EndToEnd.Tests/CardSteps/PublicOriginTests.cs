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

    private async Task<(IBrowser Browser, IPage Page)> OpenAsPublicSiteAsync(IPlaywright playwright, bool grant)
    {
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", $"--ip-address-space-overrides=127.0.0.1:{service.BaseUrl.Port}=public"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.BaseUrl.ToString(), Locale = "zh-TW" });
        if (grant)
            await context.GrantPermissionsAsync(["local-network-access"], new() { Origin = service.Origin });
        var page = await context.NewPageAsync();
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
