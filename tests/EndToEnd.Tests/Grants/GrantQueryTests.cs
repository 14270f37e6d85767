using EndToEnd.Tests.Account;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Grants;

/// <summary>The handler's own view after a citizen-card sign-in, and 查詢已授權清單 behind the 授權指派 card steps.</summary>
public class GrantQueryTests(BrowserFixture browser, GrantQueriesFixture service) : IClassFixture<BrowserFixture>, IClassFixture<GrantQueriesFixture>
{
    [Fact]
    public async Task A_handler_signed_in_with_the_citizen_card_sees_the_functions_each_agency_granted_to_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, GrantQueriesFixture.HandlerCard);
        await SignInDriver.CardSignInAsync(page);
        // First sign-in with this card: bind it to the person by the national ID, as the wizard asks.
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(GrantQueriesFixture.HandlerId);
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        await Assertions.Expect(page.Locator("[data-testid=my-roles]")).ToContainTextAsync("經辦人");

        await page.GotoAsync("/Grants/Mine");
        var agency = page.Locator($"[data-testid=my-agency][data-agency='{GrantsFixture.Agency}']");
        await Assertions.Expect(agency).ToHaveCountAsync(1);
        (await agency.Locator("[data-testid=my-functions] li").AllInnerTextsAsync()).ShouldBe(["給付試算", "給付自辦作業"]);
        (await page.Locator("[data-testid=my-agency]").CountAsync()).ShouldBe(1, "the revoked grant is someone else's and no other agency granted this card");
        (await page.Locator("[data-testid=my-serial]").InnerTextAsync()).ShouldBe(service.Facts(GrantQueriesFixture.HandlerCard).SerialNumber);
        await session.ScreenshotAsync("my-grants");
        await session.ShouldPassAxeAsync();
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains(GrantQueriesFixture.HandlerId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manager_sees_the_agencys_issued_grants_after_the_card_steps_and_revoked_ones_on_request()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var before = await service.Store.HeadAsync();
        await GrantsDriver.OpenSittingAsync(page, service, "/Queries/IssuedGrants", "已授權清單");
        var rows = page.Locator("[data-testid=issued-grants] tbody tr[data-grant]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("陳美玲");
        await Assertions.Expect(rows.First).ToContainTextAsync("B22****340");
        await Assertions.Expect(rows.First).ToContainTextAsync("給付試算、給付自辦作業");
        await session.ScreenshotAsync("active");
        await session.ShouldPassAxeAsync();

        await page.GetByLabel("包括已刪除的授權").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "查詢", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-grant='2']")).ToContainTextAsync("已刪除（離職）");
        await Assertions.Expect(page.Locator("tr[data-grant='2']")).ToContainTextAsync("F12****569");
        await session.ScreenshotAsync("with-revoked");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await GrantsDriver.ShouldHaveSentThePinToTheAgentOnlyAsync(session);
    }
}
