using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.Grants;
using Web.Htmx;
using Web.Messaging;
using Web.ReferenceData;

namespace Web.Pages.Grants.Add;

/// <summary>新增授權經辦人 (seed 004, 五(四)): needs the open sitting; answers with the list and 新增成功 once the grant is issued.</summary>
public sealed class IndexModel(GrantSittings sittings, FunctionCatalogueLookup catalogues, IssuedGrantsQuery grants, IMediator mediator, TimeProvider time) : PageModel
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
        ReadCertificateInto(Handler, ModelState);
        return await EditorAsync(sitting, CommandId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sitting = await sittings.CurrentAsync(HttpContext, cancellationToken);
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        var outcome = await mediator.Send(new AddHandler(sitting, Handler, catalogue, CommandId), cancellationToken);
        if (outcome.TryGetValue(out var changed))
            return await GrantPageResults.ShowListAsync(this, grants, sitting!, changed.Appended ? $"新增成功！經辦人 {Handler.Name?.Trim()} 的授權序號為 {changed.GrantNumber}。" : "這位經辦人已有相同的授權，沒有變更。", null, cancellationToken);
        if (sitting is null)
            return NoSitting();
        ModelState.AddRejections(outcome.Rejections);
        return await EditorAsync(sitting, CommandId, cancellationToken);
    }

    /// <summary>Fills serial and name from a certificate read from a card; a certificate that is not a citizen certificate is refused at the serial.</summary>
    public static void ReadCertificateInto(HandlerForm handler, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(modelState);
        if (HandlerForm.ReadCertificate(handler.Certificate) is { } facts)
        {
            handler.CertificateSerial = facts.SerialNumber;
            handler.Name = facts.CommonName ?? handler.Name;
            return;
        }
        handler.Certificate = null;
        modelState.AddModelError("Handler.CertificateSerial", "讀到的不是自然人憑證，請改插經辦人的自然人憑證，或直接輸入憑證序號。");
    }

    private IActionResult NoSitting() => GrantPageResults.NoSitting(this);

    private async Task<IActionResult> EditorAsync(GrantSitting sitting, Guid commandId, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.InForceAsync(time.GetUtcNow(), cancellationToken);
        Editor = new HandlerEditorView("新增授權經辦人", Url.Page("/Grants/Add/Index")!, sitting, catalogue is null ? [] : FunctionTree.Of(catalogue), Handler, commandId);
        return this.PartialOrPage("/Pages/Grants/_HandlerEditor.cshtml", Editor);
    }
}
