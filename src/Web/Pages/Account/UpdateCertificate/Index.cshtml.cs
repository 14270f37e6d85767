using Domain.Certificates;
using Domain.People;
using Domain.Registration;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Account.UpdateCertificate;

/// <summary>
/// /Account/UpdateCertificate (我要更新憑證): after a card renewal, the new citizen card and the national ID, checked
/// like a first binding; the new certificate replaces the old one and the person is signed in with it.
/// </summary>
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, PersonSessions sessions, BindingAttempts attempts) : PageModel
{
    public const string NationalIdField = "Input.NationalId";

    public static readonly CardStepDefinition Step = new("update-citizen-certificate", CertificateKind.Citizen)
    {
        TargetId = "update-certificate",
        Heading = "自然人憑證檢測",
        Lead = "請插入新的自然人憑證，輸入您的身分證統一編號與憑證的 PIN 碼，再按「下一步」。",
        SubmitLabel = "下一步",
        Fields = [new CardStepField(NationalIdField, "身分證統一編號", "英文字母加 9 個數字，例如 A123456789。", MaxLength: 10)],
    };

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public UpdateInput Input { get; set; } = new();

    public sealed class UpdateInput
    {
        public string? NationalId { get; set; }
    }

    public CardStepView? CardStepView { get; private set; }

    public void OnGet() => CardStepView = cardSteps.Begin(HttpContext, Step);

    public async Task<IActionResult> OnPostVerifyCardAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, Step, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return Refused(card.Rejections);
        // The same cap as the first sign-in: otherwise typing ID after ID here tells who is in the personnel records.
        if (attempts.Exhausted(verified))
            return Refused([Pages.Account.SignIn.WizardMessages.TooManyAttempts]);
        var bound = await mediator.Send(new BindCardToPerson(verified, new PersonReference(Input.NationalId, true, null, nameof(UpdateInput.NationalId)),
            BindingPaths.UpdateCertificate, PersonSessions.CardSubject(CertificateKey.Of(verified.Facts))), cancellationToken);
        if (!bound.TryGetValue(out var result))
        {
            attempts.Fail(verified);
            return Refused(bound.Rejections);
        }

        await SessionCookie.SignInAsync(HttpContext, await sessions.ForCitizenCardAsync(result.Person, verified.Facts, cancellationToken));
        return SignedIn.RedirectAfterSignIn(this, $"{SignedIn.Home}?notice={(result.AlreadyBound ? "already" : result.Replaced ? "replaced" : "bound")}");
    }

    /// <summary>Every refusal starts the card step again (a new challenge), keeping what was typed and the messages at their fields.</summary>
    private IActionResult Refused(IReadOnlyList<Domain.Common.Rejection> rejections)
    {
        CardStepView = cardSteps.Retry(this, Step, rejections,
            RejectionFields.Summary.At(nameof(UpdateInput.NationalId), NationalIdField).OthersAt(CardStepInput.PinKey));
        return this.PartialOrPage("_UpdateStep");
    }
}
