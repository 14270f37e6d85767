using Domain.Accounts;
using EndToEnd.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Web.Authentication;
using Web.Authentication.Passwords;

namespace EndToEnd.Tests.Admin.ReferenceData;

/// <summary>The service with a staff account holding the administrator role, and a way to sign a browser session in with it.</summary>
public sealed class AdministratorService : ServiceUnderTest
{
    public const string Account = "refdata-admin";
    public const string Password = "Refdata-Admin-1";

    /// <summary>Opens the administrator's password account unless it exists.</summary>
    public async Task EnsureAccountAsync()
    {
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        if (!await accounts.ExistsAsync(AccountName.Of(Account)))
            (await accounts.OpenAsync(AccountName.Of(Account), AccountKind.Staff, [Roles.Administrator], "參考資料管理者", Password, "test")).ShouldBeNull();
    }

    /// <summary>Opens the account (once) and signs the session in through the password sign-in page.</summary>
    public async Task SignInAsync(BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await EnsureAccountAsync();
        var page = session.Page;
        await page.GotoAsync("/Account/SignIn");
        await page.Locator("#Input_Account").FillAsync(Account);
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.Locator("#password-sign-in").GetByRole(AriaRole.Button, new() { Name = "登入", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/SignIn", StringComparison.Ordinal));
    }
}
