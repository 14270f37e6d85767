using Domain.Certificates.Cards;
using Domain.People;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Pkix.Validation;
using TestPki;
using Web.Pages.Account.SignIn;

namespace EndToEnd.Tests.Account;

/// <summary>
/// Citizen-card sign-in (issue 7.1–7.2): the first sign-in wizard and its three checks in order, the PIN alone
/// afterwards, "我要更新憑證" after a renewal, and the card step's refusals — with the demo agent and TestPki cards.
/// </summary>
[RunsLong]
public class CitizenCardSignInTests(BrowserFixture browser, CitizenCardSignInTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<CitizenCardSignInTests.Service>
{
    /// <summary>One service per class: the bindings made here stay within it.</summary>
    public sealed class Service : EcpaFixture;

    private PkiManifest Pki => service.Pki;

    private async Task<BrowserSession> OpenAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        await BrowserSession.OpenAsync(browser, service, callerMember: test);

    [Fact]
    public async Task The_first_sign_in_binds_the_card_to_the_account_typed_and_later_the_PIN_alone_signs_in()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, "citizen-moica2-rsa");
        var before = await service.Store.HeadAsync();

        await page.GotoAsync("/Account/SignIn");
        await CardStepDriver.WaitForCardAsync(page);
        await session.ScreenshotAsync("sign-in");
        await session.ShouldPassAxeAsync();
        await CardStepDriver.SubmitPinAsync(page, button: "使用憑證登入");
        await Assertions.Expect(page.Locator("#card-sign-in-title")).ToHaveTextAsync("找不到這張自然人憑證的帳號資訊");
        await session.ScreenshotAsync("no-account");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(EcpaFixture.OfficerAccount);
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=my-notice]")).ToContainTextAsync("憑證上傳成功");
        await SignInDriver.ShouldBeSignedInAsAsync(page, "王小明");
        await session.ScreenshotAsync("bound-and-signed-in");
        await session.ShouldPassAxeAsync();

        var written = await service.Store.EventsAfterAsync(before);
        written.Select(e => e.Type).ShouldBe(["CitizenCertificateBound.v1"]);
        written[0].StreamId.ShouldStartWith("person-");
        written[0].StreamId.ShouldNotContain("A123456789");
        (await page.Locator("[data-testid=my-roles]").InnerTextAsync()).ShouldBe("公務人員、人事人員");
        (await page.Locator("[data-testid=my-certificate]").InnerTextAsync()).ShouldContain(Pki.Leaf("citizen-moica2-rsa").SerialNumber);

        await SignInDriver.SignOutAsync(page);
        var afterBinding = await service.Store.HeadAsync();
        await SignInDriver.CardSignInAsync(page);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "王小明");
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).ShouldContain("以自然人憑證登入");
        await service.Store.ShouldHaveNoEventsAfterAsync(afterBinding);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task A_person_missing_from_the_personnel_records_is_told_so_and_nothing_is_written()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki.IssueCitizenCard(new CitizenHolder("周測試", "C201987654")));
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page);
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync("C201987654");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await Assertions.Expect(SignInDriver.WizardError(page)).ToHaveTextAsync(PersonRejections.NotInPersonnelRecords.Message);
        (await page.Locator("#FirstSignIn_AccountOrNationalId").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("#FirstSignIn_AccountOrNationalId").InputValueAsync()).ShouldBeEmpty();
        await session.ScreenshotAsync("not-in-records");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task A_departed_person_is_told_so_before_ownership_is_looked_at()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, "citizen-moica3-rsa");
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page);
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(EcpaFixture.DepartedAccount);
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await Assertions.Expect(SignInDriver.WizardError(page)).ToHaveTextAsync(PersonRejections.Departed.Message);
        await session.ScreenshotAsync("departed");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task Another_person_s_account_is_refused_as_not_the_owner_and_five_misses_ask_for_the_card_again()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, "citizen-moica2-ec");
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page);
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(EcpaFixture.OfficerAccount);
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await Assertions.Expect(SignInDriver.WizardError(page)).ToHaveTextAsync(PersonRejections.NotTheOwner.Message);
        await session.ScreenshotAsync("not-the-owner");
        await session.ShouldPassAxeAsync();

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await SignInDriver.AnswerFirstSignInAsync(page, EcpaFixture.OfficerAccount);
            if (attempt < 5)
                await Assertions.Expect(SignInDriver.WizardError(page)).ToHaveTextAsync(PersonRejections.NotTheOwner.Message);
        }

        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(WizardMessages.TooManyAttempts.Message);
        await session.ScreenshotAsync("card-again");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task A_renewed_card_is_bound_through_update_my_certificate_and_the_old_card_no_longer_signs_in()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var holder = new CitizenHolder("陳美玲", "B220612340");
        var first = Pki.IssueCitizenCard(holder, new CardRequest { Name = "chen-first" });
        var renewed = Pki.IssueCitizenCard(holder, new CardRequest { Name = "chen-renewed", Variant = "renewal-1" });
        SignInDriver.OnlyCard(service, first);
        await SignInDriver.CardSignInAsync(page);
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync("B220612340");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        await SignInDriver.SignOutAsync(page);

        SignInDriver.OnlyCard(service, renewed);
        var before = await service.Store.HeadAsync();
        await SignInDriver.CardSignInAsync(page);
        await Assertions.Expect(page.Locator("#card-sign-in-title")).ToHaveTextAsync("找不到這張自然人憑證的帳號資訊");
        await page.GetByRole(AriaRole.Link, new() { Name = "我要更新憑證" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我要更新憑證");
        await CardStepDriver.WaitForCardAsync(page);
        await session.ScreenshotAsync("update-certificate");
        await session.ShouldPassAxeAsync();

        await page.Locator("#Input_NationalId").FillAsync("B220612349");
        await CardStepDriver.SubmitPinAsync(page, button: "下一步");
        await Assertions.Expect(page.Locator("#Input_NationalId-error")).ToHaveTextAsync("身分證統一編號的檢查碼不正確，請再核對一次。");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        await page.Locator("#Input_NationalId").FillAsync("B220612340");
        await CardStepDriver.SubmitPinAsync(page, button: "下一步");
        await Assertions.Expect(page.Locator("[data-testid=my-notice]")).ToContainTextAsync("憑證更新成功");
        await session.ScreenshotAsync("updated");
        var written = await service.Store.EventsAfterAsync(before);
        written.Select(e => e.Type).ShouldBe(["CitizenCertificateReplaced.v1"]);
        (await page.Locator("[data-testid=my-certificate]").InnerTextAsync()).ShouldContain(renewed.SerialNumber);

        await SignInDriver.SignOutAsync(page);
        SignInDriver.OnlyCard(service, first);
        var afterUpdate = await service.Store.HeadAsync();
        await SignInDriver.CardSignInAsync(page);
        await Assertions.Expect(page.Locator("#card-sign-in-title")).ToHaveTextAsync("找不到這張自然人憑證的帳號資訊");
        await service.Store.ShouldHaveNoEventsAfterAsync(afterUpdate);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Theory]
    [InlineData("citizen-expired", CertificateFailureCode.Expired)]
    [InlineData("citizen-revoked", CertificateFailureCode.Revoked)]
    [InlineData("citizen-test-ca", CardCheck.TestCertificate)]
    [InlineData("citizen-wrong-issuer", CertificateFailureCode.UntrustedIssuer)]
    public async Task An_invalid_certificate_is_refused_with_its_own_message_in_one_notice_not_at_the_PIN(string leaf, object refusal)
    {
        await using var session = await OpenAsync($"An_invalid_certificate_is_refused_{leaf}");
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, leaf);
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page);

        // No PIN typed again makes this card usable: a state of the card, not an input error.
        await CardStepDriver.ShouldShowCardStateAsync(page, refusal is CardCheck check ? CardFailureMessages.For(check) : CardFailureMessages.For((CertificateFailureCode)refusal));
        await session.ScreenshotAsync("refused");
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).ShouldContain("登入");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Theory]
    [InlineData("citizen-expired", "H224168027", CertificateFailureCode.Expired)]
    [InlineData("citizen-revoked", "D225801474", CertificateFailureCode.Revoked)]
    public async Task Update_certificate_with_an_expired_or_revoked_card_is_one_notice_and_a_wrong_PIN_stays_at_the_PIN(string leaf, string nationalId, CertificateFailureCode code)
    {
        await using var session = await OpenAsync($"Update_certificate_refused_{leaf}");
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, leaf);
        var before = await service.Store.HeadAsync();
        await page.GotoAsync("/Account/UpdateCertificate");
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Input_NationalId").FillAsync(nationalId);

        await CardStepDriver.SubmitPinAsync(page, button: "下一步");

        await CardStepDriver.ShouldShowCardStateAsync(page, CardFailureMessages.For(code));
        await Assertions.Expect(page.Locator("#update-certificate-title")).ToHaveTextAsync("自然人憑證檢測");
        (await page.Locator("#Input_NationalId").InputValueAsync()).ShouldBe(nationalId);
        (await page.Locator("#Input_NationalId").GetAttributeAsync("aria-invalid")).ShouldBeNull();
        await session.ScreenshotAsync("refused");
        await session.ShouldPassAxeAsync();

        // The renewed card, but a PIN typed wrong: that is the user's to fix, at the PIN, and the last card's notice is gone.
        SignInDriver.OnlyCard(service, Pki, "citizen-moica2-rsa");
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, "654321", "下一步");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("PIN 碼錯誤");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await Assertions.Expect(CardStepDriver.Notice(page)).ToBeHiddenAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("654321");
    }

    [Fact]
    public async Task A_wrong_PIN_says_how_many_tries_are_left_and_a_locked_card_says_where_to_unlock_it()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        SignInDriver.OnlyCard(service, Pki, "citizen-moica2-rsa");
        var before = await service.Store.HeadAsync();

        await SignInDriver.CardSignInAsync(page, pin: "654321");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync("PIN 碼錯誤，還可以再試 2 次；連續輸錯 3 次，卡片就會被鎖住。");
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await Assertions.Expect(CardStepDriver.Notice(page)).ToHaveCountAsync(0);
        await session.ScreenshotAsync("wrong-pin");
        await session.ShouldPassAxeAsync();

        service.Agent.RemoveAllCards();
        CardStepDriver.InsertCard(service.Agent, Pki, "citizen-moica2-ec", triesLeft: 0);
        await SignInDriver.CardSignInAsync(page);
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync("內政部憑證管理中心");
        (await CardStepDriver.PinError(page).InnerTextAsync()).ShouldContain(Web.CardSteps.CardStepMessages.MoicaUnblockUrl);
        await session.ScreenshotAsync("locked");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("654321");
    }
}
