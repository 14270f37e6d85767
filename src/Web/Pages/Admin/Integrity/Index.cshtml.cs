using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Navigation;

[assembly: FeatureLink("/Admin/Integrity/Index", "事件儲存區完整性檢查", "系統管理者驗證整個事件儲存區的雜湊鏈，找出第一筆被改動或刪除的事件。", FeatureGroup.System, Order = 30, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Admin.Integrity;

/// <summary>
/// Whole-store integrity (administrators only): verifies every stream's hash chain and the positions in the background
/// (<see cref="IntegrityChecks"/>) and shows progress, then the result: intact, or every break with the first one first.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(IntegrityChecks checks, ActorNames actorNames) : PageModel
{
    /// <summary>Most breaks listed on the page.</summary>
    public const int BreaksShown = 50;

    public IntegrityCheckRun? Run { get; private set; }

    /// <summary>Who started the check, by name and role.</summary>
    public string? StartedBy { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Run = checks.Latest;
        return await ShowAsync(cancellationToken);
    }

    /// <summary>開始檢查: starts a verification (or shows the one already running).</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Run = checks.Start(User.Actor());
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (Run is not null)
            StartedBy = (await actorNames.LoadAsync(cancellationToken)).Of(Run.StartedBy);
        return this.PartialOrPage("_Check");
    }
}
