using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Web.Logging;

/// <summary>
/// One log line per request: method, the matched page's route (never the raw URL, its query string or a
/// body), status and time. Paths that matched nothing are logged redacted. Personal data such as national
/// IDs and PINs therefore never reaches the log (ASP.NET Core's own request lines are turned off in
/// <see cref="Hosting.WebShell"/> because they print the full URL).
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
                RequestFinished(logger, context.Request.Method, RouteOf(context), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Remembers what the request first matched, before an error page re-executes it under another endpoint.
    /// Runs right after routing (<see cref="Hosting.WebShell.UseWebShell"/>).
    /// </summary>
    public static Task RecordMatchedRoute(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Items.TryAdd(RouteKey, Describe(context));
        return next(context);
    }

    private static readonly object RouteKey = new();

    private static string RouteOf(HttpContext context) =>
        context.Items.TryGetValue(RouteKey, out var route) && route is string text ? text : Describe(context);

    /// <summary>The route template of the matched endpoint (plus a named handler), else the redacted path.</summary>
    internal static string Describe(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var handler = context.GetRouteValue("handler") as string ?? context.Request.Query["handler"].FirstOrDefault();
            // The handler name comes from the query string: only a plain identifier is worth keeping, and even that is redacted.
            return handler is { Length: > 0 and <= 40 } && handler.All(char.IsAsciiLetterOrDigit)
                ? PersonalDataRedaction.Redact($"{route} [{handler}]")
                : route;
        }

        return PersonalDataRedaction.Redact(context.Request.Path.Value ?? "/");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void RequestFinished(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
