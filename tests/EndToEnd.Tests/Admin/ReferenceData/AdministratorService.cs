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

    /// <summary>
    /// The second administrator, who approves what the first confirmed (four eyes on trust anchors and personnel
    /// records): another person, held by <see cref="SecondHolderCard"/>'s holder.
    /// </summary>
    public const string SecondAccount = "refdata-approver";

    public const string SecondHolderCard = "citizen-moica2-ec";

    private static string HolderCardOf(string account) => account == SecondAccount ? SecondHolderCard : StaffCard;

    /// <summary>Opens both administrators' password accounts unless they exist.</summary>
    public async Task EnsureAccountAsync()
    {
        var accounts = Services.GetRequiredService<PasswordAccounts>();
        foreach (var (account, name) in new[] { (Account, "參考資料管理者"), (SecondAccount, "參考資料核准者") })
        {
            if (!await accounts.ExistsAsync(AccountName.Of(account)))
                (await accounts.OpenAsync(AccountName.Of(account), AccountKind.Staff, [Roles.Administrator], name, Password, "test", StaffHolder(HolderCardOf(account)))).ShouldBeNull();
        }
    }

    /// <summary>Opens the accounts (once) and signs the session in as <paramref name="account"/> with both factors.</summary>
    public async Task SignInAsync(BrowserSession session, string account = Account)
    {
        ArgumentNullException.ThrowIfNull(session);
        await EnsureAccountAsync();
        await EndToEnd.Tests.Account.SignInDriver.StaffSignInAsync(session, account, Password, HolderCardOf(account));
    }
}
