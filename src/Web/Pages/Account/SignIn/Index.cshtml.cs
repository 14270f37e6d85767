using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Account/SignIn/Index", "登入", "以自然人憑證、機關憑證或帳號密碼登入；第一次以自然人憑證登入時，請依畫面完成憑證上傳。", FeatureGroup.SignIn, Order = 10, InMainNav = true)]

namespace Web.Pages.Account.SignIn;

/// <summary>/Account/SignIn: the three ways in (citizen card, organisation card, account and password).</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>Where to go after signing in: a local path only (anything else goes to "my area").</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public sealed class PasswordInput
    {
        [Display(Name = "帳號")]
        public string? Account { get; set; }

        [Display(Name = "密碼")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new SignInWithPassword(Input.Account, Input.Password), cancellationToken);
        Input.Password = null; // never rendered back
        if (!outcome.TryGetValue(out var user))
        {
            ModelState.Clear();
            ModelState.AddRejections(outcome.Rejections, nameof(Input));
            return this.PartialOrPage("_PasswordForm");
        }

        await SessionCookie.SignInAsync(HttpContext, user);
        return SignedIn.RedirectAfterSignIn(this, ReturnUrl);
    }
}

/// <summary>Where a page goes once a session is open: back to a local return URL, or to "my area".</summary>
public static class SignedIn
{
    public const string Home = "/Account/MyArea";

    public static IActionResult RedirectAfterSignIn(PageModel page, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(page);
        var target = !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : Home;
        if (page.Request.IsHtmx())
        {
            page.Response.Headers["HX-Redirect"] = target;
            return new NoContentResult();
        }

        return page.LocalRedirect(target);
    }
}
