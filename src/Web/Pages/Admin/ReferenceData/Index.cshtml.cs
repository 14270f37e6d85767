using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Domain.Common;
using Domain.ReferenceData;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;
using Web.ReferenceData;
using ReadModels.ReferenceData;

[assembly: FeatureLink("/Admin/ReferenceData/Index", "參考資料匯入", "管理者匯入機關代碼檔、人事資料、辦公日曆、用戶約定條款、授權功能選單及信任的憑證機構；匯入前逐列檢查，有錯就不寫入。", FeatureGroup.System, Order = 50, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Admin.ReferenceData;

/// <summary>
/// /Admin/ReferenceData: choose a kind, upload a CSV file, read the check report (each bad row by line, national
/// IDs masked; nothing written), confirm, and follow the import until the query models show it.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class IndexModel(IMediator mediator, ReferenceImportHistory history, ImportJobs jobs, ActorNames actorNames, TimeProvider time,
    SecurityEvents securityEvents) : PageModel
{
    /// <summary>The file limit plus room for the terms texts and the form's other fields.</summary>
    public const long MaxRequestBytes = ReferenceDataImporter.MaxFileBytes + (8L * 1024 * 1024);

    /// <summary>At most this many problems are listed on the page; the downloadable report has them all.</summary>
    public const int ProblemsShown = 200;

    [BindProperty]
    public UploadInput Upload { get; set; } = new();

    [BindProperty]
    public ConfirmInput Confirm { get; set; } = new();

    public ImportJobView? Job { get; private set; }

    public IReadOnlyList<ImportRecord> History { get; private set; } = [];

    /// <summary>Who imported, confirmed and approved, by name and role.</summary>
    public ActorNaming Names { get; private set; } = ActorNaming.None;

    /// <summary>Imports one administrator confirmed that wait for a second one (trust anchors, personnel records).</summary>
    public IReadOnlyList<ImportJobView> AwaitingApproval { get; private set; } = [];

    /// <summary>Who is looking: the page offers 核准 only to an administrator who did not confirm the import.</summary>
    public string Viewer => Actor;

    public async Task<IActionResult> OnGetAsync(string? job, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(job))
            await LoadJobAsync(job, cancellationToken);
        await LoadHistoryAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// htmx polls this while a job runs: the progress element while it still runs, else the job's next step,
    /// retargeted to the whole step container.
    /// </summary>
    public async Task<IActionResult> OnGetProgressAsync(string job, CancellationToken cancellationToken)
    {
        await LoadJobAsync(job, cancellationToken);
        if (Request.IsHtmx() && Job is { IsRunning: true })
            return Partial("_JobProgress", this);
        if (Request.IsHtmx())
        {
            Response.Headers["HX-Retarget"] = "#import-step";
            Response.Headers["HX-Reswap"] = "outerHTML";
        }
        return await StepAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(
            new CheckReferenceDataFile(Upload.Kind, await ReadAsync(Upload.File, cancellationToken), await ReadAllAsync(Upload.TermsTexts, cancellationToken), Actor),
            cancellationToken);
        Job = ModelState.Take(outcome, RejectionFields.Under(nameof(Upload)));
        return await StepAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new ImportReferenceDataFile(Confirm.JobId ?? "", Confirm.Version ?? "", Actor), cancellationToken);
        if (outcome.TryGetValue(out var job))
        {
            Job = job;
            securityEvents.Record(HttpContext, SecurityEventKinds.ImportRequested, target: $"import:{job.Id}",
                detail: $"{job.Kind}「{job.FileName}」版本 {Confirm.Version}；{(job.State == ImportJobState.AwaitingApproval ? "等待另一位管理者核准" : "不需核准，直接匯入")}");
        }
        else
        {
            securityEvents.Record(HttpContext, SecurityEventKinds.ImportRefused, target: $"import:{Confirm.JobId}", code: outcome.Rejections[0].Code, detail: "確認匯入遭拒");
            // Show the confirmation again with the message at its field (a bad version label), or the upload form when the job is gone.
            await LoadJobAsync(Confirm.JobId ?? "", cancellationToken);
            ModelState.AddRejections(outcome.Rejections, nameof(Confirm));
        }
        return await StepAsync(cancellationToken);
    }

    /// <summary>核准匯入: a second administrator approves a confirmed import; the one who confirmed it is refused.</summary>
    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new ApproveReferenceDataImport(Confirm.JobId ?? "", Actor), cancellationToken);
        if (outcome.TryGetValue(out var job))
        {
            Job = job;
            securityEvents.Record(HttpContext, SecurityEventKinds.ImportApproved, target: $"import:{job.Id}",
                detail: $"{job.Kind}「{job.FileName}」，申請人 {job.RequestedBy}");
        }
        else
        {
            securityEvents.Record(HttpContext, SecurityEventKinds.ImportRefused, target: $"import:{Confirm.JobId}", code: outcome.Rejections[0].Code, detail: "核准匯入遭拒");
            await LoadJobAsync(Confirm.JobId ?? "", cancellationToken);
            ModelState.AddRejections(outcome.Rejections, nameof(Confirm));
        }
        return await StepAsync(cancellationToken);
    }

    /// <summary>The whole check report as CSV (line, column, code, message), national IDs masked as on the page.</summary>
    public async Task<IActionResult> OnGetReportAsync(string job, CancellationToken cancellationToken)
    {
        await LoadJobAsync(job, cancellationToken);
        if (Job?.Prepared is not { } prepared)
            return NotFound();
        securityEvents.Record(HttpContext, SecurityEventKinds.Export, target: $"import:{job}", detail: $"下載檢查報告 CSV（{Job.Kind}「{Job.FileName}」）");
        var csv = new StringBuilder("line,column,code,message\n");
        foreach (var problem in prepared.Problems)
            csv.Append(CultureInfo.InvariantCulture, $"{problem.Line},{problem.Column},{problem.Code},\"{problem.Message.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "check-report.csv");
    }

    /// <summary>What an import of the kind does to what is already there, in a sentence.</summary>
    public static string Semantics(ReferenceDataKind kind) => kind switch
    {
        ReferenceDataKind.AgencyDirectory => "每次匯入以檔案取代整個機關代碼檔。",
        ReferenceDataKind.Personnel => "每次匯入加入報送資料；同一人、同一機關、同一天的資料以新檔為準。資料自報送日的隔天起生效。",
        ReferenceDataKind.HolidayCalendar => "每次匯入取代檔案涵蓋年份的所有日期，其他年份不變。",
        ReferenceDataKind.TermsOfUse => "每次匯入加入新版本（並上傳其全文）；已匯入的版本不可更改，新版本須晚於最新版本生效。",
        ReferenceDataKind.FunctionCatalogue => "每次匯入加入新版本；已匯入的版本不可更改，新版本須晚於最新版本生效。",
        ReferenceDataKind.TrustAnchors => "每次匯入以檔案取代整個信任清單；憑證以 PEM 或一行 Base64 DER 表示。",
        _ => "",
    };

    /// <summary>The default version label offered on the confirmation: today's Taiwan date.</summary>
    public string DefaultVersion => ReferenceDataImportPlan.Day(RocDate.TaiwanDate(time.GetUtcNow()));

    /// <summary>Who acts, as events record it (the session's subject, e.g. <c>staff:admin</c>).</summary>
    private string Actor => User.Actor();

    private async Task<IActionResult> StepAsync(CancellationToken cancellationToken)
    {
        if (Request.IsHtmx() && !Request.IsHtmxBoosted())
        {
            Names = await actorNames.LoadAsync(cancellationToken);
            return this.PartialOrPage(Job is null ? "_Upload" : "_Job");
        }
        await LoadHistoryAsync(cancellationToken);
        return Page();
    }

    private async Task LoadJobAsync(string job, CancellationToken cancellationToken)
    {
        Job = ModelState.Take(await mediator.Send(new GetImportJob(job, Actor), cancellationToken));
    }

    private async Task LoadHistoryAsync(CancellationToken cancellationToken)
    {
        History = await history.RecentAsync(20, cancellationToken: cancellationToken);
        Names = await actorNames.LoadAsync(cancellationToken);
        AwaitingApproval = jobs.AwaitingApproval();
    }

    private static async Task<ReferenceDataFile?> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
            return null;
        using var buffer = new MemoryStream((int)Math.Min(file.Length, ReferenceDataImporter.MaxFileBytes + 1));
        await file.CopyToAsync(buffer, cancellationToken);
        return new ReferenceDataFile(Path.GetFileName(file.FileName), buffer.ToArray());
    }

    private static async Task<IReadOnlyList<ReferenceDataFile>> ReadAllAsync(IReadOnlyList<IFormFile>? files, CancellationToken cancellationToken)
    {
        var read = new List<ReferenceDataFile>();
        foreach (var file in files ?? [])
            read.Add((await ReadAsync(file, cancellationToken))!);
        return read;
    }

    /// <summary>The upload form.</summary>
    public sealed class UploadInput
    {
        [Display(Name = "資料種類")]
        public ReferenceDataKind? Kind { get; set; }

        [Display(Name = "檔案")]
        public IFormFile? File { get; set; }

        [Display(Name = "條款全文")]
        public List<IFormFile> TermsTexts { get; set; } = [];
    }

    /// <summary>The confirmation form.</summary>
    public sealed class ConfirmInput
    {
        public string? JobId { get; set; }

        [Display(Name = "版本標示")]
        public string? Version { get; set; }
    }
}
