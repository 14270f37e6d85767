using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Ecpa/Accounts/Index", "查詢人員自訂帳號", "以機關憑證登入後，輸入本機關員工的身分證統一編號，查詢其人事服務網自訂帳號。", FeatureGroup.Queries, Order = 60)]

namespace Web.Pages.Ecpa.Accounts;

/// <summary>/Ecpa/Accounts (進階搜尋 → 查詢人員自訂帳號): an organisation-card session looks up its staff's self-chosen accounts.</summary>
[Authorize(Policy = Policies.OrganisationCardSession)]
public sealed class IndexModel(IMediator mediator, SecurityEvents securityEvents) : PageModel
{
    [BindProperty]
    public SearchInput Input { get; set; } = new();

    public sealed class SearchInput
    {
        public string? NationalId { get; set; }
    }

    public PersonAccount? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new FindPersonAccount(SignedInUser.From(User)!.Agency!, Input.NationalId), cancellationToken);
        securityEvents.Record(HttpContext, SecurityEventKinds.PersonalDataSearch, target: SecurityLogText.Person(Input.NationalId),
            code: outcome.Succeeded ? null : outcome.Rejections[0].Code, detail: "查詢人員自訂帳號");
        Input.NationalId = null; // the answer shows the masked ID; the whole one is not written back
        Found = ModelState.Take(outcome, RejectionFields.Under(nameof(Input)));
        return this.PartialOrPage("_AccountSearch");
    }
}
