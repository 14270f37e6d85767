using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;

namespace Web.Pages.Account.MyArea;

/// <summary>/Account/MyArea (我的專區): who the session is, its roles, and what it can do from here.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel : PageModel
{
    public SignedInUser Session { get; private set; } = null!;

    public void OnGet() => Session = SignedInUser.From(User)!;
}
