using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Authentication;
using Web.Pages.Grants;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;
using ReadModels.ReferenceData;

[assembly: FeatureLink("/Admin/GrantSearch/Index", "已授權清單查詢（跨機關）", "系統管理者依機關、功能、經辦人身分證統一編號、憑證序號、憑證到期日、狀態及授權日期查詢所有機關的授權，並匯出 CSV。", FeatureGroup.System, Order = 40, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Admin.GrantSearch;

/// <summary>
/// /Admin/GrantSearch: every agency's grants over the issued-grants projection, filtered, sorted and paged; the
/// filters always travel in a POST body (the national ID is one of them), and the CSV export runs as a job whose
/// progress htmx polls, then downloads as a file.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(IMediator mediator, HandlerGrantSearchQuery grants, HandlerGrantExports exports, FunctionCatalogueLookup catalogues, TimeProvider time,
    SecurityEvents securityEvents) : PageModel
{
    public const string SectionId = "grant-search";

    [BindProperty]
    public HandlerGrantSearchInput Filter { get; set; } = new();

    public HandlerGrantPage? Results { get; private set; }

    public HandlerGrantCatalogues? Catalogues { get; private set; }

    /// <summary>The grantable functions of the catalogue in force, for the function filter: (code, group › name).</summary>
    public IReadOnlyList<(string Code, string Label)> Functions { get; private set; } = [];

    public HandlerGrantExportProgress? Export { get; private set; }

    private string Owner => SignedInUser.From(User)!.Subject;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await SearchAsync(cancellationToken);

    public async Task<IActionResult> OnPostSearchAsync(CancellationToken cancellationToken) => await SearchAsync(cancellationToken);

    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        var search = await mediator.Send(Filter.ToQuery(), cancellationToken);
        if (search.TryGetValue(out var valid))
        {
            Export = exports.Progress(Owner, exports.Start(Owner, valid));
            securityEvents.Record(HttpContext, SecurityEventKinds.Export, target: SecurityLogText.Person(Filter.NationalId),
                detail: $"已授權清單（跨機關）CSV 匯出開始，作業 {Export?.Id}；{Filter.Describe()}");
        }
        return await SearchAsync(cancellationToken);
    }

    /// <summary>htmx polls this while an export runs; without script, the page's 重新整理進度 asks for it as a page.</summary>
    public async Task<IActionResult> OnGetExportProgressAsync(string job, CancellationToken cancellationToken)
    {
        Export = exports.Progress(Owner, job);
        if (Export is null)
            return NotFound();
        if (Request.IsHtmx())
            return Partial("_Export", this);
        return await SearchAsync(cancellationToken);
    }

    public IActionResult OnGetDownload(string job)
    {
        if (exports.Open(Owner, job) is not { } file)
            return NotFound();
        securityEvents.Record(HttpContext, SecurityEventKinds.Export, detail: $"下載已授權清單（跨機關）CSV，作業 {job}");
        return File(file, "text/csv; charset=utf-8", exports.FileName(Owner, job));
    }

    private async Task<IActionResult> SearchAsync(CancellationToken cancellationToken)
    {
        Functions = FunctionOptions(await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken));
        if (ModelState.Take(await mediator.Send(Filter.ToQuery(), cancellationToken), RejectionFields.Under(nameof(Filter))) is { } valid)
        {
            Results = await grants.SearchAsync(valid, cancellationToken);
            securityEvents.Record(HttpContext, SecurityEventKinds.PersonalDataSearch, target: SecurityLogText.Person(Filter.NationalId),
                detail: $"已授權清單查詢（跨機關），{Results.Total} 筆；{Filter.Describe()}");
            Catalogues = await HandlerGrantCatalogues.ForAsync(catalogues, Results.Rows, cancellationToken);
        }
        return this.PartialOrPage("_Search");
    }

    private static List<(string Code, string Label)> FunctionOptions(Domain.ReferenceData.FunctionCatalogue? catalogue)
    {
        var options = new List<(string, string)>();
        if (catalogue is null)
            return options;
        void Walk(FunctionNode node, string? group)
        {
            if (node.IsLeaf)
                options.Add((node.Code, group is null ? node.Name : $"{group} › {node.Name}"));
            foreach (var child in node.Children)
                Walk(child, node.Name);
        }
        foreach (var root in FunctionTree.Of(catalogue))
            Walk(root, null);
        return options;
    }
}
