using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Grants.Revoke;

/// <summary>
/// 刪除授權經辦人 (seed 004, 五(六)): the confirmation (刪除確認, a modal dialog over the list with htmx, a page
/// without), then the revocation with its reason. A list older than the agency's current version is reported. The
/// command id comes from the token the dialog was served with (<see cref="FormCommandIds"/>), sealed for this grant.
/// </summary>
public sealed class IndexModel(HandlerGrantSittings sittings, AgencyHandlerGrantsQuery grants, HandlerGrantLists lists, IMediator mediator, FormCommandIds commandIds) : PageModel
{
    /// <summary>The list page's element the dialog is shown in (<c>_GrantList</c>).</summary>
    public const string DialogContainerId = "grant-dialog";

    [BindProperty(SupportsGet = true, Name = "number")]
    public int GrantNumber { get; set; }

    /// <summary>The agency's version the list was rendered from.</summary>
    [BindProperty(SupportsGet = true, Name = "version")]
    public long ExpectedVersion { get; set; }

    [BindProperty]
    [Display(Name = "刪除原因")]
    public string? Reason { get; set; }

    [BindProperty]
    public string? CommandToken { get; set; }

    public HandlerGrantRow? Grant { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return HandlerGrantPageResults.NoSitting(this);
        Grant = await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken);
        if (Grant is not { Active: true })
            return NotFound();
        CommandToken = commandIds.Issue(sitting.FormSubject, HandlerGrantForms.Revoke(GrantNumber));
        return this.PartialOrPage("_RevokeDialog", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sitting = await sittings.CurrentAsync(HttpContext, cancellationToken);
        if (sitting is null)
            return HandlerGrantPageResults.NoSitting(this);
        // A token not issued for this sitting and grant: the list as it is, with why nothing was deleted.
        if (!commandIds.Redeem(CommandToken, sitting.FormSubject, HandlerGrantForms.Revoke(GrantNumber)).TryGetValue(out var commandId))
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, [FormCommandIds.Invalid], cancellationToken);
        var outcome = await mediator.Send(new DeleteHandlerGrant(sitting, GrantNumber, ExpectedVersion, Reason, commandId), cancellationToken);
        if (outcome.TryGetValue(out var changed))
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, changed.Appended ? $"刪除成功！序號 {GrantNumber} 的授權已刪除。" : "這筆授權已經刪除。", changed, cancellationToken);
        if (outcome.Rejections.Any(r => r.Field == Domain.Registration.RegistrationFields.Reason))
        {
            ModelState.AddRejections(outcome.Rejections);
            Grant = await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken);
            // The form targets the list (where a success shows); the error belongs in the dialog, which stays over the list.
            if (Request.IsHtmx())
            {
                Response.Headers["HX-Retarget"] = "#" + DialogContainerId;
                Response.Headers["HX-Reswap"] = "innerHTML";
            }
            return this.PartialOrPage("_RevokeDialog", this);
        }
        // A stale list, or a grant gone meanwhile: the list as it is now, with the reason on top.
        return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, outcome.Rejections, cancellationToken);
    }
}
