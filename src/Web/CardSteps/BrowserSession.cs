using System.Buffers.Text;
using System.Security.Cryptography;

namespace Web.CardSteps;

/// <summary>
/// The browser session that card steps are bound to: a random id (32 bytes, base64url) in the cookie
/// <c>evs-session</c> — HttpOnly, SameSite=Strict, Secure when the request came over HTTPS, no expiry (it ends
/// with the browser). Challenges and verified cards are keyed by it; it carries nothing else and is never
/// put in a URL. A cookie of any other shape is ignored and replaced.
/// </summary>
public static class BrowserSession
{
    public const string CookieName = "evs-session";

    private const int IdBytes = 32;

    // Set once per request when a new id was issued, so two calls in one request agree.
    private static readonly object IssuedKey = new();

    /// <summary>The session id of this request, starting a session (setting the cookie) when there is none.</summary>
    public static string GetOrStart(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Find(context) is { } existing)
            return existing;
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        context.Items[IssuedKey] = id;
        context.Response.Cookies.Append(CookieNameOf(context), id, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return id;
    }

    /// <summary>The session id the request carries (or that this request just started), or null.</summary>
    public static string? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(IssuedKey, out var issued) && issued is string id)
            return id;
        var cookie = context.Request.Cookies[CookieNameOf(context)];
        return IsWellFormed(cookie) ? cookie : null;
    }

    /// <summary>The cookie's name as sent: <c>__Host-evs-session</c> on an https deployment (Hosting/Transport.cs).</summary>
    public static string CookieNameOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<Hosting.TransportSecurity>().CookieName(CookieName);
    }

    /// <summary>Exactly what <see cref="GetOrStart"/> issues: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 43 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
