namespace Web.Security;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response that did not set its own caching: pages, fragments and downloads
/// can show personal data (names, masked IDs, grants), and neither the browser nor a proxy may keep a copy for the
/// next person at a shared PC. Static assets keep the long caching the static-asset endpoints give them.
/// </summary>
public static class NoStoreResponses
{
    public static IApplicationBuilder UseNoStoreUnlessCached(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
}
