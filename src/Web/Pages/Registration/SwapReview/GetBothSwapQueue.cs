using Mediator;
using ReadModels.Registration;
using Web.Messaging;

namespace Web.Pages.Registration.SwapReview;

/// <summary>The both-cards swaps in their cooling-off period (with who was told), and the latest settled ones.</summary>
public sealed record GetBothSwapQueue : IQuery<Outcome<BothSwapQueue>>;

/// <param name="Notified">Per pending request (agency code, request number): the notification outbox rows.</param>
public sealed record BothSwapQueue(
    IReadOnlyList<BothSwapRequestView> Pending,
    IReadOnlyDictionary<(string AgencyCode, int RequestNumber), IReadOnlyList<SwapNotification>> Notified,
    IReadOnlyList<BothSwapRequestView> RecentlySettled);

public sealed class GetBothSwapQueueHandler(BothSwapRequestsQuery requests) : IQueryHandler<GetBothSwapQueue, Outcome<BothSwapQueue>>
{
    /// <summary>How many settled requests the page lists.</summary>
    public const int RecentlySettled = 20;

    public async ValueTask<Outcome<BothSwapQueue>> Handle(GetBothSwapQueue query, CancellationToken cancellationToken)
    {
        var pending = await requests.PendingAsync(cancellationToken);
        var notified = new Dictionary<(string, int), IReadOnlyList<SwapNotification>>();
        foreach (var request in pending)
            notified[(request.AgencyCode, request.RequestNumber)] = await requests.NotificationsAsync(request.AgencyCode, request.RequestNumber, cancellationToken);
        return new BothSwapQueue(pending, notified, await requests.RecentlySettledAsync(RecentlySettled, cancellationToken));
    }
}
