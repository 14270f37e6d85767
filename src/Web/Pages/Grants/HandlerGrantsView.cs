using Domain.Common;
using ReadModels.Grants;
using Web.CardSteps;

namespace Web.Pages.Grants;

/// <summary>
/// What the swappable part of 授權指派 (<c>#grants-main</c>, partial <c>_GrantsMain</c>) shows: a card step, or the
/// sitting's 授權經辦人清單 with a success message or the rejections of the last change. The add, modify and revoke
/// pages answer htmx with this same part, so the list and its message replace the form.
/// </summary>
public sealed record HandlerGrantsView : ISittingView
{
    public const string TargetId = "grants-main";

    /// <summary>TempData key of the success message a plain (non-htmx) post carries across its redirect.</summary>
    public const string MessageKey = "grants-message";

    /// <summary>TempData key of "saved, not in the list yet" across the same redirect.</summary>
    public const string NotShownKey = "grants-not-shown";

    /// <summary>TempData key of why a change was not made when the answer had to be a redirect (no sitting).</summary>
    public const string ProblemKey = "grants-problem";

    public CardStepView? Step { get; init; }

    public HandlerGrantSitting? Sitting { get; init; }

    public HandlerGrantPage? List { get; init; }

    public string? Search { get; init; }

    /// <summary>新增成功 / 修改成功 / 刪除成功, announced after a swap.</summary>
    public string? Message { get; init; }

    /// <summary>The last change is saved but the list below does not show it yet.</summary>
    public string? NotShownNotice { get; init; }

    /// <summary>Why the last change was not made (a stale list, a grant already removed …), shown above the list.</summary>
    public IReadOnlyList<Rejection> Problems { get; init; } = [];

}

/// <summary>The sitting's 授權經辦人清單 as <see cref="HandlerGrantsView"/> shows it, read from the handler-grant read model.</summary>
public sealed class HandlerGrantLists(HandlerGrantAgencyQuery agencies, AgencyHandlerGrantsQuery grants)
{
    public async Task<HandlerGrantsView> ListAsync(
        HandlerGrantSitting sitting, int page, int pageSize, string? search, string? message, IReadOnlyList<Rejection>? problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sitting);
        // The agency as it is now: after a change, the sitting read before it carries the old stream version, and
        // the list's revoke links must carry the new one or the next revoke is refused as stale.
        sitting = sitting with { Agency = await agencies.AgencyAsync(sitting.Agency.AgencyCode, cancellationToken) ?? sitting.Agency };
        var list = await grants.ForAgencyAsync(sitting.Agency.AgencyCode, activeOnly: true, search, page, pageSize, cancellationToken);
        return new HandlerGrantsView { Sitting = sitting, List = list, Search = search, Message = message, Problems = problems ?? [] };
    }
}

/// <summary>What a page behind the 授權指派 card steps shows: the step due, or the open sitting; and why the last attempt failed.</summary>
public interface ISittingView
{
    CardStepView? Step { get; }

    HandlerGrantSitting? Sitting { get; }

    IReadOnlyList<Rejection> Problems { get; }
}

/// <summary>The fields typed with the two card steps of 授權指派.</summary>
public sealed class SittingStepInput
{
    [System.ComponentModel.DataAnnotations.Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = "授權管理者身分證統一編號")]
    public string? ManagerNationalId { get; set; }
}
