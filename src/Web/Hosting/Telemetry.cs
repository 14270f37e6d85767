using System.Diagnostics;
using EventStore;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ReadModels.Runner;

namespace Web.Hosting;

/// <summary>
/// Traces and metrics. On when <c>Telemetry:OtlpEndpoint</c> is set (exported there over OTLP) or
/// <c>Telemetry:Enabled</c> is true (a host adds its own exporter, as the tests do): ASP.NET Core, HttpClient and Npgsql,
/// plus our spans — a card step's verification and a command here (<c>Evs.Web</c>), the append (<c>Evs.EventStore</c>)
/// and each event a projection applies (<c>Evs.ReadModels</c>), which continues the append's trace. Off, nothing is
/// recorded and our sources cost nothing.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "Evs.Web";

    public static readonly ActivitySource Source = new(SourceName);

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = builder.Configuration["Telemetry:OtlpEndpoint"];
        if (string.IsNullOrEmpty(endpoint) && !builder.Configuration.GetValue<bool>("Telemetry:Enabled"))
            return builder;
        if (!string.IsNullOrEmpty(endpoint) && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var collector) && collector.Scheme is "http" or "https"))
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint must be the collector's http:// or https:// URL (e.g. http://collector:4317), not '{endpoint}'");

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("evs-web", serviceInstanceId: builder.Configuration["Web:NodeName"] ?? Environment.MachineName))
            .WithTracing(tracing => tracing
                .AddSource(SourceName, EventStoreTracing.SourceName, ProjectionTracing.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation());
        if (!string.IsNullOrEmpty(endpoint))
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        return builder;
    }
}
