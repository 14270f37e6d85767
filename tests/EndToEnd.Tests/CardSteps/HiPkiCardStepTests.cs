using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// Card steps on a PC with HiPKI Local Server and no agent of ours, in Chromium against tools/HiPkiEmulator: the page
/// finds no agent, says it will use HiPKI, opens HiPKI's popup from the click, and the server verifies HiPKI's PKCS7
/// end to end; HiPKI's failure codes are shown with the step's messages; a HiPKI that never answers is said plainly.
/// </summary>
public class HiPkiCardStepTests(BrowserFixture browser, HiPkiFixture service) : IClassFixture<BrowserFixture>, IClassFixture<HiPkiFixture>
{
    private const string NationalId = "A123456789";

    /// <summary>Not 123456, which the national ID contains: the check that the PIN never reaches the server must mean something.</summary>
    private const string Pin = "908172";

    private async Task<IPage> OpenCitizenQueryAsync(BrowserSession session, int? triesLeft = null, string pin = Pin)
    {
        service.HiPki.RemoveAllCards();
        InsertCitizenCard(pin, triesLeft);
        var page = session.Page;
        await page.GotoAsync("/Queries/CitizenSerial");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");
        await page.GetByLabel("身分證統一編號").FillAsync(NationalId);
        return page;
    }

    private void InsertCitizenCard(string pin, int? triesLeft) => service.HiPki.InsertCard(service.Pki, "citizen-moica2-rsa", triesLeft, pin);

    /// <summary>Types the PIN, presses 確認 and waits for HiPKI's popup to come and go.</summary>
    private static async Task SignThroughHiPkiAsync(IPage page, string pin = Pin)
    {
        await CardStepDriver.PinInput(page).FillAsync(pin);
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync());
    }

    [Fact]
    public async Task A_citizen_query_signs_through_HiPKIs_popup_and_the_result_names_the_signer()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var console = CardStepDriver.WatchConsole(session.Page);
        var page = await OpenCitizenQueryAsync(session);
        var leaf = service.Pki.Leaf("citizen-moica2-rsa");
        await session.ScreenshotAsync("hipki-instead-of-agent");
        await session.ShouldPassAxeAsync();

        await SignThroughHiPkiAsync(page);

        await Assertions.Expect(page.Locator("h2#citizen-serial-title")).ToHaveTextAsync("查詢自然人憑證結果");
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(leaf.CardNumber);
        (await page.Locator("[data-testid=card-signer]").InnerTextAsync()).ShouldContain("HiPKI 跨平台網頁元件");
        await session.ScreenshotAsync("result-through-hipki");
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(Pin);
        (await session.Requests.ToWebServerAsync()).ShouldContain(r => r.Method == "POST" && r.Body.Contains("hipki%2F1", StringComparison.Ordinal));
        // The agent's absent port refuses every poll (the browser logs each); nothing else may go wrong.
        console.Where(e => !e.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Citizen_card_sign_in_goes_through_HiPKI_to_the_server_s_answer_for_that_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        InsertCitizenCard(CardStepDriver.Pin, null);
        await page.GotoAsync("/Account/SignIn");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");

        await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "使用憑證登入", Exact = true }).ClickAsync());

        // The card verified: this service has no account bound to it yet, and says so (as with our agent).
        await Assertions.Expect(page.Locator("#card-sign-in-title")).ToHaveTextAsync("找不到這張自然人憑證的帳號資訊");
    }

    [Fact]
    public async Task An_organisation_query_signs_through_HiPKI_too()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "org-gca-rsa");
        await page.GotoAsync("/Queries/OrganisationOid");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");

        await CardStepDriver.TypeAgencyCodeAsync(page);
        await SignThroughHiPkiAsync(page, CardStepDriver.Pin);

        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        (await page.Locator("[data-testid=agency-name]").InnerTextAsync()).ShouldBe("人事行政總處");
        (await page.Locator("[data-testid=card-signer]").InnerTextAsync()).ShouldContain("HiPKI");
    }

    [Fact]
    public async Task With_several_cards_in_HiPKIs_readers_the_first_click_reads_them_and_HiPKI_is_told_the_reader_of_the_steps_kind_or_the_one_chosen()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        // The citizen card's reader comes first, where HiPKI would sign if it were not told which.
        service.HiPki.InsertCard(service.Pki, "citizen-moica2-rsa");
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true });
        var reader = page.Locator("#CardStep_Reader");
        var popups = 0;
        page.Popup += (_, _) => popups++;
        async Task OpenAsync()
        {
            await page.GotoAsync("/Queries/OrganisationOid");
            await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("HiPKI 跨平台網頁元件");
            await CardStepDriver.TypeAgencyCodeAsync(page);
            await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
        }

        // Only a citizen card: said when HiPKI's readers are read, before any PIN goes to a card.
        await OpenAsync();
        await page.RunAndWaitForPopupAsync(() => confirm.ClickAsync());
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToHaveTextAsync("讀卡機中的卡片不是機關憑證，請改插機關憑證。");
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();

        // One organisation card among two: the click reads HiPKI's readers again (GetUserCert, no PIN), the next signs
        // with the organisation card's reader.
        service.HiPki.InsertCard(service.Pki, "org-gca-rsa");
        await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
        await page.RunAndWaitForPopupAsync(() => confirm.ClickAsync());
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync("已透過 HiPKI 跨平台網頁元件找到讀卡機「Demo reader (org-gca-rsa)」中的卡片，請再按「確認」完成簽章。");
        await Assertions.Expect(reader).ToBeHiddenAsync();
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBe(CardStepDriver.Pin);
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => confirm.ClickAsync());
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(service.Pki.Leaf("org-gca-rsa").CardNumber);
        popups.ShouldBe(3);

        // Two organisation cards, read in a new tab: the person picks, as with our agent; the citizen card is no option.
        service.HiPki.InsertCard(service.Pki, "org-xca-rsa");
        await page.EvaluateAsync("() => sessionStorage.clear()");
        await OpenAsync();
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => confirm.ClickAsync());
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync("HiPKI 跨平台網頁元件找到多台插著機關憑證的讀卡機，請選擇要使用的讀卡機，再按「確認」。");
        await Assertions.Expect(reader).ToBeFocusedAsync();
        await Assertions.Expect(reader.Locator("option")).ToHaveCountAsync(3); // 「（請選擇）」 and the two organisation cards' readers
        await Assertions.Expect(reader.Locator("option", new() { HasText = "citizen" })).ToHaveCountAsync(0);
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBe(CardStepDriver.Pin);
        await session.ScreenshotAsync("hipki-reader-choice");
        await session.ShouldPassAxeAsync();

        await confirm.ClickAsync();
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToHaveTextAsync("有多台讀卡機插著卡片，請先選擇要使用的讀卡機。");
        popups.ShouldBe(4);

        await Grants.ReaderChoice.ChooseAsync(reader, "org-gca-rsa");
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => confirm.ClickAsync());
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(service.Pki.Leaf("org-gca-rsa").CardNumber);
        popups.ShouldBe(5);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);

        // The readers are kept for this tab: the next step offers the choice at once, without a reading click.
        await page.GotoAsync("/Queries/OrganisationOid");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("找到多台插著機關憑證的讀卡機");
        await Assertions.Expect(reader).ToBeVisibleAsync();
    }

    [Fact]
    public async Task HiPKIs_wrong_PIN_codes_count_down_and_the_locked_card_says_where_to_unlock_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = await OpenCitizenQueryAsync(session);

        await SignThroughHiPkiAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("PIN 碼錯誤，還可以再試 2 次；連續輸錯 3 次，卡片就會被鎖住。");
        await session.ScreenshotAsync("hipki-two-tries-left");

        await SignThroughHiPkiAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("只剩最後 1 次機會");

        await SignThroughHiPkiAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("已經鎖卡");
        (await CardStepDriver.PinError(page).InnerTextAsync()).ShouldContain("https://moica.nat.gov.tw");
        await session.ScreenshotAsync("hipki-locked");
        await session.ShouldPassAxeAsync();
        (await session.Requests.ToWebServerAsync()).ShouldNotContain(r => r.Method == "POST");
    }

    [Fact]
    public async Task No_card_and_no_reader_are_said_with_the_steps_own_messages()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = await OpenCitizenQueryAsync(session);
        service.HiPki.RemoveAllCards();

        await SignThroughHiPkiAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToHaveTextAsync("讀卡機中沒有卡片，請插入自然人憑證。");

        service.HiPki.RemoveReader();
        try
        {
            await SignThroughHiPkiAsync(page);
            await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("找不到讀卡機");
        }
        finally
        {
            Directory.CreateDirectory(service.HiPki.CardsDirectory);
        }
    }

    [Fact]
    public async Task When_neither_our_agent_nor_HiPKI_answers_the_page_says_so_with_how_to_install_either_and_the_popup_hint()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = await OpenCitizenQueryAsync(session);
        // HiPKI not installed: nothing answers at its address (the popup's page never loads).
        await session.Context.RouteAsync(service.HiPki.Origin + "/**", route => route.AbortAsync("connectionrefused"));

        await CardStepDriver.PinInput(page).FillAsync(Pin);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();

        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("都沒有回應", new() { Timeout = 30_000 });
        var text = await CardStepDriver.ReaderError(page).InnerTextAsync();
        text.ShouldContain("彈出式視窗");
        text.ShouldContain("HiCOS");
        text.ShouldContain("本機讀卡程式");
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
        await session.ScreenshotAsync("neither-answers");
    }

    [Fact]
    public async Task The_signer_check_page_finds_no_agent_and_HiPKI_with_its_version_and_readers()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "org-gca-rsa");

        await page.GotoAsync("/Diagnostics");
        await Assertions.Expect(page.Locator("[data-agent-result]")).ToContainTextAsync("無法連線到本機讀卡程式");
        await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "檢查 HiPKI 跨平台網頁元件" }).ClickAsync());

        await Assertions.Expect(page.Locator("[data-hipki-result]")).ToContainTextAsync("HiPKI 跨平台網頁元件已回應，版本 1.3.4.103349。");
        await Assertions.Expect(page.Locator("[data-hipki-result]")).ToContainTextAsync("讀卡機「Demo reader (org-gca-rsa)」：有卡片（卡號 " + service.Pki.Leaf("org-gca-rsa").CardNumber + "）");
        await session.ScreenshotAsync("signer-check");
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task A_blocked_popup_is_detected_and_said()
    {
        // Chromium's own popup blocker, which Playwright turns off by default, on; and the click's user activation spent
        // by another window.open first (as a second popup in one click is), so the blocker refuses ours for real.
        using var playwright = await Playwright.CreateAsync();
        await using var blocking = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
            IgnoreDefaultArgs = ["--disable-popup-blocking"],
        });
        var context = await blocking.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.BaseUrl.ToString(), Locale = "zh-TW" });
        await context.AddInitScriptAsync("document.addEventListener('click', () => window.open('about:blank', 'first'), true);");
        var page = await context.NewPageAsync();
        service.HiPki.RemoveAllCards();
        InsertCitizenCard(Pin, null);
        await page.GotoAsync("/Queries/CitizenSerial");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");
        await CardStepDriver.PinInput(page).FillAsync(Pin);

        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();

        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("封鎖了 HiPKI 跨平台網頁元件的彈出式視窗", new() { Timeout = 30_000 });
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
    }
}

/// <summary>HiPKI before the user trusted the service: 0x76000031, the add-site button, HiPKI's add-site page, then the step goes through.</summary>
public class UntrustedHiPkiTests(BrowserFixture browser, UntrustedHiPkiFixture service) : IClassFixture<BrowserFixture>, IClassFixture<UntrustedHiPkiFixture>
{
    [Fact]
    public async Task An_untrusted_site_is_offered_HiPKIs_add_site_step_and_then_signs()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "org-gca-rsa");
        await page.GotoAsync("/Queries/OrganisationOid");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");
        var addSite = page.GetByRole(AriaRole.Button, new() { Name = "加入信任網站", Exact = true });
        (await addSite.IsVisibleAsync()).ShouldBeFalse();

        await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
        var signPopup = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync());
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("尚未把本網站列為信任網站");
        await Assertions.Expect(addSite).ToBeVisibleAsync();
        await session.ScreenshotAsync("untrusted");
        await session.ShouldPassAxeAsync();

        var addPopup = await page.RunAndWaitForPopupAsync(() => addSite.ClickAsync());
        addPopup.Url.ShouldContain("/addDomain?domain=127.0.0.1");
        await addPopup.Locator("#add").ClickAsync();
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("已把本網站加入 HiPKI 跨平台網頁元件的信任網站");
        await Assertions.Expect(addSite).ToBeHiddenAsync();

        await CardStepDriver.TypeAgencyCodeAsync(page);
        await CardStepDriver.PinInput(page).FillAsync(CardStepDriver.Pin);
        await CardStepDriver.ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync());
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        signPopup.IsClosed.ShouldBeTrue();
    }
}
