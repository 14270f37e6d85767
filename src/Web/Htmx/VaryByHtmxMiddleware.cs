namespace Web.Htmx;

/// <summary>
/// Adds <c>Vary: HX-Request</c> to every response: the same URL answers a fragment to htmx and a whole
/// page to a browser, and no cache may hand one to the other.
/// </summary>
public sealed class VaryByHtmxMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            response.Headers.Append("Vary", HtmxExtensions.RequestHeader);
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
