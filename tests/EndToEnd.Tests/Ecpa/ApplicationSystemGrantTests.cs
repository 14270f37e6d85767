using Domain.Common;
using Domain.Ecpa;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Web.Pages.Ecpa.Grants;

namespace EndToEnd.Tests.Ecpa;

/// <summary>
/// 應用系統授權設定 (issue 7.5): the agency signed in with its organisation card chooses a system and a right, finds a
/// person by national ID, ticks, confirms, and revokes after a confirmation; people it may not grant are named and
/// cannot be ticked. National IDs travel only in form posts.
/// </summary>
public class ApplicationSystemGrantTests(BrowserFixture browser, ApplicationSystemGrantTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<ApplicationSystemGrantTests.Service>
{
    /// <summary>One service per class: the grants made here stay within it.</summary>
    public sealed class Service : UploadedAgencyFixture;

    private const string Clerk = "B220612340";

    private async Task<BrowserSession> OpenAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        await BrowserSession.OpenAsync(browser, service, callerMember: test);

    /// <summary>Signs in with the agency's card and opens the grants of 人事資料報送系統 → 報送資料權限.</summary>
    private async Task OpenSubmitRightAsync(BrowserSession session)
    {
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, UploadedAgencyFixture.OrganisationCard);
        await SignInDriver.CardSignInAsync(page, "organisation");
        await SignInDriver.ShouldBeSignedInAsAsync(page, "行政院人事行政總處");
        await page.Locator("[data-testid=my-functions]").GetByRole(AriaRole.Link, new() { Name = "應用系統授權設定" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("應用系統授權設定");
        await Assertions.Expect(page.Locator("#grants-panel .note")).ToHaveTextAsync("請先選擇應用系統，再點選一項權限。");

        await page.Locator("#system").SelectOptionAsync("HRDATA");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜尋" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rights-title")).ToHaveTextAsync("人事資料報送系統 的權限");
        await page.Locator("[data-testid=rights]").GetByRole(AriaRole.Link, new() { Name = "報送資料權限" }).ClickAsync();
        await Assertions.Expect(page.Locator("#grants-panel-title")).ToHaveTextAsync("人事資料報送系統：報送資料權限");
    }

    private static async Task FindAsync(IPage page, string nationalId)
    {
        await page.Locator("#Search_NationalId").FillAsync(nationalId);
        await SignInDriver.ClickAndSettleAsync(page, page.Locator("#grants-panel").GetByRole(AriaRole.Button, new() { Name = "搜尋" }));
    }

    [Fact]
    public async Task The_agency_grants_a_right_to_a_person_found_by_national_ID_and_revokes_it_after_confirming()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await OpenSubmitRightAsync(session);
        await Assertions.Expect(page.Locator("[data-testid=no-grants]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("right-chosen");
        await session.ShouldPassAxeAsync();
        var before = await service.Store.HeadAsync();

        await FindAsync(page, Clerk);
        var found = page.Locator("[data-testid=found-person]");
        await Assertions.Expect(found.GetByLabel("陳美玲（B22****340，自訂帳號 demo02）")).ToBeCheckedAsync();
        await session.ScreenshotAsync("person-found");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        await SignInDriver.ClickAndSettleAsync(page, found.GetByRole(AriaRole.Button, new() { Name = "確定" }));
        await Assertions.Expect(page.Locator("[data-testid=grants-done]")).ToHaveTextAsync("已授權 1 位人員。");
        var row = page.Locator("[data-testid=grants] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        (await row.InnerTextAsync()).ShouldContain("陳美玲");
        (await row.InnerTextAsync()).ShouldContain("B22****340");
        (await row.InnerTextAsync()).ShouldContain(EcpaFixture.ClerkAccount);
        await session.ScreenshotAsync("granted");
        await session.ShouldPassAxeAsync();
        var issued = await service.Store.EventsAfterAsync(before);
        issued.Select(e => (e.StreamId, e.Type)).ShouldBe([("ecpa-grants-3230000", "ApplicationSystemGrantIssued.v1")]);
        System.Text.Encoding.UTF8.GetString(issued[0].Data.Span).ShouldNotContain(Clerk);

        await FindAsync(page, Clerk);
        await SignInDriver.ClickAndSettleAsync(page, found.GetByRole(AriaRole.Button, new() { Name = "確定" }));
        await Assertions.Expect(page.Locator("[data-testid=grants-done]")).ToHaveTextAsync("勾選的人員都已經有這項權限，沒有新增。");
        var granted = await service.Store.HeadAsync();
        granted.ShouldBe(issued[^1].Position);

        await SignInDriver.ClickAndSettleAsync(page, row.Filter(new() { HasText = "陳美玲" }).GetByRole(AriaRole.Button, new() { Name = "取消授權" }));
        await Assertions.Expect(page.Locator("[data-testid=confirm-revoke]")).ToContainTextAsync("確定要取消 陳美玲（B22****340）的「報送資料權限」嗎？");
        await session.ScreenshotAsync("confirm-revoke");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(granted);

        await SignInDriver.ClickAndSettleAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "確定取消授權" }));
        await Assertions.Expect(page.Locator("[data-testid=grants-done]")).ToHaveTextAsync("已取消授權。");
        await Assertions.Expect(page.Locator("[data-testid=no-grants]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("revoked");
        (await service.Store.EventsAfterAsync(granted)).Select(e => (e.StreamId, e.Type)).ShouldBe([("ecpa-grants-3230000", "ApplicationSystemGrantRevoked.v1")]);

        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains(Clerk));
    }

    [Fact]
    public async Task People_the_agency_may_not_grant_are_named_with_the_reason_and_cannot_be_ticked()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await OpenSubmitRightAsync(session);
        var before = await service.Store.HeadAsync();

        await FindAsync(page, "A123456788");
        await Assertions.Expect(page.Locator("#Search_NationalId-error")).ToHaveTextAsync(NationalId.Parse("A123456788").Message!);
        (await page.Locator("#Search_NationalId").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("#Search_NationalId").InputValueAsync()).ShouldBeEmpty();
        await session.ScreenshotAsync("malformed-id");
        await session.ShouldPassAxeAsync();

        await FindAsync(page, "C201987654");
        await Assertions.Expect(page.Locator("#Search_NationalId-error")).ToHaveTextAsync(ApplicationSystemGrantMessages.NoSuchPerson.Message);
        // Someone only another agency reported is not found at all (issue 14 point 6: no nationwide directory).
        await FindAsync(page, EcpaFixture.OtherAgencyId);
        await Assertions.Expect(page.Locator("#Search_NationalId-error")).ToHaveTextAsync(ApplicationSystemGrantMessages.NoSuchPerson.Message);

        foreach (var (id, why) in new[]
        {
            ("F128934569", ApplicationSystemGrantRejections.Departed("F12****569")),
        })
        {
            await FindAsync(page, id);
            await Assertions.Expect(page.Locator("[data-testid=ineligible]")).ToContainTextAsync(why.Message);
            await Assertions.Expect(page.Locator("[data-testid=found-person] input[type=checkbox]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=found-person]").GetByRole(AriaRole.Button, new() { Name = "確定" })).ToHaveCountAsync(0);
        }

        await session.ScreenshotAsync("ineligible");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task A_personnel_officer_signed_in_with_a_password_may_not_grant_application_system_rights()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.OfficerAccount);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "王小明");

        var response = await page.GotoAsync("/Ecpa/Grants?system=HRDATA&right=SUBMIT");

        response!.Status.ShouldBe(403);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("沒有使用權限");
        await session.ShouldPassAxeAsync();
    }
}
