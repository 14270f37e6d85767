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
    public const string Password = "Reference-Data-Keeper-1";

    /// <summary>Opens the administrator's password account unless it exists.</summary>
    public async Task EnsureAccountAsync()
    {
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        if (!await accounts.ExistsAsync(AccountName.Of(Account)))
            (await accounts.OpenAsync(AccountName.Of(Account), AccountKind.Staff, [Roles.Administrator], "參考資料管理者", Password, "test", StaffHolder())).ShouldBeNull();
    }

    /// <summary>Opens the account (once) and signs the session in through the password sign-in page.</summary>
    public async Task SignInAsync(BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await EnsureAccountAsync();
        await EndToEnd.Tests.Account.SignInDriver.StaffSignInAsync(session, Account, Password);
    }
}
