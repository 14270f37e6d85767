using Domain.Common;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Web.Pages.Ecpa.Accounts;

namespace EndToEnd.Tests.Ecpa;

/// <summary>
/// 查詢人員自訂帳號 (issue 7.5): the agency, signed in with its organisation card, looks up its own staff's
/// self-chosen accounts by national ID; anyone else — unknown, departed, at another agency — gets one message.
/// </summary>
public class PersonAccountLookupTests(BrowserFixture browser, PersonAccountLookupTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<PersonAccountLookupTests.Service>
{
    public sealed class Service : UploadedAgencyFixture;

    private static async Task SearchAsync(IPage page, string nationalId)
    {
        await page.Locator("#Input_NationalId").FillAsync(nationalId);
        await SignInDriver.ClickAndSettleAsync(page, page.Locator("#account-search").GetByRole(AriaRole.Button, new() { Name = "搜尋" }));
    }

    [Fact]
    public async Task The_agency_finds_its_staff_member_s_account_and_learns_nothing_about_anyone_else()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, UploadedAgencyFixture.OrganisationCard);
        await SignInDriver.CardSignInAsync(page, "organisation");
        await SignInDriver.ShouldBeSignedInAsAsync(page, "行政院人事行政總處");
        await page.GotoAsync("/Ecpa/Grants");
        await page.GetByRole(AriaRole.Link, new() { Name = "查詢人員自訂帳號" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("查詢人員自訂帳號");
        await session.ShouldPassAxeAsync();
        var before = await service.Store.HeadAsync();

        await SearchAsync(page, "B220612340");
        var result = page.Locator("[data-testid=account-result]");
        await Assertions.Expect(result.Locator("[data-testid=account]")).ToHaveTextAsync(EcpaFixture.ClerkAccount);
        (await result.InnerTextAsync()).ShouldContain("陳美玲");
        (await result.InnerTextAsync()).ShouldContain("B22****340");
        (await page.Locator("#Input_NationalId").InputValueAsync()).ShouldBeEmpty();
        await session.ScreenshotAsync("found");
        await session.ShouldPassAxeAsync();

        foreach (var other in new[] { EcpaFixture.OtherAgencyId, "F128934569", "C201987654" })
        {
            await SearchAsync(page, other);
            await Assertions.Expect(page.Locator("#Input_NationalId-error")).ToHaveTextAsync(FindPersonAccountHandler.NotInAgency.Message);
            await Assertions.Expect(result).ToHaveCountAsync(0);
        }

        await session.ScreenshotAsync("not-in-agency");
        await session.ShouldPassAxeAsync();

        await SearchAsync(page, "B22061234");
        await Assertions.Expect(page.Locator("#Input_NationalId-error")).ToHaveTextAsync(NationalId.Parse("B22061234").Message!);

        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains("B220612340") && !r.Url.Contains(EcpaFixture.OtherAgencyId));
    }
}
