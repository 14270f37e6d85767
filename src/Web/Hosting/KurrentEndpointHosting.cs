using EventStore.Grpc;

namespace Web.Hosting;

/// <summary>
/// The KurrentDB-compatible endpoint (src/EventStore.Grpc) inside the web app, over the app's own store, when
/// <c>EventStore:Grpc:Enabled</c> is true. It needs an HTTP/2 listener: a TLS endpoint (HTTP/2 by ALPN) or a cleartext
/// <c>Kestrel:Endpoints</c> entry with <c>Protocols=Http2</c>; <c>EventStore:Grpc:RequireHost</c> (e.g. <c>*:2113</c>)
/// keeps the services on that listener only (docs/event-store.md, "Inside the web app").
/// </summary>
internal static class KurrentEndpointHosting
{
    private static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>("EventStore:Grpc:Enabled");

    public static void AddKurrentEndpointWhenEnabled(this WebApplicationBuilder builder)
    {
        if (Enabled(builder.Configuration))
            builder.Services.AddKurrentEndpoint(builder.Configuration);
    }

    public static void MapKurrentEndpointWhenEnabled(this WebApplication app)
    {
        if (!Enabled(app.Configuration))
            return;
        var host = app.Configuration["EventStore:Grpc:RequireHost"];
        foreach (var service in app.MapKurrentEndpoint())
        {
            // The endpoint authenticates its own callers (Basic credentials, EventStore:Grpc:Users), not the web's sign-in.
            service.AllowAnonymous();
            if (!string.IsNullOrEmpty(host))
                service.RequireHost(host);
        }
    }
}
