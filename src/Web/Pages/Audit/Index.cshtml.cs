using System.ComponentModel.DataAnnotations;
using EventStore.Integrity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Audit/Index", "稽核：機關註冊歷程", "稽核人員依機關代號查看每一筆註冊事件、任一時點的狀態與差異，驗證雜湊鏈並匯出 CSV 或 JSON。", FeatureGroup.ReviewAndAudit, Order = 20)]

namespace Web.Pages.Audit;

/// <summary>
/// 稽核 (auditors only): pick an agency by its code, then its timeline — every event of its registration stream with
/// what, who, when (ROC) and the certificates it relied on — its hash-chain verification, and the history as CSV or JSON.
/// Everything here reads; nothing writes.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator) : PageModel
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
        var outcome = await mediator.Send(new VerifyAgencyChain(AgencyCode), cancellationToken);
        if (outcome.TryGetValue(out var chain))
            Chain = chain;
        else
            ModelState.AddRejections(outcome.Rejections);
        if (Request.IsHtmx())
            return Partial("_Chain", this);
        if (Chain is not null)
            await LoadTimelineAsync(cancellationToken);
        return Page();
    }

    /// <summary>匯出: the history as a download (<c>format</c> = csv or json); a bad request shows the page with the message.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new ExportAgencyHistory(AgencyCode, format, User.Actor()), cancellationToken);
        if (outcome.TryGetValue(out var file))
            return File(file.Content, file.ContentType, file.FileName);
        ModelState.AddRejections(outcome.Rejections);
        return Page();
    }

    private async Task LoadTimelineAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new GetAgencyTimeline(AgencyCode), cancellationToken);
        if (outcome.TryGetValue(out var timeline))
            Timeline = timeline;
        else
            ModelState.AddRejections(outcome.Rejections);
    }

    /// <summary>How a kind of break reads for auditors.</summary>
    /// <summary>What the signed checkpoints let a whole-store check state, in words an auditor can quote.</summary>
    public static string CheckpointText(IntegrityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Checkpoints is not { } checkpoints)
            return "未設定查核點：以上只證明儲存內容前後一致；能寫入資料庫的人若整批重算雜湊，無法由此看出。";
        if (checkpoints.Proven is not { } proven)
            return checkpoints.Trusted == 0 ? "找不到可採信的已簽章查核點：以上只證明儲存內容前後一致。" : "儲存內容與任何已簽章的查核點都不相符。";
        var text = $"可證明至第 {proven.Body.Sequence} 號查核點（{Domain.Common.RocDate.FormatDateTime(proven.Body.CreatedAt)}，位置 {proven.Body.Position}，由金鑰 {proven.KeyId} 簽章）為止{(report.IsIntact ? "完整" : "")}未遭變更";
        return checkpoints.EventsAfter == 0 ? text + "。" : $"{text}；其後 {checkpoints.EventsAfter} 筆事件尚無查核點涵蓋。";
    }

    public static string BreakText(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.ContentAltered => "事件內容與當初寫入時不同（內容被修改）",
        ChainBreakKind.LinkBroken => "事件記載的前一雜湊與前一筆事件不符（鏈結被改動）",
        ChainBreakKind.RevisionMissing => "有事件不見了（版次不連續）",
        ChainBreakKind.RevisionOutOfOrder => "事件順序被改動",
        ChainBreakKind.PositionMissing => "儲存區的位置有缺漏（資料列被刪除）",
        ChainBreakKind.StreamHeadMismatch => "串流紀錄與最後一筆事件不符（結尾的事件被刪除或紀錄被修改）",
        ChainBreakKind.UnknownStream => "事件所屬的串流沒有紀錄",
        ChainBreakKind.AllLinkBroken => "全庫鏈結（$all）在此中斷（鏈結被改動或事件被移動）",
        ChainBreakKind.CheckpointMismatch => "儲存內容與已簽章的查核點不符（查核點之後有事件被修改、刪除、插入或重新計算雜湊）",
        ChainBreakKind.BehindCheckpoint => "儲存區比已簽章的查核點短（結尾被截斷，或還原了較舊的備份）",
        ChainBreakKind.CheckpointInvalid => "查核點無法採信（無法讀取、簽章不符、不是本儲存區的、缺號或見證處彼此不一致）",
        _ => kind.ToString(),
    };
}
