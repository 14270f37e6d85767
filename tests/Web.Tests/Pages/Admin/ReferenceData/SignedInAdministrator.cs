using Domain.Accounts;
using Web.Authentication;
using Web.Tests.Authentication;
using Web.Tests.ReferenceData;

namespace Web.Tests.Pages.Admin.ReferenceData;

/// <summary>The app, and clients signed in through the real password sign-in as staff with the roles a test asks for.</summary>
public sealed class AdministratorApp : ReferenceDataApp
{
    /// <summary>A client whose session is the staff account <paramref name="account"/> (opened if new) with <paramref name="roles"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string account, params string[] roles)
    {
        await SignInSupport.OpenAsync(this, account, AccountKind.Staff, roles);
        var client = SignInSupport.Client(this);
        using var response = await SignInSupport.SignInStaffAsync(this, client, account);
        ((int)response.StatusCode).ShouldBe(302, "the sign-in should redirect once the session is open");
        return client;
    }

    /// <summary>A client signed in as the administrator <paramref name="account"/>.</summary>
    public Task<HttpClient> AdministratorAsync(string account = "admin") => SignedInAsync(account, Roles.Administrator);
}
