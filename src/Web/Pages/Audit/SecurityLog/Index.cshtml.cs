using System.ComponentModel.DataAnnotations;
using Domain.Common;
using EventStore.SecurityLog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Audit/SecurityLog/Index", "稽核：安全事件紀錄", "稽核人員依時間、事件種類、對象及來源位址查看登入、卡片驗證失敗、個人資料查詢、匯出、工作人員帳號異動及匯入的紀錄。", FeatureGroup.ReviewAndAudit, Order = 25, InMainNav = true, Policy = Web.Authentication.Policies.Auditor)]

namespace Web.Pages.Audit.SecurityLog;

/// <summary>
/// 安全事件紀錄 (auditors only): the security log, newest first, 50 to a page, filtered by Taiwan calendar days, kind,
/// subject (who acted or whom it was about) and client address prefix. The filters travel in a POST body: a national ID
/// typed into the subject field never reaches a URL, and it is masked before it is compared, as the log keeps it.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(ISecurityLog log) : PageModel
{
    public const string SectionId = "security-log";

    public const int PageSize = 50;

    [BindProperty]
    public FilterInput Filter { get; set; } = new();

    public SecurityLogPage? Results { get; private set; }

    public IActionResult OnGet() => Search();

    public IActionResult OnPostSearch() => Search();

    private IActionResult Search()
    {
        ModelState.Clear();
        var from = Day(Filter.From, nameof(FilterInput.From));
        var to = Day(Filter.To, nameof(FilterInput.To));
        if (Filter.Kind is { Length: > 0 } kind && !SecurityEventKinds.All.Contains(kind, StringComparer.Ordinal))
            ModelState.AddModelError($"{nameof(Filter)}.{nameof(FilterInput.Kind)}", "請從清單選擇事件種類。");
        if (from is { } start && to is { } end && end < start)
            ModelState.AddModelError($"{nameof(Filter)}.{nameof(FilterInput.To)}", "迄日不能早於起日。");
        // Compared, and shown back in the field, as the log keeps it: a whole national ID typed here is masked.
        Filter.Subject = SecurityLogText.Clean(Filter.Subject, 120);
        if (ModelState.IsValid)
        {
            Results = log.Find(new SecurityLogFilter(
                from is { } f ? RocDate.StartOfTaiwanDay(f) : null,
                to is { } t ? RocDate.StartOfTaiwanDay(t.AddDays(1)) : null,
                Filter.Kind,
                Filter.Subject,
                Filter.Address,
                Math.Max(1, Filter.Page),
                PageSize));
        }
        return this.PartialOrPage("_SecurityLog");
    }

    private DateOnly? Day(string? typed, string field)
    {
        if (string.IsNullOrWhiteSpace(typed))
            return null;
        if (RocDate.TryParse(typed) is { } day)
            return day;
        ModelState.AddModelError($"{nameof(Filter)}.{field}", "請以民國年/月/日輸入日期，例如 115/12/07。");
        return null;
    }

    /// <summary>What the auditor filters by; every field may stay empty.</summary>
    public sealed class FilterInput
    {
        [Display(Name = "起日")]
        public string? From { get; set; }

        [Display(Name = "迄日")]
        public string? To { get; set; }

        [Display(Name = "事件種類")]
        public string? Kind { get; set; }

        [Display(Name = "對象")]
        public string? Subject { get; set; }

        [Display(Name = "來源位址")]
        public string? Address { get; set; }

        public int Page { get; set; } = 1;
    }
}
