using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Queries;

/// <summary>查詢機關憑證OID end to end: page → card agent (demo back end, TestPki cards) → server validation → result.</summary>
public class OrganisationOidTests(BrowserFixture browser, CardStepFixture service) : IClassFixture<BrowserFixture>, IClassFixture<CardStepFixture>
{
    [Fact]
    public async Task The_organisation_card_s_agency_name_and_OID_are_shown_after_its_PIN()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var leaf = service.Pki.Leaf("org-gca-rsa");
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");
        var before = await service.Store.HeadAsync();
        var console = CardStepDriver.WatchConsole(page);

        await page.GotoAsync("/Queries/OrganisationOid");
        await CardStepDriver.WaitForCardAsync(page);
        await Assertions.Expect(page.Locator("[data-card-step-demo]")).ToBeVisibleAsync();
        (await CardStepDriver.ReaderStatus(page).InnerTextAsync()).ShouldContain("Demo reader (org-gca-rsa)");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("name")).ShouldBeNull();
        await session.ScreenshotAsync("card-step");
        await session.ShouldPassAxeAsync();

        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        await session.ScreenshotAsync("result");

        (await page.Locator("[data-testid=agency-name]").InnerTextAsync()).ShouldBe("人事行政總處");
        (await page.Locator("[data-testid=agency-oid]").InnerTextAsync()).ShouldBe("2.16.886.101.20003.20012");
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(leaf.CardNumber);
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("organisation-oid-title");
        await CardStepDriver.ShouldAnnounceAsync(page, "2.16.886.101.20003.20012");
        await session.ShouldPassAxeAsync();
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
        (await session.Requests.ToCardAgentAsync()).ShouldContain(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal) && r.Contains(CardStepDriver.Pin));
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains("Token", StringComparison.OrdinalIgnoreCase) && !r.Url.Contains(leaf.SerialNumber, StringComparison.OrdinalIgnoreCase));
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        console.ShouldBeEmpty();
    }
}
