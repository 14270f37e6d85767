using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Queries;

/// <summary>
/// 查詢機關憑證OID end to end: page → card agent (demo back end, TestPki cards) → server validation → the agency code
/// typed with the card, looked up in the demo agency directory → result.
/// </summary>
public class OrganisationOidTests(BrowserFixture browser, CardStepFixture service) : IClassFixture<BrowserFixture>, IClassFixture<CardStepFixture>
{
    [Fact]
    public async Task The_organisation_card_s_agency_name_and_OID_are_shown_after_its_agency_code_and_PIN()
    {
        await service.SeedReferenceDataAsync();
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
        (await page.GetByLabel("機關代號").GetAttributeAsync("name")).ShouldBe("Input.AgencyCode");
        await CardStepDriver.TypeAgencyCodeAsync(page, "3230000");
        await session.ScreenshotAsync("card-step");
        await session.ShouldPassAxeAsync();

        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        await session.ScreenshotAsync("result");

        (await page.Locator("[data-testid=agency-name]").InnerTextAsync()).ShouldBe("人事行政總處");
        (await page.Locator("[data-testid=agency-oid]").InnerTextAsync()).ShouldBe("2.16.886.101.20003.20012");
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(leaf.CardNumber);
        (await page.Locator("[data-testid=agency-code]").InnerTextAsync()).ShouldBe("3230000（機關代碼檔：人事行政總處）");
        (await page.Locator("[data-testid=oid-notice]").GetAttributeAsync("class")).ShouldBe("notice notice--success");
        (await page.Locator("[data-testid=oid-notice]").InnerTextAsync()).ShouldContain("與機關代碼檔中人事行政總處（3230000）的資料相符");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("organisation-oid-title");
        await CardStepDriver.ShouldAnnounceAsync(page, "2.16.886.101.20003.20012");
        await session.ShouldPassAxeAsync();
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
        (await session.Requests.ToCardAgentAsync()).ShouldContain(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal) && r.Contains(CardStepDriver.Pin));
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains("Token", StringComparison.OrdinalIgnoreCase) && !r.Url.Contains(leaf.SerialNumber, StringComparison.OrdinalIgnoreCase));
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        console.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_agency_code_is_required_and_must_be_in_the_directory_and_another_agency_s_code_gets_a_review_notice_not_an_error()
    {
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");
        var before = await service.Store.HeadAsync();
        await page.GotoAsync("/Queries/OrganisationOid");
        await CardStepDriver.WaitForCardAsync(page);
        var field = page.GetByLabel("機關代號");
        var error = page.Locator("#Input_AgencyCode-error");

        // Left empty: said at the field, after the card was read (the card is read again with the next PIN).
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(error).ToContainTextAsync("機關代號");
        (await field.GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator(".error-summary").InnerTextAsync()).ShouldContain(await error.InnerTextAsync());
        (await page.Locator("[data-testid=agency-oid]").CountAsync()).ShouldBe(0);
        await session.ScreenshotAsync("agency-code-missing");
        await session.ShouldPassAxeAsync();

        // Well formed but not an agency of the directory.
        await CardStepDriver.WaitForCardAsync(page);
        await field.FillAsync("2000000");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(error).ToHaveTextAsync("機關代碼檔中查無此機關代號，請確認輸入是否正確。");
        (await field.InputValueAsync()).ShouldBe("2000000");
        (await page.Locator("[data-testid=agency-oid]").CountAsync()).ShouldBe(0);
        await session.ScreenshotAsync("agency-code-unknown");
        await session.ShouldPassAxeAsync();

        // 財政資訊中心's code with 人事行政總處's card: the card is shown, and the notice says registering it means an OID review.
        await CardStepDriver.WaitForCardAsync(page);
        await field.FillAsync("3011400");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#organisation-oid-title")).ToHaveTextAsync("機關憑證OID查詢結果");
        var notice = page.Locator("[data-testid=oid-notice]");
        (await notice.GetAttributeAsync("class")).ShouldBe("notice notice--warning");
        (await notice.InnerTextAsync()).ShouldContain("不在機關代碼檔中財政資訊中心（3011400）的資料裡");
        (await notice.InnerTextAsync()).ShouldContain("須先經承保單位審核 OID");
        (await page.Locator("[data-testid=agency-oid]").InnerTextAsync()).ShouldBe("2.16.886.101.20003.20012");
        (await page.Locator(".error-summary").CountAsync()).ShouldBe(0);
        await session.ScreenshotAsync("oid-not-expected");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
