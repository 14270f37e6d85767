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

[assembly: FeatureLink("/Registration/Review/Index", "機關憑證OID審核", "審核人員處理機關憑證 OID 與機關代碼檔不符的註冊申請：核准或駁回。", FeatureGroup.ReviewAndAudit, Order = 10, InMainNav = true, Policy = Web.Authentication.Policies.Reviewer)]

namespace Web.Pages.Registration.Review;

/// <summary>What a reviewer posts for one case: which case and, to reject it, why.</summary>
public sealed class ReviewDecisionInput
{
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [Display(Name = "案件編號")]
    public int CaseNumber { get; set; }

    [Display(Name = "駁回原因")]
    public string? Reason { get; set; }
}

/// <summary>
/// The reviewers' queue (審核人員): open OID review cases with the certificate, what the directory expected and the
/// applicant to call back; approve (effective from the next business day) or reject with a reason.
/// </summary>
[Authorize(Policy = Policies.Reviewer)]
public sealed class IndexModel(IMediator mediator, ActorNames actorNames) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "審核窗口")]
    public string? Desk { get; set; }

    [BindProperty]
    public ReviewDecisionInput Decision { get; set; } = new();

    public OidReviewQueue? Queue { get; private set; }

    /// <summary>The decision just made, for the notice above the queue.</summary>
    public ReviewDecided? Decided { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Queue");
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        await DecideAsync(mediator.Send(new ApproveOidReviewCase(Decision.AgencyCode, Decision.CaseNumber, User.Actor()), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        await DecideAsync(mediator.Send(new RejectOidReviewCase(Decision.AgencyCode, Decision.CaseNumber, Decision.Reason, User.Actor()), cancellationToken), cancellationToken);

    /// <summary>Whether the error of <paramref name="field"/> belongs to this case's form (the one just posted).</summary>
    public bool IsPosted(string agencyCode, int caseNumber) =>
        string.Equals(Decision.AgencyCode, agencyCode, StringComparison.OrdinalIgnoreCase) && Decision.CaseNumber == caseNumber;

    private async Task<IActionResult> DecideAsync(ValueTask<Outcome<ReviewDecided>> decision, CancellationToken cancellationToken)
    {
        Decided = ModelState.Take(await decision, RejectionFields.Summary.At(nameof(ReviewDecisionInput.Reason), $"{nameof(Decision)}.{nameof(ReviewDecisionInput.Reason)}"));
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Queue");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Queue = ModelState.Take(await mediator.Send(new GetOidReviewQueue(Desk), cancellationToken));
        Names = await actorNames.LoadAsync(cancellationToken);
    }

    /// <summary>Who decided each case, by name and role.</summary>
    public ActorNaming Names { get; private set; } = ActorNaming.None;

    /// <summary>ROC date and time of an instant, for the templates.</summary>
    public static string Roc(DateTimeOffset instant) => RocDate.FormatDateTime(instant);
}
