using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using ReadModels.Registration;
using Web.Messaging;

namespace Web.Pages.Registration.Review;

/// <summary>The reviewers' queue: open cases oldest first, and the latest decisions; optionally one review desk's.</summary>
public sealed record GetOidReviewQueue([property: Display(Name = "審核窗口")] string? Desk) : IQuery<Outcome<OidReviewQueue>>;

public sealed record OidReviewQueue(IReadOnlyList<OidReviewCaseView> Pending, IReadOnlyList<OidReviewCaseView> RecentlyDecided, IReadOnlyList<string> Desks, string? Desk);

public sealed class GetOidReviewQueueValidator : AbstractValidator<GetOidReviewQueue>
{
    public GetOidReviewQueueValidator() => RuleFor(q => q.Desk).MaximumLength(50);
}

public sealed class GetOidReviewQueueHandler(OidReviewQueueQuery queue) : IQueryHandler<GetOidReviewQueue, Outcome<OidReviewQueue>>
{
    /// <summary>How many decided cases the page lists.</summary>
    public const int RecentDecisions = 20;

    public async ValueTask<Outcome<OidReviewQueue>> Handle(GetOidReviewQueue query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var desk = string.IsNullOrWhiteSpace(query.Desk) ? null : query.Desk.Trim();
        return new OidReviewQueue(
            await queue.PendingAsync(desk, cancellationToken),
            await queue.RecentlyDecidedAsync(RecentDecisions, desk, cancellationToken),
            await queue.DesksAsync(cancellationToken),
            desk);
    }
}
