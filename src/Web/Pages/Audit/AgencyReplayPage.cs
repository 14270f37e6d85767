using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Audit;

/// <summary>
/// An auditor's GET form about one agency's replayed history (特定時點的狀態, 兩個時點的差異): once the form is filled,
/// the query's answer, or its rejections at their fields; the form's partial alone for htmx.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public abstract class AgencyReplayPage<TResult>(IMediator mediator) : PageModel
    where TResult : class
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    public TResult? Result { get; private set; }

    /// <summary>The form's partial view (also what htmx swaps).</summary>
    protected abstract string PartialName { get; }

    /// <summary>The query the bound fields ask, or null while the form has not been sent (the first visit).</summary>
    protected abstract IQuery<Outcome<TResult>>? Query();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Query() is { } query)
            Result = ModelState.Take(await mediator.Send(query, cancellationToken));

        return this.PartialOrPage(PartialName);
    }
}
