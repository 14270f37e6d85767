using System.Net;
using System.Security.Cryptography.X509Certificates;
using EventStore.Grpc.Access;
using EventStore.Grpc.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventStore.Grpc;

/// <summary>
/// Hosting the KurrentDB-compatible endpoint: register it next to an <see cref="IEventStore"/> (AddEventStore), map it,
/// and listen for HTTP/2 where <c>EventStore:Grpc:Listen</c> says, with TLS when a certificate is configured.
/// </summary>
public static class KurrentEndpoint
{
    public static IServiceCollection AddKurrentEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = KurrentEndpointSettings.From(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton<CallerResolver>();
        services.AddGrpc(options =>
        {
            // Events up to KurrentDB's own limit travel in one message, as the official clients expect.
            options.MaxReceiveMessageSize = 17 * 1024 * 1024;
            options.MaxSendMessageSize = 17 * 1024 * 1024;
        });
        return services;
    }

    /// <summary>Maps the streams, server-features and gossip services; returns the builders for host restrictions.</summary>
    public static IReadOnlyList<IEndpointConventionBuilder> MapKurrentEndpoint(this IEndpointRouteBuilder endpoints) =>
    [
        endpoints.MapGrpcService<StreamsService>(),
        endpoints.MapGrpcService<ServerFeaturesService>(),
        endpoints.MapGrpcService<GossipService>(),
    ];

    /// <summary>An HTTP/2 listener on <see cref="KurrentEndpointSettings.Listen"/>: TLS with the configured PEM pair, else cleartext (tls=false).</summary>
    public static void Listen(KestrelServerOptions kestrel, KurrentEndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        KurrentEndpointSettings.TryParseListen(settings.Listen, out var host, out var port);
        var address = host is "localhost" ? IPAddress.Loopback : host is "*" or "0.0.0.0" ? IPAddress.Any : IPAddress.Parse(host);
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (settings.TlsCertificatePath is { } certificate)
                listen.UseHttps(X509Certificate2.CreateFromPemFile(certificate, settings.TlsKeyPath));
        });
    }
}
