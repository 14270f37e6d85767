using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Health/Index", "系統狀態", "系統管理者查看事件儲存區的最新位置、各查詢資料處理到哪裡、信任的憑證機構與憑證廢止清冊的新舊。", FeatureGroup.System, Order = 100, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Health;

/// <summary>
/// /health: the detailed status for administrators, a zh-TW page or JSON (<c>Accept: application/json</c>). 503 when
/// <c>maxLag</c> is given and a projection is further behind than that. Administrators only: it names the node's CRL
/// sources, projections and trust problems — a map for an attacker. Balancers and orchestrators use the anonymous
/// <c>/health/live</c> and <c>/health/ready</c> (<see cref="HealthProbes"/>), which say which part failed, not why.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "可接受的落後筆數")]
    public long? MaxLag { get; set; }

    public ServiceHealth? Health { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        Response.Headers.CacheControl = "no-store";
        var wantsJson = Request.WantsJson();

        if (!ModelState.IsValid)
            return wantsJson ? Rejected(ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => new { code = "MAX_LAG_FORMAT", message = e.Value!.Errors[0].ErrorMessage, field = e.Key })) : Report();

        var outcome = await mediator.Send(new GetServiceHealth(MaxLag), cancellationToken);
        if (ModelState.Take(outcome) is not { } health)
            return wantsJson ? Rejected(outcome.Rejections.Select(r => new { code = r.Code, message = r.Message, field = r.Field })) : Report();

        Health = health;
        // Monitors read the status; an htmx swap needs a 2xx to be shown at all.
        if (!health.WithinMaxLag && !Request.IsHtmx())
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (!wantsJson)
            return Report();
        return new JsonResult(new
        {
            status = health.WithinMaxLag ? "ok" : "behind",
            storeHead = health.StoreHead,
            checkedAt = health.CheckedAt,
            maxLag = health.MaxLag,
            projections = health.Projections.Select(p => new
            {
                name = p.Name,
                version = p.Version,
                checkpoint = p.Checkpoint,
                lag = p.Lag,
                rebuildProgress = p.RebuildProgress,
                // The error text stays in the server's log: it may name internals.
                failing = p.LastError is not null,
            }),
            // Anchors and issuing CAs that could never validate a card (public certificates: naming them is safe).
            trust = health.Trust is not { } trust ? null : new
            {
                source = trust.Source,
                checkedAt = trust.CheckedAt,
                unusable = trust.Problems.Select(p => new
                {
                    kind = p.Kind.ToString().ToLowerInvariant(),
                    role = p.Role == Domain.ReferenceData.TrustRole.Anchor ? "anchor" : "issuing",
                    subject = p.Subject,
                    sha256 = p.Sha256Fingerprint,
                    reason = p.Failure.Code.ToString(),
                }),
            },
            // This node's CRLs and their age: each node loads and refreshes its own (Web:Trust:CrlRefresh).
            crls = (health.Crls ?? []).Select(c => new
            {
                issuer = c.Issuer,
                number = c.Number,
                delta = c.IsDelta,
                thisUpdate = c.ThisUpdate,
                nextUpdate = c.NextUpdate,
                ageSeconds = (long)(health.CheckedAt - c.ThisUpdate).TotalSeconds,
                source = c.Source,
                obtainedAt = c.ObtainedAt,
                stale = c.Stale,
            }),
            crlSources = (health.CrlSources ?? []).Select(s => new
            {
                source = Web.CardSteps.Trust.CrlFreshness.Shown(s.Source),
                lastAttempt = s.LastAttempt,
                lastSuccess = s.LastSuccess,
                // The kind only: the detail (in the log) can name the server's folders.
                problem = s.Problem?.Kind.ToString(),
            }),
        })
        { StatusCode = Response.StatusCode };
    }

    /// <summary>The lag check swaps only the report for htmx; a plain GET (no JavaScript) gets the whole page.</summary>
    private IActionResult Report() => this.PartialOrPage("_HealthReport");

    private static JsonResult Rejected(IEnumerable<object> errors) =>
        new(new { status = "rejected", errors }) { StatusCode = StatusCodes.Status400BadRequest };
}
