using Domain.Registration;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Htmx;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Grants.Edit;

/// <summary>
/// 修改授權經辦人 (seed 004, 五(五)): serial (read the renewed card), name, ID (blank keeps the one on record) and
/// functions. The form carries the agency's version: a change made meanwhile in another sitting is reported. The command
/// id comes from the token the form was served with (<see cref="FormCommandIds"/>), sealed for this grant's form.
/// </summary>
public sealed class IndexModel(
    HandlerGrantSittings sittings,
    FunctionCatalogueLookup catalogues,
    AgencyHandlerGrantsQuery grants,
    HandlerGrantLists lists,
    IMediator mediator,
    FormCommandIds commandIds,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "number")]
    public int GrantNumber { get; set; }

    [BindProperty]
    public long ExpectedVersion { get; set; }

    [BindProperty]
    public HandlerForm Handler { get; set; } = new();

    [BindProperty]
    public string? CommandToken { get; set; }

    public HandlerEditorView? Editor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return RedirectToPage("/Grants/Index");
        if (await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken) is not { Active: true } grant)
            return NotFound();
        Handler = new HandlerForm { CertificateSerial = grant.Serial, Name = grant.HandlerName, FunctionCodes = [.. grant.FunctionCodes] };
        return await EditorAsync(sitting, grant, sitting.Agency.StreamVersion, commandIds.Issue(sitting.FormSubject, HandlerGrantForms.Edit(GrantNumber)), cancellationToken);
    }

    public async Task<IActionResult> OnPostReadCertificateAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return HandlerGrantPageResults.NoSitting(this);
        Handler.ReadCertificateInto(ModelState, sitting.Session.ManagerCertificate);
        return await EditorAsync(sitting, await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken), ExpectedVersion,
            commandIds.Keep(CommandToken, sitting.FormSubject, HandlerGrantForms.Edit(GrantNumber)), cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sitting = await sittings.CurrentAsync(HttpContext, cancellationToken);
        if (sitting is null)
            return HandlerGrantPageResults.NoSitting(this);
        if (!commandIds.Redeem(CommandToken, sitting.FormSubject, HandlerGrantForms.Edit(GrantNumber)).TryGetValue(out var commandId))
        {
            ModelState.AddRejections([FormCommandIds.Invalid]);
            Handler.NationalId = null;
            return await EditorAsync(sitting, await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken), ExpectedVersion,
                commandIds.Issue(sitting.FormSubject, HandlerGrantForms.Edit(GrantNumber)), cancellationToken);
        }
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        var outcome = await mediator.Send(new EditHandlerGrant(sitting, GrantNumber, ExpectedVersion, Handler, catalogue, commandId), cancellationToken);
        if (outcome.TryGetValue(out var changed))
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, changed.Appended ? $"修改成功！序號 {GrantNumber} 的授權已更新。" : "授權內容與原本相同，沒有變更。", changed, cancellationToken);
        if (outcome.Rejections.Any(r => r.Code == RegistrationRejections.HandlerGrantIsRevoked(GrantNumber).Code || r.Code == RegistrationRejections.HandlerGrantNotFound(GrantNumber).Code))
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, outcome.Rejections, cancellationToken);
        ModelState.AddRejections(outcome.Rejections);
        Handler.NationalId = null;
        return await EditorAsync(sitting, await grants.GrantAsync(sitting.Agency.AgencyCode, GrantNumber, cancellationToken), ExpectedVersion, CommandToken!, cancellationToken);
    }

    private async Task<IActionResult> EditorAsync(HandlerGrantSitting sitting, HandlerGrantRow? grant, long expectedVersion, string commandToken, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        Editor = new HandlerEditorView(
            $"修改授權經辦人（序號 {GrantNumber}）", Url.Page("/Grants/Edit/Index")!, sitting, catalogue is null ? [] : FunctionTree.Of(catalogue), Handler, commandToken,
            GrantNumber, expectedVersion, grant?.MaskedNationalId);
        return this.PartialOrPage("/Pages/Grants/_HandlerEditor.cshtml", Editor);
    }
}
