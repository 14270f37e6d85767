using System.Buffers.Text;
using System.Security.Cryptography;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection;

namespace Web.CardSteps;

/// <summary>
/// The browser session that card steps are bound to: a random id (32 bytes, base64url) in the cookie
/// <c>evs-session</c> (<c>__Host-evs-session</c> on an https deployment) — HttpOnly, SameSite=Strict, Secure when the
/// request came over HTTPS (as the proxy says, Hosting/Transport.cs), no expiry (it ends
/// with the browser). Challenges, verified cards and wizard runs are keyed by it; it carries nothing else and is
/// never put in a URL.
/// </summary>
/// <remarks>
/// The cookie holds the id sealed with the data-protection keys, so only ids this service issued are accepted: a
/// planted or invented value is ignored and replaced, and issuing one writes nothing on the server (a cookie-less
/// request creates no session row). The id is <see cref="Rotate">rotated</see> after every successful card step and
/// every sign-in, the session's state moving to the new id, so an id someone planted before ends up holding nothing.
/// </remarks>
public static class BrowserSession
{
    public const string CookieName = "evs-session";

    /// <summary>The kinds of state that follow a browser session to its new id (binding failures are kept per certificate, not per session).</summary>
    public static readonly IReadOnlyCollection<string> CarriedKinds =
        [StateKinds.VerifiedCard, StateKinds.Wizard, StateKinds.GrantSitting];

    private const int IdBytes = 32;

    /// <summary>The data-protection purpose the cookie value is sealed under (a load test seals its own sessions with it).</summary>
    public const string Purpose = "evs-browser-session";

    // Set once per request when a new id was issued, so two calls in one request agree.
    private static readonly object IssuedKey = new();

    /// <summary>The session id of this request, starting a session (setting the cookie) when there is none.</summary>
    public static string GetOrStart(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Find(context) ?? Issue(context);
    }

    /// <summary>The session id the request carries (or that this request just started), or null.</summary>
    public static string? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(IssuedKey, out var issued) && issued is string id)
            return id;
        return Open(context.RequestServices.GetRequiredService<IDataProtectionProvider>(), context.Request.Cookies[CookieNameOf(context)]);
    }

    /// <summary>The cookie's name as sent: <c>__Host-evs-session</c> on an https deployment (Hosting/Transport.cs).</summary>
    public static string CookieNameOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<Hosting.TransportSecurity>().CookieName(CookieName);
    }

    /// <summary>The session id inside a cookie value this service issued; null for anything else (planted, invented, altered).</summary>
    public static string? Open(IDataProtectionProvider protection, string? cookie)
    {
        ArgumentNullException.ThrowIfNull(protection);
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 512)
            return null;
        try
        {
            var opened = protection.CreateProtector(Purpose).Unprotect(cookie);
            return IsWellFormed(opened) ? opened : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives this browser a new session id and moves the old id's state (<see cref="CarriedKinds"/>) to it; the old id
    /// keeps nothing. Called after a card step succeeded and after a sign-in.
    /// </summary>
    public static string Rotate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var old = Find(context);
        var fresh = Issue(context);
        if (old is not null)
            context.RequestServices.GetRequiredService<IStateStore>().MoveOwner(old, fresh, CarriedKinds);
        return fresh;
    }

    /// <summary>Ends the browser session: its cookie is removed (its state is the caller's to forget).</summary>
    public static void End(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items.Remove(IssuedKey);
        context.Response.Cookies.Delete(CookieNameOf(context), Options(context));
    }

    /// <summary>Exactly the ids <see cref="GetOrStart"/> issues: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 43 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Issue(HttpContext context)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        context.Items[IssuedKey] = id;
        context.Response.Cookies.Append(CookieNameOf(context), Protector(context).Protect(id), Options(context));
        return id;
    }

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
