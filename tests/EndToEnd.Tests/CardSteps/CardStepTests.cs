using System.Text.Json;
using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// What a person sees when a card step goes wrong, in Chromium with the real agent on the demo back end: wrong and
/// locked PINs, refused certificates, the wrong card, no reader, several readers, and tokens sent twice.
/// </summary>
[RunsLong]
public class CardStepTests(BrowserFixture browser, CardStepFixture service) : IClassFixture<BrowserFixture>, IClassFixture<CardStepFixture>
{
    private const string CitizenPage = "/Queries/CitizenSerial";
    private const string OrganisationPage = "/Queries/OrganisationOid";

    private async Task<IPage> OpenCitizenStepAsync(BrowserSession session, string leaf = "citizen-moica2-rsa", string nationalId = "A123456789")
    {
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, leaf);
        var page = session.Page;
        await page.GotoAsync(CitizenPage);
        await CardStepDriver.WaitForCardAsync(page);
        await page.GetByLabel("身分證統一編號").FillAsync(nationalId);
        return page;
    }

    [Fact]
    public async Task Wrong_PINs_count_down_two_then_one_and_the_third_locks_the_card_with_where_to_unlock_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = await OpenCitizenStepAsync(session);

        await CardStepDriver.SubmitPinAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("PIN 碼錯誤，還可以再試 2 次；連續輸錯 3 次，卡片就會被鎖住。");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("CardStep_Pin");
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
        await CardStepDriver.ShouldAnnounceAsync(page, "還可以再試 2 次");
        await session.ScreenshotAsync("two-tries-left");
        await session.ShouldPassAxeAsync();

        await CardStepDriver.SubmitPinAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("只剩最後 1 次機會");
        await session.ScreenshotAsync("one-try-left");

        await CardStepDriver.SubmitPinAsync(page, "000000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("已經鎖卡");
        var blocked = await CardStepDriver.PinError(page).InnerTextAsync();
        blocked.ShouldContain("內政部憑證管理中心");
        blocked.ShouldContain("https://moica.nat.gov.tw");
        await session.ScreenshotAsync("blocked");
        await session.ShouldPassAxeAsync();

        // Locked is locked: the right PIN no longer works either.
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("已經鎖卡");
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("000000");
        (await session.Requests.ToWebServerAsync()).ShouldNotContain(r => r.Method == "POST");
    }

    [Fact]
    public async Task A_locked_organisation_card_is_sent_to_its_issuing_CA()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        CardStepDriver.InsertCard(service.Agent, service.Pki, "org-gca-rsa", triesLeft: 1);

        await page.GotoAsync(OrganisationPage);
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, "wrong00");

        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("這張機關憑證已經鎖卡");
        var message = await CardStepDriver.PinError(page).InnerTextAsync();
        message.ShouldContain("請洽發給這張卡的「政府憑證管理中心」辦理鎖卡解碼");
        message.ShouldNotContain("工商憑證管理中心");
        message.ShouldNotContain("內政部");
        await session.ScreenshotAsync("organisation-blocked");
        await session.ShouldPassAxeAsync();
    }

    [Theory]
    [InlineData("citizen-expired", "H224168027", "憑證已過期")]
    [InlineData("org-expired", null, "憑證已過期")]
    [InlineData("citizen-test-ca", "M125183707", "測試用憑證")]
    [InlineData("org-test-ca", null, "測試用憑證")]
    [InlineData("citizen-revoked", "D225801474", "憑證已被廢止")]
    [InlineData("org-revoked", null, "憑證已被廢止")]
    public async Task A_refused_certificate_is_a_state_of_the_card_said_once_in_the_steps_notice(string leaf, string? nationalId, string expected)
    {
        // One screenshot folder per card, not one the cases overwrite in turn.
        await using var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"{nameof(A_refused_certificate_is_a_state_of_the_card_said_once_in_the_steps_notice)}-{leaf}");
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, leaf);
        await page.GotoAsync(nationalId is null ? OrganisationPage : CitizenPage);
        await CardStepDriver.WaitForCardAsync(page);
        if (nationalId is not null)
            await page.GetByLabel("身分證統一編號").FillAsync(nationalId);

        await CardStepDriver.SubmitPinAsync(page);
        await CardStepDriver.ShouldShowCardStateAsync(page, expected);
        await session.ScreenshotAsync(leaf);

        (await page.Locator("[data-testid=serial]").CountAsync()).ShouldBe(0);
        await session.ShouldPassAxeAsync();

        // Another card, a wrong PIN: that one is the user's to fix, at the PIN; the last card's notice is gone.
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, nationalId is null ? "org-gca-rsa" : "citizen-moica2-rsa");
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, "654321");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("PIN 碼錯誤");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await Assertions.Expect(CardStepDriver.Notice(page)).ToBeHiddenAsync();
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("654321");
    }

    [Fact]
    public async Task A_card_of_the_wrong_kind_is_named_before_the_agent_is_asked_for_a_signature()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);

        await ShouldStopAtTheReaderAsync(session, "citizen-moica2-rsa", OrganisationPage,
            "讀卡機中的卡片不是機關憑證，請改插機關憑證。", "讀卡機中的卡片不是機關憑證，請改插機關憑證。", "wrong-kind");
    }

    [Fact]
    public async Task Without_a_reader_the_step_says_so_and_goes_on_once_a_card_is_inserted()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();

        await page.GotoAsync(OrganisationPage);
        await CardStepDriver.TypeAgencyCodeAsync(page, "3011400");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync("找不到讀卡機，請將讀卡機接上這台電腦。");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("找不到讀卡機");
        await session.ScreenshotAsync("no-reader");
        await session.ShouldPassAxeAsync();

        service.Agent.InsertCard(service.Pki, "org-gca-ec");
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync("財政資訊中心");
    }

    [Fact]
    public async Task A_page_on_an_origin_the_agent_does_not_allow_is_told_so_without_asking_the_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);

        // The same service under another name: the agent allows http://127.0.0.1:<port> only.
        await ShouldStopAtTheReaderAsync(session, "org-gca-rsa", $"http://localhost:{service.BaseUrl.Port}{OrganisationPage}",
            $"本機讀卡程式正在執行，但沒有允許本網站（http://localhost:{service.BaseUrl.Port}）使用卡片。",
            $"本機讀卡程式沒有允許本網站（http://localhost:{service.BaseUrl.Port}）使用卡片", "origin-not-allowed");
    }

    [Fact]
    public async Task Without_JavaScript_the_step_says_it_needs_it_and_a_plain_post_is_told_no_card_was_read()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.BaseUrl.ToString(), Locale = "zh-TW", JavaScriptEnabled = false });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(OrganisationPage);
            (await CardStepDriver.ReaderStatus(page).InnerTextAsync()).ShouldContain("需要瀏覽器執行 JavaScript");

            await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

            (await page.Locator("h1").InnerTextAsync()).ShouldBe("查詢機關憑證OID");
            (await CardStepDriver.PinError(page).InnerTextAsync()).ShouldContain("尚未讀取機關憑證");
            (await page.Locator("input[name='CardStep.Challenge']").InputValueAsync()).Length.ShouldBe(71);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_PIN_of_the_wrong_format_is_refused_on_the_page_and_never_reaches_the_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = await OpenCitizenStepAsync(session);

        await CardStepDriver.SubmitPinAsync(page, "12ab56");

        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("自然人憑證的 PIN 碼是 6 至 8 位數字，請重新輸入。");
        (await session.Requests.ToCardAgentAsync()).ShouldNotContain(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal));
        await session.ScreenshotAsync("pin-format");

        await CardStepDriver.SubmitPinAsync(page, "");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("請輸入自然人憑證的 PIN 碼。");
    }

    [Fact]
    public async Task With_several_readers_holding_the_expected_card_the_person_chooses_one()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");
        service.Agent.InsertCard(service.Pki, "org-xca-rsa");
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");

        await page.GotoAsync(OrganisationPage);
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToContainTextAsync("有多台讀卡機插著機關憑證");
        var select = page.GetByLabel("選擇讀卡機");
        (await select.Locator("option").AllInnerTextsAsync()).ShouldBe(["（請選擇）", "Demo reader (org-gca-rsa)", "Demo reader (org-xca-rsa)"]);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync("請先選擇要使用的讀卡機");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("CardStep_Reader");
        await session.ScreenshotAsync("choose-reader");
        await session.ShouldPassAxeAsync();

        await select.SelectOptionAsync("Demo reader (org-xca-rsa)");
        await CardStepDriver.TypeAgencyCodeAsync(page, "15023");
        await CardStepDriver.SubmitPinAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync("私立明德高級中學");
    }

    [Fact]
    public async Task A_token_sent_again_is_refused_and_so_is_the_token_with_a_new_challenge()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");
        await page.GotoAsync(OrganisationPage);
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.TypeAgencyCodeAsync(page);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=agency-oid]")).ToBeVisibleAsync();
        var post = (await session.Requests.ToWebServerAsync()).Single(r => r.Method == "POST");
        post.Body.ShouldContain("CardStep.Token=");

        var replay = await PostAsync(page, post.Url, post.Body, null);
        await page.GotoAsync(OrganisationPage);
        var fresh = await page.Locator("input[name='CardStep.Challenge']").InputValueAsync();
        var withNewChallenge = await PostAsync(page, post.Url, post.Body, fresh);

        replay.GetProperty("status").GetInt32().ShouldBe(200);
        replay.GetProperty("text").GetString()!.ShouldContain("此次驗證的挑戰碼已使用過");
        replay.GetProperty("text").GetString()!.ShouldNotContain("data-testid=\"agency-oid\"");
        withNewChallenge.GetProperty("text").GetString()!.ShouldContain("簽章驗證失敗");
        withNewChallenge.GetProperty("text").GetString()!.ShouldNotContain("data-testid=\"agency-oid\"");
    }

    /// <summary>
    /// With one card in the agent, opens the step, expects the reader status, presses 確認 and expects the reader's
    /// message, the card never having been asked for a signature; the page passes axe in that state.
    /// </summary>
    private async Task ShouldStopAtTheReaderAsync(BrowserSession session, string leaf, string url, string status, string message, string screenshot)
    {
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, leaf);

        await page.GotoAsync(url);
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync(status);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync(message);
        await session.ScreenshotAsync(screenshot);

        (await session.Requests.ToCardAgentAsync()).ShouldNotContain(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal));
        await session.ShouldPassAxeAsync();
    }

    /// <summary>Sends a recorded form body again from the page (same cookies), as htmx would, optionally with another challenge.</summary>
    private static async Task<JsonElement> PostAsync(IPage page, string url, string body, string? challenge) =>
        await page.EvaluateAsync<JsonElement>(
            """
            async ([url, body, challenge]) => {
              const form = new URLSearchParams(body);
              if (challenge) form.set('CardStep.Challenge', challenge);
              const token = document.querySelector('meta[name="request-verification-token"]').content;
              const response = await fetch(url, { method: 'POST', body: form, headers: { 'HX-Request': 'true', 'RequestVerificationToken': token } });
              return { status: response.status, text: await response.text() };
            }
            """, new object?[] { url, body, challenge });
}
