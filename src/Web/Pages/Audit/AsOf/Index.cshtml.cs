using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Audit.AsOf;

/// <summary>
/// 特定時點的狀態 (auditors only): the agency's registration as it stood at an instant, replayed from its stream through
/// the domain's fold — never read from a read-model table, which only knows the present.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "日期")]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "時間")]
    public string? Time { get; set; }

    public AgencyStateAsOf? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Date is not null)
        {
            var outcome = await mediator.Send(new GetAgencyStateAsOf(AgencyCode, Date, Time), cancellationToken);
            if (outcome.TryGetValue(out var result))
                Result = result;
            else
                ModelState.AddRejections(outcome.Rejections);
        }

        return this.PartialOrPage("_AsOf");
    }
}
