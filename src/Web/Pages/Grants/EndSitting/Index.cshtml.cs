using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Htmx;

namespace Web.Pages.Grants.EndSitting;

/// <summary>結束: the manager ends the grant sitting; the cards this browser verified are forgotten, and 授權指派 starts over.</summary>
public sealed class IndexModel(HandlerGrantSittings sittings) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Grants/Index");

    public IActionResult OnPost()
    {
        sittings.End(HttpContext);
        return this.RedirectWholePage(Url.Page("/Grants/Index") ?? "/");
    }
}
