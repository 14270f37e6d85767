using Web.Tests.Authentication;
using Web.Tests.ReferenceData;

namespace Web.Tests.Pages.Admin.ReferenceData;

/// <summary>The app, and clients signed in through the real password sign-in as staff with the roles a test asks for.</summary>
public class AdministratorApp : ReferenceDataApp
{
    /// <summary>A client whose session is the staff account <paramref name="account"/> (opened if new) with <paramref name="roles"/>.</summary>
    public Task<HttpClient> SignedInAsync(string account, params string[] roles) => SignedInAsync(account, SignInSupport.StaffCard, roles);

    /// <summary>The same for an account held by the holder of <paramref name="holderCard"/>, who signs in with it.</summary>
    public Task<HttpClient> SignedInAsync(string account, string holderCard, IReadOnlyList<string> roles) =>
        SignInSupport.SignedInStaffAsync(this, account, holderCard, roles);

    /// <summary>A client signed in as the administrator <paramref name="account"/>, held by <paramref name="holderCard"/>'s holder.</summary>
    public Task<HttpClient> AdministratorAsync(string account = "admin", string holderCard = SignInSupport.StaffCard) =>
        SignInSupport.AdministratorAsync(this, account, holderCard);
}
