using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Registration/Receipts/Index", "查詢憑證註冊收件紀錄", "輸入機關代號，查看機關的註冊、更換憑證及 OID 審核紀錄與收件時間。", FeatureGroup.Queries, Order = 10, InMainNav = true, Menu = "查詢作業", MenuTitle = "憑證註冊收件紀錄")]

namespace Web.Pages.Registration.Receipts;

/// <summary>
/// 查詢憑證註冊收件紀錄 (seed 004, 七(一)): a GET form with the agency code (not personal data, so it may sit in the
/// URL and be bookmarked), then the agency's receipts: 序號, 機關代號, 機關名稱, 收件時間 (ROC), 註冊項目.
/// </summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    public ReceiptList? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A blank field binds as null like an unsent one; only a page opened without the form is "nothing asked yet".
        if (AgencyCode is null && !Request.Query.ContainsKey(nameof(AgencyCode)))
            return this.PartialOrPage("_Receipts");
        Result = ModelState.Take(await mediator.Send(new GetRegistrationReceipts(AgencyCode), cancellationToken));
        return this.PartialOrPage("_Receipts");
    }
}
