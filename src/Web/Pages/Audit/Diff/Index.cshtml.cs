using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Audit.Diff;

/// <summary>兩個時點的差異 (auditors only): the agency's state replayed to two instants, compared line by line, with the events in between.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "起始日期")]
    public string? FromDate { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "起始時間")]
    public string? FromTime { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "結束日期")]
    public string? ToDate { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "結束時間")]
    public string? ToTime { get; set; }

    public AgencyDiff? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (FromDate is not null || ToDate is not null)
        {
            var outcome = await mediator.Send(new GetAgencyDiff(AgencyCode, FromDate, FromTime, ToDate, ToTime), cancellationToken);
            if (outcome.TryGetValue(out var result))
                Result = result;
            else
                ModelState.AddRejections(outcome.Rejections);
        }

        return this.PartialOrPage("_Diff");
    }
}
