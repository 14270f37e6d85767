using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Web.Pages.Account.AccessDenied;

/// <summary>/Account/AccessDenied: the signed-in session may not use the page it asked for (403).</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
