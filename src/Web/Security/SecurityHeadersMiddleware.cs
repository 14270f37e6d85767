using Microsoft.Extensions.Options;
using Web.Hosting;

namespace Web.Security;

/// <summary>
/// Security headers on every response. The content security policy allows scripts and styles from this
/// origin only (no inline script, no eval) and lets pages call the card agent at its configured origin.
/// </summary>
public sealed class SecurityHeadersMiddleware
{
    private readonly RequestDelegate _next;
    private readonly string _policy;

    public SecurityHeadersMiddleware(RequestDelegate next, IOptions<WebOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _policy = ContentSecurityPolicy(options.Value.CardAgentOrigin);
    }

    /// <summary>The policy for pages that may talk to the card agent at <paramref name="cardAgentOrigin"/>.</summary>
    public static string ContentSecurityPolicy(string cardAgentOrigin) =>
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        $"connect-src 'self' {cardAgentOrigin}; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'; " +
        "base-uri 'none'; " +
        "object-src 'none'";

    /// <summary>Set in <see cref="HttpContext.Items"/> by a page that renders a card step HiPKI may sign (the _CardStep partial).</summary>
    public const string PopupBridgeKey = "evs:hipki-popup-bridge";

    /// <summary>Marks this response as a page that opens HiPKI's popup bridge (see <see cref="PopupBridgeKey"/>).</summary>
    public static void AllowPopupBridge(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[PopupBridgeKey] = true;
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        // A page that may open HiPKI's popup bridge must keep window.opener for it: COOP same-origin would cut it.
        context.Response.OnStarting(() =>
        {
            headers["Cross-Origin-Opener-Policy"] = context.Items.ContainsKey(PopupBridgeKey) ? "same-origin-allow-popups" : "same-origin";
            return Task.CompletedTask;
        });
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        return _next(context);
    }
}
