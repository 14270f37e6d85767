using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Web.Pages.Account.SignIn;

namespace EndToEnd.Tests.Account;

/// <summary>
/// Account and password sign-in in the browser (issue 7.3): a civil servant's session with roles from the personnel
/// records, one message for an unknown account and a wrong password, the lockout after five misses and its cool-down,
/// and a departed person told why only after the password is proven.
/// </summary>
public class PasswordSignInTests(BrowserFixture browser, PasswordSignInTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<PasswordSignInTests.Service>
{
    /// <summary>Its own service: the lockout test moves this service's clock.</summary>
    public sealed class Service : EcpaFixture;

    private static ILocator PasswordError(IPage page) => page.Locator("[data-valmsg-for='Input.Password']");

    private async Task<BrowserSession> OpenAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        await BrowserSession.OpenAsync(browser, service, callerMember: test);

    [Fact]
    public async Task A_personnel_officer_signs_in_with_account_and_password_and_my_area_shows_the_roles_the_records_give()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var before = await service.Store.HeadAsync();

        await page.GotoAsync("/Account/SignIn");
        await session.ShouldPassAxeAsync();
        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.OfficerAccount);

        await SignInDriver.ShouldBeSignedInAsAsync(page, "王小明");
        page.Url.ShouldEndWith("/Account/MyArea");
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).ShouldContain("A12****789");
        (await page.Locator("[data-testid=my-roles]").InnerTextAsync()).ShouldBe("公務人員、人事人員");
        (await page.Locator("[data-testid=my-functions] a").AllInnerTextsAsync()).ShouldBe(["自然人憑證上傳", "機關憑證上傳"]);
        await session.ScreenshotAsync("my-area");
        await session.ShouldPassAxeAsync();
        var written = await service.Store.EventsAfterAsync(before);
        written.Select(e => (e.StreamId, e.Type)).ShouldBe([($"account-{EcpaFixture.OfficerAccount}", "PasswordSignInSucceeded.v2")]);

        await SignInDriver.SignOutAsync(page);
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
        var denied = await page.GotoAsync("/Account/MyArea");
        page.Url.ShouldContain("/Account/SignIn?returnUrl=");
        denied!.Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_get_one_message_at_the_password_and_no_session()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.ClerkAccount, "not-the-password");
        await Assertions.Expect(PasswordError(page)).ToHaveTextAsync(PasswordSignInMessages.Failed.Message);
        await session.ScreenshotAsync("wrong-password");
        await session.ShouldPassAxeAsync();
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("Input_Password");
        (await page.Locator("#Input_Password").InputValueAsync()).ShouldBeEmpty();

        await SignInDriver.PasswordSignInAsync(page, "no-such-account", "not-the-password");
        await Assertions.Expect(PasswordError(page)).ToHaveTextAsync(PasswordSignInMessages.Failed.Message);
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
        (await session.Context.CookiesAsync()).ShouldNotContain(c => c.Name == Web.Authentication.SessionCookie.Name);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("123456");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_which_refuses_even_the_right_one_until_the_cool_down_has_passed()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        const string account = EcpaFixture.ClerkAccount;
        var before = await service.Store.HeadAsync();

        for (var miss = 1; miss <= 5; miss++)
        {
            await SignInDriver.PasswordSignInAsync(page, account, $"wrong-{miss}");
            await Assertions.Expect(PasswordError(page)).ToHaveTextAsync(PasswordSignInMessages.Failed.Message);
            await Assertions.Expect(page.Locator("#Input_Password")).ToHaveValueAsync("");
        }

        var misses = await service.Store.EventsAfterAsync(before);
        misses.Select(e => e.Type).ShouldBe([.. Enumerable.Repeat("PasswordSignInFailed.v2", 5), "PasswordAccountLockedOut.v2"]);

        var locked = await service.Store.HeadAsync();
        await SignInDriver.PasswordSignInAsync(page, account);
        await Assertions.Expect(PasswordError(page)).ToHaveTextAsync(PasswordSignInMessages.Failed.Message);
        await session.ScreenshotAsync("locked");
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
        await service.Store.ShouldHaveNoEventsAfterAsync(locked);

        service.Time!.Advance(TimeSpan.FromMinutes(14));
        await SignInDriver.PasswordSignInAsync(page, account);
        await Assertions.Expect(PasswordError(page)).ToHaveTextAsync(PasswordSignInMessages.Failed.Message);
        await service.Store.ShouldHaveNoEventsAfterAsync(locked);

        service.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await SignInDriver.PasswordSignInAsync(page, account);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "陳美玲");
        (await service.Store.EventsAfterAsync(locked)).Select(e => e.Type).ShouldBe(["PasswordSignInSucceeded.v2"]);
    }

    [Fact]
    public async Task A_departed_person_with_the_right_password_is_told_why_at_the_account()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInDriver.PasswordSignInAsync(page, EcpaFixture.DepartedAccount);

        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Account']")).ToHaveTextAsync(PasswordSignInMessages.NotCurrent.Message);
        await session.ScreenshotAsync("departed");
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
    }
}
