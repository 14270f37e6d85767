using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Grants;

/// <summary>
/// 授權指派 on a PC with HiPKI Local Server and no agent of ours (tools/HiPkiEmulator): both card steps of the sitting are
/// signed through HiPKI's popup, and 讀取憑證 reads the handler's card through HiPKI's GetUserCert.
/// </summary>
public class GrantThroughHiPkiTests(BrowserFixture browser, GrantThroughHiPkiTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<GrantThroughHiPkiTests.Service>
{
    public sealed class Service : GrantsFixture
    {
        protected override bool OnAHiPkiPc => true;
    }

    private const string HandlerCard = "citizen-moica2-ec";
    private const string HandlerId = "B220612340";

    /// <summary>GrantsDriver.OpenSittingAsync on a HiPKI PC: the organisation card, then the manager's, each through HiPKI's popup.</summary>
    private async Task OpenSittingThroughHiPkiAsync(IPage page)
    {
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, GrantsFixture.OrganisationCard);
        await page.GotoAsync("/Grants");
        await page.Locator("#Step_AgencyCode").FillAsync(GrantsFixture.Agency);
        await CardStepDriver.SubmitPinThroughHiPkiAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權管理者自然人憑證確認");
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, GrantsFixture.ManagerCard);
        await page.Locator("#Step_ManagerNationalId").FillAsync(GrantsFixture.ManagerId);
        await CardStepDriver.SubmitPinThroughHiPkiAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權經辦人清單");
    }

    [Fact]
    public async Task A_manager_signs_both_steps_and_reads_the_handler_s_card_through_HiPKI_and_the_grant_is_issued()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);

        await OpenSittingThroughHiPkiAsync(page);

        var before = await service.Store.HeadAsync();
        await page.GetByTestId("add-handler").ClickAsync();
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, HandlerCard);
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" }).ClickAsync());
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial")).ToHaveValueAsync(service.Pki.Leaf(HandlerCard).SerialNumber);
        await Assertions.Expect(page.Locator("#Handler_Name")).ToHaveValueAsync("陳美玲");
        await GrantsDriver.ScreenshotAsync(session, "read-through-hipki");
        await session.ShouldPassAxeAsync();
        await page.Locator("#Handler_NationalId").FillAsync(HandlerId);
        await page.GetByLabel("給付試算", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync("新增成功");
        (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem().Type.ShouldBe("GrantIssued.v2");
        await Assertions.Expect(page.Locator("tr[data-grant]", new() { HasText = "陳美玲" })).ToContainTextAsync("B22****340");
        // The two signatures went to the server as HiPKI's PKCS7; the PIN went to HiPKI only.
        (await session.Requests.ToWebServerAsync()).Count(r => r.Method == "POST" && r.Body.Contains("hipki%2F1", StringComparison.Ordinal)).ShouldBe(2);
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !(r.Url + r.Body).Replace(GrantsFixture.ManagerId, "", StringComparison.Ordinal).Contains(CardStepDriver.Pin, StringComparison.Ordinal));
        // The absent agent's port refuses every probe (the browser logs each); nothing else may go wrong.
        console.Where(e => !e.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reading_the_handler_s_card_with_no_card_in_HiPKI_s_reader_says_so_and_fills_nothing()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await OpenSittingThroughHiPkiAsync(page);
        await page.GetByTestId("add-handler").ClickAsync();

        service.HiPki.RemoveAllCards();
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" }).ClickAsync());

        await Assertions.Expect(page.Locator("[data-read-certificate-status]")).ToHaveTextAsync("找不到插著自然人憑證的讀卡機。請插入經辦人的自然人憑證後再按一次。");
        (await page.Locator("#Handler_CertificateSerial").InputValueAsync()).ShouldBeEmpty();
        (await page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" }).IsEnabledAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task With_two_cards_in_HiPKI_s_readers_read_certificate_asks_which_and_never_fills_in_the_manager_s_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await OpenSittingThroughHiPkiAsync(page); // ends with the manager's card in HiPKI's reader
        await page.GetByTestId("add-handler").ClickAsync();
        service.HiPki.InsertCard(service.Pki, HandlerCard);
        var read = page.GetByRole(AriaRole.Button, new() { Name = "讀取憑證" });

        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => read.ClickAsync());
        await Assertions.Expect(page.Locator("[data-read-certificate-status]")).ToContainTextAsync("有 2 張自然人憑證");
        var reader = page.GetByLabel("經辦人卡片所在的讀卡機");
        (await page.Locator("#Handler_CertificateSerial").InputValueAsync()).ShouldBeEmpty();

        // HiPKI's one answer holds both cards: the choice reads from it, without a second popup.
        await ReaderChoice.ChooseAsync(reader, GrantsFixture.ManagerCard);
        await read.ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial-error")).ToContainTextAsync("授權管理者（王小明）的自然人憑證，沒有帶入");
        (await page.Locator("#Handler_CertificateSerial").InputValueAsync()).ShouldBeEmpty();

        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => read.ClickAsync());
        await ReaderChoice.ChooseAsync(reader, HandlerCard);
        await read.ClickAsync();
        await Assertions.Expect(page.Locator("#Handler_CertificateSerial")).ToHaveValueAsync(service.Pki.Leaf(HandlerCard).SerialNumber);
        await Assertions.Expect(page.Locator("#Handler_Name")).ToHaveValueAsync("陳美玲");
    }
}
