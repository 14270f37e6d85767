using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Htmx;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Grants.Add;

/// <summary>新增授權經辦人 (seed 004, 五(四)): needs the open sitting; answers with the list and 新增成功 once the grant is issued.</summary>
public sealed class IndexModel(HandlerGrantSittings sittings, FunctionCatalogueLookup catalogues, HandlerGrantLists lists, IMediator mediator, TimeProvider time) : PageModel
{
    [BindProperty]
    public HandlerForm Handler { get; set; } = new();

    [BindProperty]
    public Guid CommandId { get; set; }

    public HandlerEditorView? Editor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return RedirectToPage("/Grants/Index");
        return await EditorAsync(sitting, Guid.CreateVersion7(), cancellationToken);
    }

    /// <summary>讀取憑證: grants.js posts the certificate the agent read from the handler's card; serial and name are filled from it.</summary>
    public async Task<IActionResult> OnPostReadCertificateAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is not { } sitting)
            return RedirectToPage("/Grants/Index");
        Handler.ReadCertificateInto(ModelState, sitting.Session.ManagerCertificate);
        return await EditorAsync(sitting, CommandId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sitting = await sittings.CurrentAsync(HttpContext, cancellationToken);
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        var outcome = await mediator.Send(new AddHandlerGrant(sitting, Handler, catalogue, CommandId), cancellationToken);
        if (sitting is null)
            return HandlerGrantPageResults.NoSitting(this);
        if (ModelState.Take(outcome) is { } changed)
            return await HandlerGrantPageResults.ShowListAsync(this, lists, sitting, changed.Appended ? $"新增成功！經辦人 {Handler.Name?.Trim()} 的授權序號為 {changed.GrantNumber}。" : "這位經辦人已有相同的授權，沒有變更。", changed, cancellationToken);
        return await EditorAsync(sitting, CommandId, cancellationToken);
    }

    private async Task<IActionResult> EditorAsync(HandlerGrantSitting sitting, Guid commandId, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        Editor = new HandlerEditorView("新增授權經辦人", Url.Page("/Grants/Add/Index")!, sitting, catalogue is null ? [] : FunctionTree.Of(catalogue), Handler, commandId);
        return this.PartialOrPage("/Pages/Grants/_HandlerEditor.cshtml", Editor);
    }
}
