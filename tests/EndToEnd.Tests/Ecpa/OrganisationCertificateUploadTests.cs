using Domain.Ecpa;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Ecpa;

/// <summary>機關憑證上傳 (issue 7.4): only personnel officers; card step → certificate shown → agency code → result.</summary>
public class OrganisationCertificateUploadTests(BrowserFixture browser, EcpaFixture service) : IClassFixture<BrowserFixture>, IClassFixture<EcpaFixture>
{
    private async Task StepTwoAsync(BrowserSession session, string leaf)
    {
        var page = session.Page;
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.OfficerAccount);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "王小明");
        SignInDriver.OnlyCard(service, service.Pki, leaf);
        await page.GetByRole(AriaRole.Link, new() { Name = "機關憑證上傳" }).First.ClickAsync();
        await CardStepDriver.WaitForCardAsync(page);
        await Assertions.Expect(page.Locator("#organisation-upload-title")).ToHaveTextAsync("步驟一．憑證檢測");
        await session.ShouldPassAxeAsync();
        await CardStepDriver.SubmitPinAsync(page, button: "下一步");
        await Assertions.Expect(page.Locator("#organisation-upload-title")).ToHaveTextAsync("步驟二．將憑證註冊到機關");
    }

    [Fact]
    public async Task A_personnel_officer_uploads_the_organisation_certificate_and_the_agency_then_signs_in_with_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var leaf = service.Pki.Leaf("org-gca-rsa");
        var facts = Domain.Certificates.CertificateParser.Parse(leaf.CertificateDer()).Facts!;

        await StepTwoAsync(session, "org-gca-rsa");
        var before = await service.Store.HeadAsync();
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=agency-oid]").InnerTextAsync()).ShouldBe("2.16.886.101.20003.20012");
        (await page.Locator("#Input_AgencyCode").InputValueAsync()).ShouldBe("3230000");
        (await page.Locator("[data-testid=certificate-kind]").InnerTextAsync()).ShouldBe("機關憑證");
        (await page.Locator("[data-testid=subject]").InnerTextAsync()).ShouldBe(facts.SubjectDn);
        (await page.Locator("[data-testid=valid-from]").InnerTextAsync()).ShouldBe(Domain.Common.RocDate.FormatDateTime(facts.NotBefore));
        (await page.Locator("[data-testid=valid-to]").InnerTextAsync()).ShouldBe(Domain.Common.RocDate.FormatDateTime(facts.NotAfter));
        await session.ScreenshotAsync("step-2");
        await session.ShouldPassAxeAsync();

        await page.Locator("#Input_AgencyCode").FillAsync("3230000");
        await page.GetByRole(AriaRole.Button, new() { Name = "查詢機關名稱" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync("機關名稱：行政院人事行政總處");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        await page.GetByRole(AriaRole.Button, new() { Name = "確定" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=upload-result]")).ToContainTextAsync("憑證上傳成功");
        await session.ScreenshotAsync("step-3");
        await session.ShouldPassAxeAsync();
        var written = await service.Store.EventsAfterAsync(before);
        written.Select(e => (e.StreamId, e.Type)).ShouldBe([("ecpa-agency-3230000", "OrganisationCertificateBound.v1")]);

        await page.GotoAsync("/Account/MyArea");
        await SignInDriver.SignOutAsync(page);
        await SignInDriver.CardSignInAsync(page, "organisation");
        await SignInDriver.ShouldBeSignedInAsAsync(page, "行政院人事行政總處");
        (await page.Locator("[data-testid=my-roles]").InnerTextAsync()).ShouldBe("機關使用者");
        await session.ScreenshotAsync("organisation-session");
        await page.GetByRole(AriaRole.Link, new() { Name = "應用系統授權設定" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("應用系統授權設定");
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task An_agency_code_that_is_unknown_or_does_not_match_the_certificate_is_refused_at_the_field()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await StepTwoAsync(session, "org-gca-ec");
        var before = await service.Store.HeadAsync();

        await page.Locator("#Input_AgencyCode").FillAsync("3999998");
        await page.GetByRole(AriaRole.Button, new() { Name = "查詢機關名稱" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_AgencyCode-error")).ToHaveTextAsync(OrganisationUploadRejections.AgencyNotInDirectory.Message);
        await session.ScreenshotAsync("unknown-agency");

        await page.Locator("#Input_AgencyCode").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "確定" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_AgencyCode-error")).ToHaveTextAsync("機關代號應為 5 位數字（公保機關代號），或 7 至 10 位英文字母及數字（機關代碼）。");

        await page.Locator("#Input_AgencyCode").FillAsync("3230000");
        await page.GetByRole(AriaRole.Button, new() { Name = "確定" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_AgencyCode-error")).ToContainTextAsync("不是機關代碼檔中「行政院人事行政總處」（3230000）登錄的識別碼");
        (await page.Locator("#Input_AgencyCode").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await session.ScreenshotAsync("oid-mismatch");
        await session.ShouldPassAxeAsync();

        await page.Locator("#Input_AgencyCode").FillAsync("3011400");
        await page.GetByRole(AriaRole.Button, new() { Name = "確定" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("您不是「財政部財政資訊中心」（3011400）的人事人員");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task A_civil_servant_who_is_not_a_personnel_officer_may_not_open_the_upload()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.ClerkAccount);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        (await page.Locator("[data-testid=my-functions] a").AllInnerTextsAsync()).ShouldNotContain("機關憑證上傳");

        var response = await page.GotoAsync("/Ecpa/OrganisationCertificate");

        response!.Status.ShouldBe(403);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("沒有使用權限");
        await session.ScreenshotAsync("denied");
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_comes_back_after_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;

        await page.GotoAsync("/Ecpa/OrganisationCertificate");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登入");
        page.Url.ShouldEndWith("/Account/SignIn?returnUrl=%2FEcpa%2FOrganisationCertificate");
        await page.Locator("#Input_Account").FillAsync(EcpaFixture.OfficerAccount);
        await page.Locator("#Input_Password").FillAsync(DemoHost.DemoData.DemoAccounts.Password);
        await page.Locator("#password-sign-in button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("機關憑證上傳");
    }
}
