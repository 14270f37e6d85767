using Domain.Certificates.Cards;
using Domain.Registration;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Pkix.Validation;
using Shouldly;

namespace EndToEnd.Tests.Grants;

/// <summary>授權指派 end to end: both card steps, then add (讀取憑證), modify (a renewed card's serial), revoke (confirmation dialog).</summary>
public class GrantTests(BrowserFixture browser, GrantsFixture service) : IClassFixture<BrowserFixture>, IClassFixture<GrantsFixture>
{
    private const string HandlerCard = "citizen-moica2-ec";
    private const string HandlerId = "B220612340";

    [Fact]
    public async Task Manager_adds_a_handler_read_from_the_card_modifies_the_serial_after_a_renewal_and_revokes_the_grant()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);
        await OpenSittingAsync(page);
        await GrantsDriver.ScreenshotAsync(session, "list");
        await session.ShouldPassAxeAsync();

        // 新增: the handler's card read through the agent fills serial and name.
        var before = await service.Store.HeadAsync();
        await page.GetByTestId("add-handler").ClickAsync();
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, HandlerCard);
        await page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial")).ToHaveValueAsync(service.Pki.Leaf(HandlerCard).SerialNumber);
        await Assertions.Expect(page.Locator("#Handler_Name")).ToHaveValueAsync("陳美玲");
        await page.Locator("#Handler_NationalId").FillAsync(HandlerId);
        await page.GetByLabel("保費申報作業").CheckAsync();
        (await page.GetByLabel("異動登錄", new() { Exact = true }).IsCheckedAsync()).ShouldBeTrue("ticking a group ticks its functions");
        await page.GetByLabel("給付試算", new() { Exact = true }).CheckAsync();
        await GrantsDriver.ScreenshotAsync(session, "add");
        await session.ShouldPassAxeAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync("新增成功");
        await GrantsDriver.ScreenshotAsync(session, "added");
        var issued = (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem();
        issued.Type.ShouldBe("GrantIssued.v2");
        System.Text.Json.JsonDocument.Parse(issued.Data).RootElement.GetProperty("handlerIssuerKeyId").GetString()
            .ShouldBe(Domain.Certificates.CertificateParser.Parse(service.Pki.Leaf(HandlerCard).CertificateDer()).Facts!.IssuerKeyId, "the card read names its issuer: the handler role matches it");
        var row = page.Locator("tr[data-grant]", new() { HasText = "陳美玲" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var number = await row.GetAttributeAsync("data-grant");
        row = page.Locator($"tr[data-grant='{number}']");
        await Assertions.Expect(row).ToContainTextAsync("B22****340");
        await Assertions.Expect(row).ToContainTextAsync("8");

        // 修改: the handler renewed the card; the new serial is typed (the ID stays as recorded when left blank).
        before = await service.Store.HeadAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = $"修改序號 {number} 陳美玲" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial")).ToHaveValueAsync(service.Pki.Leaf(HandlerCard).SerialNumber);
        await page.Locator("#Handler_CertificateSerial").FillAsync("0a:1b:2c:3d");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync("修改成功");
        (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem().Type.ShouldBe("GrantModified.v2");
        await Assertions.Expect(row).ToContainTextAsync("0A1B2C3D");

        // 刪除: a confirmation dialog with the reason.
        before = await service.Store.HeadAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = $"刪除序號 {number} 陳美玲" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("您確定要刪除這筆授權嗎");
        await GrantsDriver.ScreenshotAsync(session, "revoke-dialog");
        // Without a reason: the error in the dialog, the list still behind it, and the dialog still works.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "確認刪除" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("#Reason-error")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByLabel("刪除原因")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await GrantsDriver.ScreenshotAsync(session, "revoke-reason-missing");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await dialog.GetByLabel("刪除原因").FillAsync("離職");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "確認刪除" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync("刪除成功");
        await GrantsDriver.ScreenshotAsync(session, "revoked");
        (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem().Type.ShouldBe("GrantRevoked.v1");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        await GrantsDriver.ShouldHaveSentThePinToTheAgentOnlyAsync(session);
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains(HandlerId, StringComparison.Ordinal));
        console.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_change_made_in_another_sitting_after_the_list_was_shown_is_reported_and_nothing_is_overwritten()
    {
        await using var first = await BrowserSession.OpenAsync(browser, service);
        await OpenSittingAsync(first.Page);
        await AddTypedAsync(first.Page, "0C0FFEE1", "林經辦", "F128934569");
        await using var second = await BrowserSession.OpenAsync(browser, service);
        await OpenSittingAsync(second.Page);
        var number = await second.Page.Locator("[data-grant]").Last.GetAttributeAsync("data-grant");

        // The second manager session changes the grant while the first still shows the old list.
        await second.Page.Locator($"[data-grant='{number}']").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^修改") }).ClickAsync();
        await second.Page.Locator("#Handler_Name").FillAsync("林經辦人");
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(second.Page.GetByTestId("grants-message")).ToContainTextAsync("修改成功");

        var before = await service.Store.HeadAsync();
        await first.Page.Locator($"[data-grant='{number}']").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^刪除") }).ClickAsync();
        await first.Page.GetByRole(AriaRole.Dialog).GetByLabel("刪除原因").FillAsync("調職");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "確認刪除" }).ClickAsync();

        await Assertions.Expect(first.Page.GetByTestId("grants-problem")).ToContainTextAsync(RegistrationRejections.StaleVersion.Message);
        await Assertions.Expect(first.Page.Locator($"[data-grant='{number}']")).ToContainTextAsync("林經辦人");
        await GrantsDriver.ScreenshotAsync(first, "stale");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task A_revoked_or_expired_card_at_either_sitting_step_is_one_notice_and_a_wrong_PIN_stays_at_the_PIN()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var before = await service.Store.HeadAsync();
        // One card alone in the reader, the step's field typed, the PIN entered.
        async Task OfferAsync(string leaf, string field, string value)
        {
            service.Agent.RemoveAllCards();
            service.Agent.InsertCard(service.Pki, leaf);
            await CardStepDriver.WaitForCardAsync(page);
            await page.Locator(field).FillAsync(value);
            await CardStepDriver.SubmitPinAsync(page);
        }

        await page.GotoAsync("/Grants");
        await OfferAsync("org-revoked", "#Step_AgencyCode", GrantsFixture.Agency);

        await CardStepDriver.ShouldShowCardStateAsync(page, CardFailureMessages.For(CertificateFailureCode.Revoked));
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("機關憑證確認");
        await GrantsDriver.ScreenshotAsync(session, "organisation-revoked");
        await session.ShouldPassAxeAsync();

        // The agency's own card passes; the manager's step is then offered an expired citizen card.
        await OfferAsync(GrantsFixture.OrganisationCard, "#Step_AgencyCode", GrantsFixture.Agency);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權管理者自然人憑證確認");
        await OfferAsync("citizen-expired", "#Step_ManagerNationalId", GrantsFixture.ManagerId);

        await CardStepDriver.ShouldShowCardStateAsync(page, CardFailureMessages.For(CertificateFailureCode.Expired));
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權管理者自然人憑證確認");
        await GrantsDriver.ScreenshotAsync(session, "manager-expired");
        await session.ShouldPassAxeAsync();

        // The manager's own card with a wrong PIN: at the PIN, and the expired card's notice is gone.
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, GrantsFixture.ManagerCard);
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, "654321");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("PIN 碼錯誤");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await Assertions.Expect(CardStepDriver.Notice(page)).ToBeHiddenAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("654321");
    }

    [Fact]
    public async Task Bad_input_gets_its_message_at_the_field_and_writes_nothing()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await OpenSittingAsync(page);
        await AddTypedAsync(page, "0D00D001", "王經辦", "E120753196");
        var before = await service.Store.HeadAsync();

        await page.GetByTestId("add-handler").ClickAsync();
        await FillAsync(page, "0D00D002", "錯誤編號", "A123456788");
        await page.GetByLabel("給付試算", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_NationalId-error")).ToBeVisibleAsync();
        (await page.Locator("#Handler_NationalId").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await GrantsDriver.ScreenshotAsync(session, "malformed-id");

        await FillAsync(page, "0d:00:d0:01", "重複序號", "K122396587");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial-error")).ToContainTextAsync(RegistrationRejections.SerialAlreadyGranted.Message);

        // A function the catalogue does not have (a tampered form).
        await FillAsync(page, "0D00D003", "未知功能", "K122396587");
        await page.EvaluateAsync("() => { const box = document.querySelector('input[value=\"0201\"]'); box.value = '9999'; box.checked = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_FunctionCodes-error")).ToContainTextAsync("9999");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        // No card steps in this browser session: the form sends the person back to them.
        await using var stranger = await BrowserSession.OpenAsync(browser, service);
        await stranger.Page.GotoAsync("/Grants/Add");
        await Assertions.Expect(stranger.Page.Locator("h2#grants-main-title")).ToHaveTextAsync("機關憑證確認");
        var status = await stranger.Page.EvaluateAsync<int>(
            "async () => (await fetch('/Grants/Add', { method: 'POST', headers: { 'RequestVerificationToken': document.querySelector('meta[name=request-verification-token]').content, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Handler.CertificateSerial=0D00D009&Handler.Name=x&Handler.NationalId=K122396587&Handler.FunctionCodes=0201', redirect: 'manual' })).type === 'opaqueredirect' ? 302 : 0");
        status.ShouldBe(302);
        await stranger.Page.GotoAsync("/Grants");
        await Assertions.Expect(stranger.Page.GetByTestId("grants-problem")).ToContainTextAsync("請先完成機關憑證確認");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task Every_field_error_of_the_editor_shows_in_one_answer_on_add_and_on_modify()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await OpenSittingAsync(page);
        await AddTypedAsync(page, "0D00E001", "李經辦", "E120753196");
        var before = await service.Store.HeadAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true });

        // 新增 with a bad serial, no name, a malformed ID and no function: all four at once, each at its field.
        await page.GetByTestId("add-handler").ClickAsync();
        // The function tree reads as a tree: no bullets, each level indented with a guide line, checkboxes big enough to hit.
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.function-tree li')).listStyleType")).ShouldBe("none");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.function-tree ul')).borderLeftStyle")).ShouldBe("solid");
        (await page.EvaluateAsync<double>("() => document.querySelector('.function-tree input[type=checkbox]').getBoundingClientRect().width")).ShouldBeGreaterThanOrEqualTo(20);
        await FillAsync(page, "XYZ", "", "A123456788");
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary li")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial-error")).ToContainTextAsync(RegistrationRejections.SerialInvalid.Message);
        await Assertions.Expect(page.Locator("#Handler_Name-error")).ToContainTextAsync("請輸入經辦人姓名");
        await Assertions.Expect(page.Locator("#Handler_NationalId-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Handler_FunctionCodes-error")).ToContainTextAsync(RegistrationRejections.FunctionsRequired.Message);
        foreach (var field in new[] { "#Handler_CertificateSerial", "#Handler_Name", "#Handler_NationalId" })
            (await page.Locator(field).GetAttributeAsync("aria-invalid")).ShouldBe("true", field);
        await GrantsDriver.ScreenshotAsync(session, "add-all-errors");
        await session.ShouldPassAxeAsync();

        // 修改 with the serial wiped, the name wiped and every function unticked: three errors in one answer.
        await page.GotoAsync("/Grants");
        var row = page.Locator("tr[data-grant]", new() { HasText = "李經辦" });
        var number = await row.GetAttributeAsync("data-grant");
        await row.GetByRole(AriaRole.Link, new() { Name = $"修改序號 {number} 李經辦" }).ClickAsync();
        await page.Locator("#Handler_CertificateSerial").FillAsync("");
        await page.Locator("#Handler_Name").FillAsync("");
        await page.GetByLabel("給付試算", new() { Exact = true }).UncheckAsync();
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial-error")).ToContainTextAsync(RegistrationRejections.SerialRequired.Message);
        await Assertions.Expect(page.Locator("#Handler_Name-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Handler_FunctionCodes-error")).ToBeVisibleAsync();
        await GrantsDriver.ScreenshotAsync(session, "modify-all-errors");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task With_the_manager_s_card_still_in_a_second_reader_read_certificate_asks_which_reader_and_never_fills_in_the_manager_s_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await OpenSittingAsync(page); // ends with the manager's card in its reader
        var before = await service.Store.HeadAsync();
        await page.GetByTestId("add-handler").ClickAsync();
        service.Agent.InsertCard(service.Pki, HandlerCard);
        var read = page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" });
        var serial = page.Locator("#Handler_CertificateSerial");

        // Two citizen cards: the page asks which reader instead of taking the first.
        await read.ClickAsync();
        await Assertions.Expect(page.Locator("[data-read-certificate-status]")).ToContainTextAsync("有 2 張自然人憑證");
        var reader = page.GetByLabel("經辦人卡片所在的讀卡機");
        await Assertions.Expect(reader).ToBeVisibleAsync();
        await Assertions.Expect(reader).ToBeFocusedAsync();
        (await serial.InputValueAsync()).ShouldBeEmpty();
        await GrantsDriver.ScreenshotAsync(session, "which-reader");
        await session.ShouldPassAxeAsync();

        // The manager's own card chosen: said, not filled in.
        await ReaderChoice.ChooseAsync(reader, GrantsFixture.ManagerCard);
        await read.ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial-error")).ToContainTextAsync("授權管理者（王小明）的自然人憑證，沒有帶入");
        (await serial.InputValueAsync()).ShouldBeEmpty();
        (await page.Locator("#Handler_Name").InputValueAsync()).ShouldBeEmpty();
        await GrantsDriver.ScreenshotAsync(session, "manager-card-refused");

        // The handler's reader chosen: filled in.
        await read.ClickAsync();
        await ReaderChoice.ChooseAsync(reader, HandlerCard);
        await read.ClickAsync();
        await Assertions.Expect(serial).ToHaveValueAsync(service.Pki.Leaf(HandlerCard).SerialNumber);
        await Assertions.Expect(page.Locator("#Handler_Name")).ToHaveValueAsync("陳美玲");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    private Task OpenSittingAsync(IPage page) => GrantsDriver.OpenSittingAsync(page, service);

    private static async Task AddTypedAsync(IPage page, string serial, string name, string id)
    {
        await page.GetByTestId("add-handler").ClickAsync();
        await FillAsync(page, serial, name, id);
        await page.GetByLabel("給付試算", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync("新增成功");
    }

    private static async Task FillAsync(IPage page, string serial, string name, string id)
    {
        await page.Locator("#Handler_CertificateSerial").FillAsync(serial);
        await page.Locator("#Handler_Name").FillAsync(name);
        await page.Locator("#Handler_NationalId").FillAsync(id);
    }
}
