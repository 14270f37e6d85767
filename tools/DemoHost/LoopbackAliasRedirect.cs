using System.Net;
using Web.Hosting;

namespace DemoHost;

/// <summary>
/// The demo answers at one address, <c>Web:PublicOrigin</c> (scripts/run: http://localhost:5080): the card agent allows
/// that origin only and the server checks every card signature against it. Opened under another loopback name of the
/// same port (http://127.0.0.1:5080, http://[::1]:5080), a page would show card steps that can never succeed, so a
/// GET or HEAD there is sent to the same path and query at the public origin instead. Other requests go on as they are
/// (the origin checks refuse them, and say why).
/// </summary>
public sealed class LoopbackAliasRedirect(TransportSecurity transport) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (transport.Origin is { } origin && IsLoopback(origin.Host))
        {
            app.Use((context, nextMiddleware) =>
            {
                var request = context.Request;
                if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                    || string.Equals(request.Host.Host, origin.Host, StringComparison.OrdinalIgnoreCase)
                    || !IsLoopback(request.Host.Host)
                    || (request.Host.Port ?? 80) != origin.Port)
                {
                    return nextMiddleware(context);
                }
                context.Response.Redirect($"{origin.GetLeftPart(UriPartial.Authority)}{request.PathBase}{request.Path}{request.QueryString}", permanent: false, preserveMethod: true);
                return Task.CompletedTask;
            });
        }
        next(app);
    };

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

public static class LoopbackAliasRedirectExtensions
{
    /// <summary>Sends pages opened at another loopback name of the demo's port to <c>Web:PublicOrigin</c> (<see cref="LoopbackAliasRedirect"/>).</summary>
    public static IServiceCollection AddLoopbackAliasRedirect(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, LoopbackAliasRedirect>();
}
