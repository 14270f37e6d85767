using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;

namespace Web.Pages.Account.SignOut;

/// <summary>/Account/SignOut: ends the session (POST; a GET only offers the button).</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public bool SignedOut { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await SessionCookie.SignOutAsync(HttpContext);
        return RedirectToPage("/Account/SignOut/Index", "Done");
    }

    public void OnGetDone() => SignedOut = true;
}
