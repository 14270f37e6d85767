using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Htmx;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Grants.Add;

/// <summary>
/// 新增授權經辦人 (seed 004, 五(四)): needs the open sitting; answers with the list and 新增成功 once the grant is issued.
/// The command id comes from the token the form was served with (<see cref="FormCommandIds"/>), never from the client.
/// </summary>
public sealed class IndexModel(
    HandlerGrantSittings sittings, FunctionCatalogueLookup catalogues, HandlerGrantLists lists, IMediator mediator, FormCommandIds commandIds, TimeProvider time) : PageModel
{
    [BindProperty]
    public HandlerForm Handler { get; set; } = new();

    [BindProperty]
    public string? CommandToken { get; set; }

    public HandlerEditorView? Editor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return RedirectToPage("/Grants/Index");
        return await EditorAsync(sitting, commandIds.Issue(sitting.FormSubject, HandlerGrantForms.Add), cancellationToken);
    }

    /// <summary>讀取憑證: grants.js posts the certificate the agent read from the handler's card; serial and name are filled from it.</summary>
    public async Task<IActionResult> OnPostReadCertificateAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return RedirectToPage("/Grants/Index");
        Handler.ReadCertificateInto(ModelState, sitting.Session.ManagerCertificate);
        return await EditorAsync(sitting, commandIds.Keep(CommandToken, sitting.FormSubject, HandlerGrantForms.Add), cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return HandlerGrantPageResults.NoSitting(this);
        if (!commandIds.Redeem(CommandToken, sitting.FormSubject, HandlerGrantForms.Add).TryGetValue(out var commandId))
        {
            ModelState.AddRejections([FormCommandIds.Invalid]);
            return await EditorAsync(sitting, commandIds.Issue(sitting.FormSubject, HandlerGrantForms.Add), cancellationToken);
        }
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        var outcome = await mediator.Send(new AddHandlerGrant(sitting, Handler, catalogue, commandId), cancellationToken);
        if (ModelState.Take(outcome) is { } changed)
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, changed.Appended ? $"新增成功！經辦人 {Handler.Name?.Trim()} 的授權序號為 {changed.GrantNumber}。" : "這位經辦人已有相同的授權，沒有變更。", changed, cancellationToken);
        return await EditorAsync(sitting, CommandToken!, cancellationToken);
    }

    private async Task<IActionResult> EditorAsync(HandlerGrantSitting sitting, string commandToken, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        Editor = new HandlerEditorView("新增授權經辦人", Url.Page("/Grants/Add/Index")!, sitting, catalogue is null ? [] : FunctionTree.Of(catalogue), Handler, commandToken);
        return this.PartialOrPage("/Pages/Grants/_HandlerEditor.cshtml", Editor);
    }
}
