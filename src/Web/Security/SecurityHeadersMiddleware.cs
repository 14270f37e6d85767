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

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        return _next(context);
    }
}
