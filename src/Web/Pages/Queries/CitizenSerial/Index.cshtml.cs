using System.ComponentModel.DataAnnotations;
using Domain.Certificates;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.CardSteps;
using Web.Htmx;
using Web.Navigation;

[assembly: FeatureLink("/Queries/CitizenSerial/Index", "查詢自然人憑證序號", "插入自然人憑證並輸入身分證統一編號與 PIN 碼，查看姓名與自然人憑證序號（授權經辦人時使用）。", FeatureGroup.Queries, Order = 30, InMainNav = true, Menu = "查詢作業", MenuTitle = "自然人憑證序號")]

namespace Web.Pages.Queries.CitizenSerial;

/// <summary>
/// 查詢自然人憑證序號 (seed 004, 七(三)): a citizen card step with the holder's national ID, then the name and the
/// certificate serial. Writes nothing; the ID is shown masked and never leaves the form post.
/// </summary>
public sealed class IndexModel(CardStepService cardSteps, IMediator mediator) : PageModel
{
    public static readonly CardStepDefinition Step = new("query-citizen-serial", CertificateKind.Citizen)
    {
        TargetId = "citizen-serial",
        Heading = "自然人憑證確認",
        Lead = "請將自然人憑證 IC 卡放入讀卡機，輸入身分證統一編號與自然人憑證的 PIN 碼後按「確認」。",
        Fields =
        [
            new CardStepField($"{nameof(Input)}.{nameof(CitizenSerialInput.NationalId)}", "身分證統一編號", "卡片持有人的身分證統一編號，英文字母加 9 位數字，例如 A123456789。", MaxLength: 10),
        ],
    };

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public CitizenSerialInput Input { get; set; } = new();

    public CardStepView? CardStepView { get; private set; }

    public CitizenCertificateSerial? Result { get; private set; }

    public void OnGet() => CardStepView = cardSteps.Begin(HttpContext, Step);

    public async Task<IActionResult> OnPostVerifyCardAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, Step, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
        {
            CardStepView = cardSteps.Retry(this, Step, card.Rejections);
        }
        else
        {
            var outcome = await mediator.Send(new FindCitizenCertificateSerial(Input.NationalId, verified), cancellationToken);
            if (outcome.TryGetValue(out var serial))
                Result = serial;
            else
                CardStepView = cardSteps.Retry(this, Step, outcome.Rejections, nameof(Input));
        }
        return this.PartialOrPage("_CitizenSerialStep");
    }
}

/// <summary>The field typed with the card.</summary>
public sealed class CitizenSerialInput
{
    [Display(Name = "身分證統一編號")]
    public string? NationalId { get; set; }
}
