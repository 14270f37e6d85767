using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Htmx;

namespace Web.Authentication;

/// <summary>Where a page goes once a session is open: back to a local return URL, or to "my area".</summary>
public static class SignedIn
{
    public const string Home = "/Account/MyArea";

    /// <summary>
    /// Keeps the return URL the sign-in page was opened with for the card steps, whose forms (the shared partial)
    /// carry no return URL: a short-lived cookie scoped to the sign-in page.
    /// </summary>
    private const string ReturnCookie = "evs-return";

    public static void RememberReturnUrl(PageModel page, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl))
        {
            page.Response.Cookies.Append(ReturnCookieName(page), returnUrl, new CookieOptions
            {
                // Path=/ because a __Host- cookie must have it; HttpOnly and SameSite=Strict keep it to our own pages.
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = page.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromMinutes(30),
            });
        }
    }

    private static string ReturnCookieName(PageModel page) =>
        page.HttpContext.RequestServices.GetRequiredService<Hosting.TransportSecurity>().CookieName(ReturnCookie);

    public static IActionResult RedirectAfterSignIn(PageModel page, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(page);
        returnUrl = string.IsNullOrEmpty(returnUrl) ? page.Request.Cookies[ReturnCookieName(page)] : returnUrl;
        page.Response.Cookies.Delete(ReturnCookieName(page), new CookieOptions { Path = "/", Secure = page.Request.IsHttps });
        return page.RedirectWholePage(!string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : Home);
    }
}
