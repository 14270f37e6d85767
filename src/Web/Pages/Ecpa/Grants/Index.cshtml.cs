using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Ecpa/Grants/Index", "應用系統授權設定", "以機關憑證登入後，選擇應用系統與權限，依身分證統一編號找到人員並授權，或取消授權。", FeatureGroup.Grants, Order = 50)]

namespace Web.Pages.Ecpa.Grants;

/// <summary>
/// /Ecpa/Grants (應用系統授權設定, seed 000 三): an organisation-card session picks a system (請選擇 → 搜尋) and a right
/// (報送資料權限), sees who holds it, adds people (新增 → 身分證號 → 搜尋 → 打勾 → 確定) and revokes (取消授權 → 確定).
/// The system and right travel in the query string (codes, not personal data); national IDs only in POST bodies.
/// </summary>
[Authorize(Policy = Policies.OrganisationCardSession)]
public sealed class IndexModel(IMediator mediator, SecurityEvents securityEvents) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "system")]
    public string? SystemCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "right")]
    public string? RightCode { get; set; }

    [BindProperty]
    public SearchInput Search { get; set; } = new();

    /// <summary>The people ticked (their keyed national-ID hashes).</summary>
    [BindProperty]
    public List<string> PersonKeys { get; set; } = [];

    /// <summary>The person whose right is to be revoked.</summary>
    [BindProperty]
    public string? PersonKey { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    public sealed class SearchInput
    {
        public string? NationalId { get; set; }
    }

    public SignedInUser Session => SignedInUser.From(User)!;

    public ApplicationSystemGrantPanel? List { get; private set; }

    public GranteeView? Found { get; private set; }

    /// <summary>A revocation waiting for 確定: the grant row it is about.</summary>
    public ReadModels.Ecpa.ApplicationSystemGrantRow? ToRevoke { get; private set; }

    /// <summary>What the last command did, for the notice.</summary>
    public string? Done { get; private set; }

    /// <summary>The last change is saved but the list does not show it yet.</summary>
    public string? NotShownNotice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostFindPersonAsync(CancellationToken cancellationToken)
    {
        var found = await mediator.Send(new FindGrantee(Session.Agency!, Search.NationalId), cancellationToken);
        securityEvents.Record(HttpContext, SecurityEventKinds.PersonalDataSearch, target: SecurityLogText.Person(Search.NationalId),
            code: found.Succeeded ? null : found.Rejections[0].Code, detail: "應用系統授權設定：查詢人員");
        Search.NationalId = null; // never rendered back: the result shows the masked ID
        Found = ModelState.Take(found, RejectionFields.Under(nameof(Search)));
        return await PanelAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken cancellationToken)
    {
        if (ModelState.Take(await mediator.Send(new AddApplicationSystemGrants(Session, SystemCode, RightCode, PersonKeys), cancellationToken)) is { } changed)
            Show(changed, changed.Count == 0 ? "勾選的人員都已經有這項權限，沒有新增。" : $"已授權 {changed.Count} 位人員。");
        return await PanelAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        if (!Confirmed)
        {
            await LoadAsync(cancellationToken);
            ToRevoke = List?.Rows.FirstOrDefault(r => r.PersonKey == PersonKey);
            return this.PartialOrPage("_GrantsPanel");
        }

        if (ModelState.Take(await mediator.Send(new RemoveApplicationSystemGrant(Session, SystemCode, RightCode, PersonKey), cancellationToken)) is { } changed)
            Show(changed, changed.Count == 0 ? "這項權限先前已經取消。" : "已取消授權。");
        return await PanelAsync(cancellationToken);
    }

    private void Show(ApplicationSystemGrantsChanged changed, string done)
    {
        Done = done;
        NotShownNotice = changed.NotShownNotice;
    }

    private async Task<IActionResult> PanelAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_GrantsPanel");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        List = ModelState.Take(await mediator.Send(new ListApplicationGrants(Session.Agency!, SystemCode, RightCode), cancellationToken));
    }
}
