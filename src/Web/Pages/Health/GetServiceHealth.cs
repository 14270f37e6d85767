using System.ComponentModel.DataAnnotations;
using EventStore;
using FluentValidation;
using Mediator;
using ReadModels.Runner;
using Web.CardSteps.Trust;
using Web.Messaging;

namespace Web.Pages.Health;

/// <summary>
/// Asks how the service is doing: the store's head position and how far each projection is behind it.
/// With <see cref="MaxLag"/>, the answer also says whether every projection is within that many events
/// (<c>/health?maxLag=100</c> answers 503 when one is further behind).
/// </summary>
public sealed record GetServiceHealth(
    [property: Display(Name = "可接受的落後筆數")] long? MaxLag = null) : IQuery<Outcome<ServiceHealth>>;

/// <summary>The store's head and each projection's position, at one instant.</summary>
/// <param name="Trust">What the trust material in use said about itself when it loaded (null before it loaded).</param>
/// <param name="Crls">The CRLs this node holds, with their age (empty before the trust material loaded).</param>
/// <param name="CrlSources">How each CRL file and URL last answered this node's refresh.</param>
public sealed record ServiceHealth(long StoreHead, IReadOnlyList<ProjectionHealth> Projections, DateTimeOffset CheckedAt, long? MaxLag,
    TrustHealth.Report? Trust = null, IReadOnlyList<CrlHealth>? Crls = null, IReadOnlyList<CrlFreshness.SourceStatus>? CrlSources = null)
{
    /// <summary>False when <see cref="MaxLag"/> was given and some projection is further behind.</summary>
    public bool WithinMaxLag => MaxLag is not { } max || Projections.All(p => p.Lag <= max);
}

/// <summary>One CRL held: whose, which, its validity window, where and when this node got it (null when unknown).</summary>
public sealed record CrlHealth(string Issuer, string? Number, bool IsDelta, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, string? Source,
    DateTimeOffset? ObtainedAt, bool Stale);

/// <summary>
/// One projection: its version, the last position it has applied, how many events it still has to, the share
/// of a rebuild under way (0–1, null when none) and the last error it hit (null when it runs cleanly).
/// </summary>
public sealed record ProjectionHealth(string Name, int Version, long Checkpoint, long Lag, double? RebuildProgress, string? LastError);

public sealed class GetServiceHealthValidator : AbstractValidator<GetServiceHealth>
{
    public GetServiceHealthValidator() =>
        RuleFor(q => q.MaxLag)
            .GreaterThanOrEqualTo(0).WithErrorCode("MAX_LAG_NEGATIVE").WithMessage("可接受的落後筆數不能是負數。");
}

public sealed class GetServiceHealthHandler(IEventStore store, ProjectionRunner projections, TimeProvider time, TrustHealth trust,
    ITrustStore trustStore, CrlFreshness freshness)
    : IQueryHandler<GetServiceHealth, Outcome<ServiceHealth>>
{
    public async ValueTask<Outcome<ServiceHealth>> Handle(GetServiceHealth query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statuses = await projections.GetStatusAsync(cancellationToken);
        // Each status carries the head it was measured against; report the newest, so lag and head agree.
        var head = statuses.Count > 0 ? statuses.Max(s => s.Head) : (await store.ReadHeadPositionAsync(cancellationToken)).Value;
        var now = time.GetUtcNow();
        return new ServiceHealth(
            head,
            statuses.Select(s => new ProjectionHealth(s.Name, s.Version, s.Checkpoint, s.Lag, s.Rebuild?.Progress, s.LastError)).ToList(),
            now,
            query.MaxLag,
            trust.Latest,
            await HeldCrlsAsync(now, cancellationToken),
            freshness.Sources);
    }

    private async Task<IReadOnlyList<CrlHealth>> HeldCrlsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Before the warm-up has loaded anything, asking the store would load it inside this request.
        if (trust.Latest is null)
            return [];
        try
        {
            var snapshot = await trustStore.GetAsync(cancellationToken);
            return freshness.Held(snapshot.Crls)
                .Select(h => new CrlHealth(h.Crl.Issuer.ToString(), h.Crl.Number?.ToString(), h.Crl.IsDelta, h.Crl.ThisUpdate, h.Crl.NextUpdate,
                    h.Origin is null ? null : CrlFreshness.Shown(h.Origin.Source),
                    h.Origin?.ObtainedAt, h.Crl.NextUpdate < now))
                .ToList();
        }
        catch (TrustConfigurationException)
        {
            return [];
        }
    }
}
