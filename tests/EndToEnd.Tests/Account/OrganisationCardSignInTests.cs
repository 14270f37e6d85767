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
    private async Task RefusedAsync(BrowserSession session, string leaf, string message, bool exact = true)
    {
        var page = session.Page;
        SignInDriver.OnlyCard(service, service.Pki, leaf);
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page, "organisation");

        if (exact)
            await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(message);
        else
            await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync(message);
        (await page.Locator("#CardStep_Pin").GetAttributeAsync("aria-invalid")).ShouldBe("true");
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
    public async Task A_known_agency_s_card_that_no_personnel_officer_uploaded_is_refused()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        await RefusedAsync(session, "org-gca-ec", CardSignInMessages.OrganisationCertificateNotUploaded.Message);
        (await session.Page.Locator("#card-sign-in nav a[aria-current=page]").InnerTextAsync()).ShouldBe("機關憑證");
    }

    [Fact]
    public async Task A_test_organisation_certificate_is_refused()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        await RefusedAsync(session, "org-test-ca", CardFailureMessages.For(CardCheck.TestCertificate));
    }

    [Theory]
    [InlineData("org-revoked", CertificateFailureCode.Revoked)]
    [InlineData("org-expired", CertificateFailureCode.Expired)]
    public async Task A_revoked_or_expired_organisation_certificate_is_refused_with_its_own_message(string leaf, CertificateFailureCode code)
    {
        await using var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"Refused_{leaf}");
        await RefusedAsync(session, leaf, CardFailureMessages.For(code));
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
