using EventStore;
using EventStore.State;
using Microsoft.Extensions.Options;
using ReadModels.Runner;
using Web.CardSteps.Trust;
using Web.Hosting;

namespace Web.Pages.Health;

/// <summary>The <c>Web:Health</c> section: what <c>/health/ready</c> tolerates.</summary>
public sealed class HealthOptions
{
    public const string Section = "Web:Health";

    /// <summary>A projection further behind the store's head than this many positions makes the node not ready.</summary>
    public long MaxProjectionLag { get; set; } = 1000;

    /// <summary>How long the database may take to answer the probe's two one-row reads.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What the readiness probe found; each part is <c>ok</c> or says what is wrong, in a word a monitor can match.</summary>
/// <param name="Database"><c>ok</c> or <c>unreachable</c> (the event store or the state table did not answer in time).</param>
/// <param name="Trust"><c>ok</c>, <c>not-loaded</c> (no trust material yet, or it cannot load) or <c>stale</c> (a CRL held is past its nextUpdate).</param>
/// <param name="Projections"><c>ok</c>, <c>behind</c> (a projection further behind than <see cref="HealthOptions.MaxProjectionLag"/>) or <c>unknown</c> (no database to measure against).</param>
/// <param name="Stopping">The node is shutting down: the balancer should send nothing new.</param>
public sealed record Readiness(string Node, string Database, string Trust, string Projections, bool Stopping)
{
    public const string Ok = "ok";

    public bool Ready => !Stopping && Database == Ok && Trust == Ok && Projections == Ok;
}

/// <summary>
/// The balancer's and orchestrator's probes, anonymous and cheap: <c>/health/live</c> answers 200 while the process
/// serves requests at all; <c>/health/ready</c> answers 200 only when this node can do its work — the database answers,
/// the trust material is loaded and no CRL in it is past its nextUpdate (card steps would fail closed), every projection is
/// within <c>Web:Health:MaxProjectionLag</c> — and 503 otherwise, and from the moment the node starts stopping, so the
/// balancer drains it before it goes. The answers say which part failed, never why (that goes to the log); the
/// detailed page is <c>/health</c>.
/// </summary>
public sealed partial class HealthProbes(
    IEventStore store, IStateStore state, ProjectionRunner projections, TrustHealth trustHealth, ITrustStore trust, TimeProvider time,
    IHostApplicationLifetime lifetime, IOptions<HealthOptions> options, IOptions<WebOptions> web, ILogger<HealthProbes> logger)
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public async Task<Readiness> CheckAsync(CancellationToken cancellationToken)
    {
        return new Readiness(web.Value.Node, await DatabaseAsync(cancellationToken), await TrustAsync(cancellationToken), await ProjectionsAsync(cancellationToken),
            lifetime.ApplicationStopping.IsCancellationRequested);
    }

    private async Task<string> DatabaseAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DatabaseTimeout);
        try
        {
            await store.ReadHeadPositionAsync(timeout.Token);
            // The state table is a statement of its own (a file of its own in embedded mode); it answers within the same bound.
            await Task.Run(() => state.Find(StateKinds.IntegrityCheck, "", "readiness-probe"), timeout.Token).WaitAsync(timeout.Token);
            return Readiness.Ok;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(logger, e);
            return "unreachable";
        }
    }

    private async Task<string> TrustAsync(CancellationToken cancellationToken)
    {
        // Before the warm-up has loaded anything, asking the store would load it inside the probe: report instead.
        if (trustHealth.Latest is null)
            return "not-loaded";
        try
        {
            var snapshot = await trust.GetAsync(cancellationToken);
            var now = time.GetUtcNow();
            return snapshot.Crls.All.Any(crl => crl.NextUpdate < now) ? "stale" : Readiness.Ok;
        }
        catch (TrustConfigurationException e)
        {
            LogTrust(logger, e);
            return "not-loaded";
        }
        catch (System.Data.Common.DbException e)
        {
            // The imported trust list is a read model: in server mode it lives in the database, which did not answer.
            LogUnreachable(logger, e);
            return "unknown";
        }
    }

    private async Task<string> ProjectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var statuses = await projections.GetStatusAsync(cancellationToken);
            return statuses.All(s => s.Lag <= options.Value.MaxProjectionLag) ? Readiness.Ok : "behind";
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException or IOException)
        {
            // The lag is measured against the store's head: without the database it cannot be told.
            LogUnreachable(logger, e);
            return "unknown";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: the database did not answer")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: the trust material cannot be loaded")]
    private static partial void LogTrust(ILogger logger, Exception exception);
}

/// <summary>Registers and maps the probes.</summary>
public static class HealthProbeEndpoints
{
    public static WebApplicationBuilder AddHealthProbes(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HealthOptions>()
            .Bind(builder.Configuration.GetSection(HealthOptions.Section))
            .Validate(o => o.MaxProjectionLag >= 0, "Web:Health:MaxProjectionLag must be 0 or more (positions a projection may be behind)")
            .Validate(o => o.DatabaseTimeout > TimeSpan.Zero, "Web:Health:DatabaseTimeout must be a positive time span, e.g. 00:00:02")
            .ValidateOnStart();
        builder.Services.AddSingleton<HealthProbes>();
        return builder;
    }

    public static WebApplication MapHealthProbes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(HealthProbes.LivePath, (IOptions<WebOptions> web) => Results.Json(new { status = "live", node = web.Value.Node }));
        app.MapGet(HealthProbes.ReadyPath, async (HealthProbes probes, CancellationToken cancellationToken) =>
        {
            var readiness = await probes.CheckAsync(cancellationToken);
            return Results.Json(new
            {
                status = readiness.Ready ? "ready" : readiness.Stopping ? "stopping" : "not-ready",
                node = readiness.Node,
                database = readiness.Database,
                trust = readiness.Trust,
                projections = readiness.Projections,
            }, statusCode: readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
