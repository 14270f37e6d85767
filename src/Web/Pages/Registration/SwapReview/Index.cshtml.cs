using System.ComponentModel.DataAnnotations;
using Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Registration/SwapReview/Index", "兩張憑證同時更換審核", "審核人員查看同時更換機關憑證和授權管理者自然人憑證的申請：等待期中可提前核准或駁回。", FeatureGroup.ReviewAndAudit, Order = 15, InMainNav = true, Policy = Web.Authentication.Policies.Reviewer)]

namespace Web.Pages.Registration.SwapReview;

/// <summary>What a reviewer posts for one request: which one and, to refuse it, why.</summary>
public sealed class SwapDecisionInput
{
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [Display(Name = "申請編號")]
    public int RequestNumber { get; set; }

    [Display(Name = "駁回原因")]
    public string? Reason { get; set; }
}

/// <summary>
/// The reviewers' list of both-cards swaps in their cooling-off period (issue 14 point 6): who asked, who was told, when it
/// takes effect; approve now (the swap takes effect at once) or refuse with a reason (nothing changes).
/// </summary>
[Authorize(Policy = Policies.Reviewer)]
public sealed class IndexModel(IMediator mediator, ActorNames actorNames) : PageModel
{
    [BindProperty]
    public SwapDecisionInput Decision { get; set; } = new();

    public BothSwapQueue? Queue { get; private set; }

    /// <summary>The decision just made, for the notice above the list.</summary>
    public BothSwapDecided? Decided { get; private set; }

    /// <summary>Who decided each request, by name and role.</summary>
    public ActorNaming Names { get; private set; } = ActorNaming.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Queue");
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        await DecideAsync(mediator.Send(new ApproveBothSwap(Decision.AgencyCode, Decision.RequestNumber, User.Actor()), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRefuseAsync(CancellationToken cancellationToken) =>
        await DecideAsync(mediator.Send(new RefuseBothSwap(Decision.AgencyCode, Decision.RequestNumber, Decision.Reason, User.Actor()), cancellationToken), cancellationToken);

    /// <summary>Whether the posted decision was about this request (its reason error belongs to its form).</summary>
    public bool IsPosted(string agencyCode, int requestNumber) =>
        string.Equals(Decision.AgencyCode, agencyCode, StringComparison.OrdinalIgnoreCase) && Decision.RequestNumber == requestNumber;

    /// <summary>ROC date and time of an instant, for the templates.</summary>
    public static string Roc(DateTimeOffset instant) => RocDate.FormatDateTime(instant);

    private async Task<IActionResult> DecideAsync(ValueTask<Outcome<BothSwapDecided>> decision, CancellationToken cancellationToken)
    {
        Decided = ModelState.Take(await decision, RejectionFields.Summary.At(nameof(SwapDecisionInput.Reason), $"{nameof(Decision)}.{nameof(SwapDecisionInput.Reason)}"));
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Queue");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Queue = ModelState.Take(await mediator.Send(new GetBothSwapQueue(), cancellationToken));
        Names = await actorNames.LoadAsync(cancellationToken);
    }
}
