using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Web.CardSteps;
using Web.Htmx;

namespace Web.Authentication;

/// <summary>
/// The sign-in cookie: <c>evs-auth</c>, HttpOnly, SameSite=Strict, Secure whenever the request is HTTPS,
/// <see cref="IdleTimeout"/> sliding and <see cref="AbsoluteLifetime"/> at most. Its content is encrypted and
/// signed by ASP.NET Core data protection.
/// </summary>
public static class SessionCookie
{
    public const string Name = "evs-auth";
    public const string SignInPath = "/Account/SignIn";
    public const string AccessDeniedPath = "/Account/AccessDenied";

    /// <summary>A session unused this long ends (each request renews it once past half of it).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    /// <summary>However busy, a session ends this long after sign-in.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// Opens the session (a new cookie, so no earlier session's identity carries over) and gives the browser session a
    /// new id, carrying its verified cards over: an id planted before the sign-in holds nothing after it.
    /// </summary>
    public static Task SignInAsync(HttpContext context, SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        BrowserSession.Rotate(context);
        context.RequestServices.GetRequiredService<Web.SecurityLog.SecurityEvents>().Record(context, Web.SecurityLog.SecurityEventKinds.SignInSucceeded,
            subject: user.Subject, method: user.Method, target: user.MaskedNationalId);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal(),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
    }

    /// <summary>
    /// Ends the session, and the card-step browser session with it: the cards it verified are forgotten and its
    /// cookie removed, so the next person at this browser starts with no verified card.
    /// </summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (BrowserSession.Find(context) is { } browserSession)
        {
            var state = context.RequestServices.GetRequiredService<EventStore.State.IStateStore>();
            foreach (var kind in BrowserSession.CarriedKinds)
                state.RemoveOwner(kind, browserSession);
        }
        BrowserSession.End(context);
    }

    internal static void Configure(CookieAuthenticationOptions options, TimeProvider time)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = SignInPath;
        options.LogoutPath = "/Account/SignOut";
        options.AccessDeniedPath = AccessDeniedPath;
        options.ReturnUrlParameter = "returnUrl";
        options.TimeProvider = time;
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = async context =>
            {
                var user = SignedInUser.From(context.Principal);
                if (user is null || time.GetUtcNow() - user.SignedInAt > AbsoluteLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                }
            },
            // htmx swaps only what it asked for: tell it to load the sign-in page instead of swapping it into a step.
            OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden),
        };
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, int htmxStatus)
    {
        // A program asking for JSON (a monitor at /health) gets the status itself, not a sign-in page it cannot use.
        if (!context.Request.IsHtmx() && context.Request.WantsJson())
        {
            context.Response.StatusCode = htmxStatus;
            return Task.CompletedTask;
        }
        context.Response.RedirectWholePage(context.RedirectUri, htmxStatus);
        return Task.CompletedTask;
    }
}
