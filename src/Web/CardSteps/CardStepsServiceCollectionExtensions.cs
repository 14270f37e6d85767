using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pkix.Revocation;
using Web.CardSteps.Trust;

namespace Web.CardSteps;

/// <summary>Registers the card-step services; <c>WebShell.AddWebShell</c> calls <see cref="AddCardSteps"/>.</summary>
public static class CardStepsServiceCollectionExtensions
{
    /// <summary>
    /// The challenge and verified-card stores (in the store's database, <see cref="EventStore.State.IStateStore"/>), the trust store over <c>Web:Trust</c>
    /// (loaded once, warmed at start), OCSP over HTTP, <see cref="CardStepService"/>, and the partial
    /// <c>_CardStep</c> found by name from any page.
    /// </summary>
    public static IServiceCollection AddCardSteps(this IServiceCollection services)
    {
        services.AddOptions<CardStepOptions>()
            .BindConfiguration(CardStepOptions.Section)
            .Validate(o => CardStepOptions.IsSerializedOrigin(o.PublicOrigin),
                "Web:PublicOrigin must be this service's origin as browsers see it: scheme://host[:port], no path (e.g. https://evs.example.gov.tw)")
            .Validate(o => o.HiPkiUrl.IsAbsoluteUri && o.HiPkiUrl.Scheme is "http" or "https",
                "Web:HiPkiUrl must be HiPKI Local Server's absolute http(s) URL (normally http://localhost:61161)")
            .Validate(o => o.Signers.Steps.All(s => s.Value.Count > 0),
                "Web:Signers:Steps: every step (or prefix ending in -) must list at least one signer: Agent, HiPki")
            .Validate(o => string.IsNullOrEmpty(o.MinimumAgentVersion) || Version.TryParse(o.MinimumAgentVersion, out _),
                "Web:MinimumAgentVersion must be a version such as 1.1.0")
            .Validate(o => o.Trust.CrlRefresh.Urls.All(u => u.IsAbsoluteUri && u.Scheme is "http" or "https"),
                "Web:Trust:CrlRefresh:Urls must be absolute http or https URLs of CRLs")
            .Validate(o => o.Trust.CrlRefresh.Interval > TimeSpan.Zero && o.Trust.CrlRefresh.DownloadTimeout > TimeSpan.Zero,
                "Web:Trust:CrlRefresh:Interval and DownloadTimeout must be positive time spans, e.g. 01:00:00 and 00:02:00")
            .Validate(o => o.Trust.CrlRefresh.MaxDownloadBytes > 0, "Web:Trust:CrlRefresh:MaxDownloadBytes must be a positive number of bytes")
            .ValidateOnStart();
        services.AddCardStepChallenges();
        services.TryAddSingleton<IVerifiedCardStore, DatabaseVerifiedCardStore>();
        services.TryAddSingleton<TrustHealth>();
        services.TryAddSingleton<ITrustStore, FileTrustStore>();
        services.AddHostedService<TrustWarmUp>();
        services.TryAddSingleton<CrlFreshness>();
        services.TryAddSingleton<CrlRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CrlRefresher>());
        // One long-lived client (the transport enforces its own timeout); pooled connections are renewed for DNS changes.
        services.TryAddSingleton<IOcspTransport>(_ => new HttpOcspTransport(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })));
        services.TryAddSingleton<CardStepService>();
        // The partial lives beside the code it renders for (src/Web/CardSteps), not in Pages/Shared.
        services.Configure<RazorViewEngineOptions>(o => o.PageViewLocationFormats.Add("/CardSteps/{0}" + RazorViewEngine.ViewExtension));
        return services;
    }

    /// <summary>The challenge store (sealed challenges, spent ones in the store's database) and the clock it needs.</summary>
    public static IServiceCollection AddCardStepChallenges(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChallengeStore, SealedChallengeStore>();
        return services;
    }
}
