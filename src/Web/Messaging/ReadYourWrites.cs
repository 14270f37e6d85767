using System.Globalization;
using EventStore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Projections;
using Web.Hosting;

namespace Web.Messaging;

/// <summary>
/// Read-your-writes across requests and nodes. When a command's bounded wait ran out (the page said "saved, the list
/// shows it shortly"), the position it wrote and the read models it waited for travel with the browser in a
/// short-lived cookie; the next page, on whichever node serves it, waits for them once more (bounded) before it reads.
/// Read models live in the shared database in server mode, so what one node waited for, every node shows.
/// </summary>
public static class ReadYourWrites
{
    private const string Cookie = "evs-written";

    /// <summary>Asks the browser's next page to wait for <paramref name="readModels"/> to hold <paramref name="position"/>.</summary>
    public static void Remember(HttpContext context, Position position, IReadOnlyCollection<string> readModels)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(readModels);
        var value = position.Value.ToString(CultureInfo.InvariantCulture) + "/" + string.Join(',', readModels);
        context.Response.Cookies.Append(CookieName(context), value, new CookieOptions
        {
            // Path=/ because a __Host- cookie must have it; a few minutes covers a reload or the redirect's next page.
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>What a cookie written by <see cref="Remember"/> asks for, or null when it is absent or not ours.</summary>
    public static (Position Position, IReadOnlyList<string> ReadModels)? Parse(string? value)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !long.TryParse(value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            return null;
        return (new Position(position), value![(slash + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Before a page runs: waits once for what the cookie asks (read models this node does not know are ignored, so a
    /// forged cookie costs its sender one bounded wait at most), then drops the cookie whether or not the wait was met —
    /// a read model stuck in a rebuild must not slow every later page.
    /// </summary>
    public static WebApplication UseReadYourWrites(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var name = CookieName(context);
            if (context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null
                && Parse(context.Request.Cookies[name]) is { } written)
            {
                var known = context.RequestServices.GetServices<IProjection>().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var readModels = written.ReadModels.Where(known.Contains).ToList();
                await context.RequestServices.GetRequiredService<ReadModelWait>().ForAsync(written.Position, readModels, context.RequestAborted);
                context.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Secure = context.Request.IsHttps });
            }

            await next(context);
        });
        return app;
    }

    private static string CookieName(HttpContext context) =>
        context.RequestServices.GetRequiredService<TransportSecurity>().CookieName(Cookie);
}
