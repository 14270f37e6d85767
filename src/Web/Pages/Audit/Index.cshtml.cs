using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Audit/Index", "稽核：機關註冊歷程", "稽核人員依機關代號查看每一筆註冊事件、任一時點的狀態與差異，驗證雜湊鏈並匯出 CSV 或 JSON。", FeatureGroup.ReviewAndAudit, Order = 20, InMainNav = true, Policy = Web.Authentication.Policies.Auditor)]

namespace Web.Pages.Audit;

/// <summary>
/// 稽核 (auditors only): pick an agency by its code, then its timeline — every event of its registration stream with
/// what, who, when (ROC) and the certificates it relied on — its hash-chain verification, and the history as CSV or JSON.
/// Everything here reads; nothing writes.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator, SecurityEvents securityEvents) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    public AgencyTimeline? Timeline { get; private set; }

    public AgencyChainCheck? Chain { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (AgencyCode is not null)
            await LoadTimelineAsync(cancellationToken);
        return this.PartialOrPage("_Timeline");
    }

    /// <summary>驗證雜湊鏈: the chain result alone for htmx, the whole page (timeline and result) otherwise.</summary>
    public async Task<IActionResult> OnGetVerifyAsync(CancellationToken cancellationToken)
    {
        Chain = ModelState.Take(await mediator.Send(new VerifyAgencyChain(AgencyCode), cancellationToken));
        if (Request.IsHtmx())
            return Partial("_Chain", this);
        if (Chain is not null)
            await LoadTimelineAsync(cancellationToken);
        return Page();
    }

    /// <summary>匯出: the history as a download (<c>format</c> = csv or json); a bad request shows the page with the message.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (ModelState.Take(await mediator.Send(new ExportAgencyHistory(AgencyCode, format, User.Actor()), cancellationToken)) is not { } file)
            return Page();
        securityEvents.Record(HttpContext, SecurityEventKinds.Export, target: $"agency:{AgencyCode}", detail: $"匯出機關註冊歷程 {file.FileName}");
        return File(file.Content, file.ContentType, file.FileName);
    }

    private async Task LoadTimelineAsync(CancellationToken cancellationToken) =>
        Timeline = ModelState.Take(await mediator.Send(new GetAgencyTimeline(AgencyCode), cancellationToken));
}
