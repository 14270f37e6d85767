using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Web.Htmx;

/// <summary>
/// The one way a page answers both htmx and plain form posts: a partial (the step) for htmx, the whole
/// page otherwise, so every form also works without JavaScript.
/// </summary>
public static class HtmxExtensions
{
    /// <summary>The header htmx adds to every request it makes.</summary>
    public const string RequestHeader = "HX-Request";

    /// <summary>True when htmx sent the request (and so expects a fragment to swap in).</summary>
    public static bool IsHtmx(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValue(RequestHeader, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for a boosted link or form (hx-boost): htmx wants the whole page then.</summary>
    public static bool IsHtmxBoosted(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValue("HX-Boosted", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the caller asks for JSON (<c>Accept: application/json</c>): a program, not a person's browser.</summary>
    public static bool WantsJson(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Sends the browser to <paramref name="url"/> as a whole page, whoever asked: a plain request gets a redirect; an
    /// htmx request gets <paramref name="htmxStatus"/> (204 by default) with htmx's redirect header, which makes htmx load
    /// the page whole (a redirect would be followed inside the request and its page swapped into the target).
    /// </summary>
    public static void RedirectWholePage(this HttpResponse response, string url, int htmxStatus = StatusCodes.Status204NoContent)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (response.HttpContext.Request.IsHtmx())
        {
            response.StatusCode = htmxStatus;
            response.Headers["HX-Redirect"] = url;
        }
        else
        {
            response.Redirect(url);
        }
    }

    /// <summary>The same as a page's answer (<see cref="RedirectWholePage(HttpResponse, string, int)"/>).</summary>
    public static IActionResult RedirectWholePage(this PageModel page, string url)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new WholePageRedirect(url);
    }

    /// <summary>
    /// For a named handler (<c>OnPostVerifyCard</c>): the partial <paramref name="partialName"/> for an htmx
    /// request, the page itself otherwise (whose markup renders the same partial in place).
    /// </summary>
    public static IActionResult PartialOrPage(this PageModel page, string partialName, object? model = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Request.IsHtmx() && !page.Request.IsHtmxBoosted())
            return page.Partial(partialName, model ?? page);
        return page.Page();
    }

    private sealed class WholePageRedirect(string url) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.HttpContext.Response.RedirectWholePage(url);
            return Task.CompletedTask;
        }
    }
}
