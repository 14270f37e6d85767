using Domain.Certificates;
using Domain.People;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Account.MyArea.UploadCitizenCertificate;

/// <summary>
/// 我的專區 → 自然人憑證上傳: a signed-in civil servant verifies their citizen card (步驟一 憑證檢測) and it is bound to
/// them after the same checks as the sign-in wizard (步驟二 上傳結果).
/// </summary>
[Authorize(Policy = Policies.CivilServant)]
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps) : PageModel
{
    public static readonly CardStepDefinition Step = new("my-area-citizen-certificate", CertificateKind.Citizen)
    {
        TargetId = "upload-citizen-certificate",
        Heading = "步驟一．憑證檢測",
        Lead = "系統會使用您的憑證做簽章驗證。請插入您本人的自然人憑證，輸入 PIN 碼後按「下一步」。",
        SubmitLabel = "下一步",
    };

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    public CardStepView? CardStepView { get; private set; }

    public BoundCard? Result { get; private set; }

    public void OnGet() => CardStepView = cardSteps.Begin(HttpContext, Step);

    public async Task<IActionResult> OnPostVerifyCardAsync(CancellationToken cancellationToken)
    {
        var session = SignedInUser.From(User)!;
        var card = await cardSteps.VerifyAsync(HttpContext, Step, CardStep, cancellationToken);
        var outcome = card.TryGetValue(out var verified) && session.PersonKey is { } personKey
            ? await mediator.Send(new BindCardToPerson(verified, PersonReference.Session(personKey), BindingPaths.MyArea, session.Subject), cancellationToken)
            : Outcome<BoundCard>.FromRejections(card.Rejections);
        // Every refusal here is about this card or this person: shown at the card step's PIN field, or its notice when it is the card's state.
        if (!outcome.TryGetValue(out var bound))
            CardStepView = cardSteps.Retry(this, Step, outcome.Rejections, RejectionFields.AllAt(CardStepInput.PinKey));
        Result = bound;

        return this.PartialOrPage("_UploadStep");
    }
}
