using Domain.Certificates.Cards;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Pkix.Validation;
using Web.Pages.Account.SignIn;

namespace EndToEnd.Tests.Account;

/// <summary>Organisation-card sign-in's refusals (issue 7.1): unknown agency, card not uploaded, test, revoked and expired certificates, wrong PIN, locked card.</summary>
public class OrganisationCardSignInTests(BrowserFixture browser, EcpaFixture service) : IClassFixture<BrowserFixture>, IClassFixture<EcpaFixture>
{
    /// <param name="stateOfTheCard">The card itself is unusable (expired, revoked, a test CA's): said in the step's notice, not at the PIN.</param>
    private async Task RefusedAsync(BrowserSession session, string leaf, string message, bool stateOfTheCard = false)
    {
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, leaf);
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page, "organisation");

        if (stateOfTheCard)
        {
            await CardStepDriver.ShouldShowCardStateAsync(page, message);
        }
        else
        {
            await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(message);
            (await page.Locator("#CardStep_Pin").GetAttributeAsync("aria-invalid")).ShouldBe("true");
            await Assertions.Expect(CardStepDriver.Notice(page)).ToHaveCountAsync(0);
        }
        await session.ScreenshotAsync("refused");
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task A_card_whose_identifier_is_not_in_the_directory_is_refused_as_an_unknown_agency()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        // A MOEACA company card carries no OID: its business number is what the directory does not list.
        await RefusedAsync(session, "org-moeaca-rsa", CardSignInMessages.AgencyUnknown("24536806").Message);
    }

    [Fact]
    public async Task A_known_agency_s_card_not_uploaded_yet_is_a_notice_and_a_personnel_officer_signing_in_there_uploads_that_card()
    {
        // Seed 000 二(一)–(三): the card at 使用憑證登入 first, then the personnel officer's eCPA account and password.
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, "org-gca-rsa");
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page, "organisation");
        var notice = page.GetByTestId("organisation-card-not-uploaded");
        await Assertions.Expect(notice).ToContainTextAsync(CardSignInMessages.OrganisationCertificateNotUploaded.Message);
        await Assertions.Expect(page.Locator("#card-sign-in-title")).ToHaveTextAsync("這張機關憑證尚未上傳");
        (await notice.GetAttributeAsync("class")).ShouldBe("notice notice--warning");
        (await page.Locator("#CardStep_Pin").CountAsync()).ShouldBe(0, "a state of the card, not a PIN to type again");
        (await page.Locator(".error-summary:visible").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
        await session.ScreenshotAsync("not-uploaded");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        // The officer signs in right there and lands on step 2 with this card: no second PIN.
        await page.Locator("#Input_Account").FillAsync(EcpaFixture.OfficerAccount);
        await page.Locator("#Input_Password").FillAsync(DemoHost.DemoData.DemoAccounts.Password);
        await page.Locator("#password-sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation-upload-title")).ToHaveTextAsync("步驟二．將憑證註冊到機關");
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(service.Pki.Leaf("org-gca-rsa").SerialNumber);
        (await page.Locator("#Input_AgencyCode").InputValueAsync()).ShouldBe("3230000");
        await session.ScreenshotAsync("card-first-step-2");
        await session.ShouldPassAxeAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確定" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync("憑證上傳成功");
        (await service.Store.EventsAfterAsync(before)).ShouldContain(e => e.StreamId == "ecpa-agency-3230000" && e.Type == "OrganisationCertificateBound.v1");
        (await session.Requests.ToCardAgentAsync()).Count(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal)).ShouldBe(1);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);

        // Without the card-first start, the upload page asks for the card as before.
        await page.GotoAsync("/Ecpa/OrganisationCertificate");
        await Assertions.Expect(page.Locator("#organisation-upload-title")).ToHaveTextAsync("步驟一．憑證檢測");
    }

    [Fact]
    public async Task Another_agency_s_card_not_uploaded_yet_gets_the_same_notice()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, "org-gca-ec");
        await SignInDriver.CardSignInAsync(page, "organisation");
        await Assertions.Expect(page.GetByTestId("organisation-card-not-uploaded")).ToContainTextAsync(CardSignInMessages.OrganisationCertificateNotUploaded.Message);
        await page.GetByRole(AriaRole.Link, new() { Name = "改用其他機關憑證登入" }).ClickAsync();
        await Assertions.Expect(page.Locator("#card-sign-in nav a[aria-current=page]")).ToHaveTextAsync("機關憑證");
        await CardStepDriver.WaitForCardAsync(page);
    }

    [Fact]
    public async Task A_test_organisation_certificate_is_refused()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        await RefusedAsync(session, "org-test-ca", CardFailureMessages.For(CardCheck.TestCertificate), stateOfTheCard: true);
    }

    [Theory]
    [InlineData("org-revoked", CertificateFailureCode.Revoked)]
    [InlineData("org-expired", CertificateFailureCode.Expired)]
    public async Task A_revoked_or_expired_organisation_certificate_is_refused_with_its_own_message_in_one_notice(string leaf, CertificateFailureCode code)
    {
        await using var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"Refused_{leaf}");
        await RefusedAsync(session, leaf, CardFailureMessages.For(code), stateOfTheCard: true);
    }

    [Fact]
    public async Task A_wrong_PIN_says_how_many_tries_are_left_and_a_locked_organisation_card_names_its_issuing_CA_to_unlock_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var before = await service.Store.HeadAsync();
        SignInDriver.OnlyCard(service, service.Pki, "org-gca-rsa");
        await SignInDriver.CardSignInAsync(page, "organisation", pin: "654321");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("PIN 碼錯誤，還可以再試 2 次；連續輸錯 3 次，卡片就會被鎖住。");
        await session.ScreenshotAsync("wrong-pin");

        service.Agent.RemoveAllCards();
        CardStepDriver.InsertCard(service.Agent, service.Pki, "org-gca-rsa", triesLeft: 0);
        await SignInDriver.CardSignInAsync(page, "organisation");

        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("請洽發給這張卡的「政府憑證管理中心」辦理鎖卡解碼");
        await session.ScreenshotAsync("locked");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("654321");
    }
}
