using Domain.People;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Account;

/// <summary>我的專區 → 自然人憑證上傳 after a password sign-in (issue 7.3): the card bound, then the PIN alone signs in; someone else's card refused.</summary>
public class MyAreaTests(BrowserFixture browser, EcpaFixture service) : IClassFixture<BrowserFixture>, IClassFixture<EcpaFixture>
{
    [Fact]
    public async Task A_civil_servant_signs_in_with_a_password_uploads_the_citizen_certificate_and_then_signs_in_with_the_card()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.ClerkAccount);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).ShouldContain("B22****340");
        (await page.Locator("[data-testid=my-roles]").InnerTextAsync()).ShouldBe("公務人員");
        (await page.Locator("[data-testid=my-certificate]").InnerTextAsync()).ShouldBe("尚未綁定");
        await session.ScreenshotAsync("my-area");
        await session.ShouldPassAxeAsync();

        SignInDriver.OnlyCard(service, service.Pki, "citizen-moica2-ec");
        var before = await service.Store.HeadAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "自然人憑證上傳" }).ClickAsync();
        await CardStepDriver.WaitForCardAsync(page);
        await session.ScreenshotAsync("upload-step-1");
        await session.ShouldPassAxeAsync();
        await CardStepDriver.SubmitPinAsync(page, button: "下一步");
        await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync("憑證上傳成功");
        await session.ScreenshotAsync("upload-step-2");
        await session.ShouldPassAxeAsync();
        var written = await service.Store.EventsAfterAsync(before);
        written.Select(e => e.Type).ShouldBe(["CitizenCertificateBound.v1"]);
        System.Text.Encoding.UTF8.GetString(written[0].Data.Span).ShouldContain($"\"path\":\"{BindingPaths.MyArea}\"");

        await page.GotoAsync("/Account/MyArea");
        await SignInDriver.SignOutAsync(page);
        await SignInDriver.CardSignInAsync(page);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task Someone_else_s_card_is_refused_in_my_area_as_not_the_owner()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.ClerkAccount);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        SignInDriver.OnlyCard(service, service.Pki, "citizen-moica3-rsa");
        var before = await service.Store.HeadAsync();

        await page.GotoAsync("/Account/MyArea/UploadCitizenCertificate");
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, button: "下一步");

        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(PersonRejections.NotTheOwner.Message);
        await session.ScreenshotAsync("not-the-owner");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
