using Domain.Certificates;
using Domain.Common;
using Domain.Ecpa;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Authentication;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;
using ReadModels.ReferenceData;

[assembly: FeatureLink("/Ecpa/OrganisationCertificate/Index", "機關憑證上傳", "人事人員以帳號密碼登入後（或先以尚未上傳的機關憑證按「使用憑證登入」），把機關憑證對應到機關代碼；之後即可用機關憑證登入設定應用系統權限。", FeatureGroup.SignIn, Order = 30)]

namespace Web.Pages.Ecpa.OrganisationCertificate;

/// <summary>
/// /Ecpa/OrganisationCertificate (機關憑證上傳, seed 000 and 001): only a personnel officer. 步驟一 the organisation card
/// (PIN, signature, chain); 步驟二 the certificate shown (kind, serial, agency OID, subject, validity) and the agency
/// code it belongs to (prefilled from the directory, 查詢機關名稱); 步驟三 the result. The card-first start of seed 000
/// (the card at 使用憑證登入 first, then the officer's account and password): the sign-in page sends the officer here
/// with <c>?card=sign-in</c>, and the organisation card this browser verified there starts the page at step 2.
/// </summary>
[Authorize(Policy = Policies.PersonnelOfficer)]
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, AgencyDirectoryLookup directory, TimeProvider time) : PageModel
{
    /// <summary>How long after step 1 the card may still be bound in step 3.</summary>
    public static readonly TimeSpan CardWindow = TimeSpan.FromMinutes(10);

    public static readonly CardStepDefinition Step = new("ecpa-organisation-upload", CertificateKind.Organisation)
    {
        TargetId = "organisation-upload",
        Heading = "步驟一．憑證檢測",
        Lead = "系統會使用您的憑證做簽章驗證。請插入機關憑證，輸入憑證的 PIN 碼，然後按「下一步」。",
        SubmitLabel = "下一步",
    };

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public AgencyInput Input { get; set; } = new();

    public sealed class AgencyInput
    {
        public string? AgencyCode { get; set; }
    }

    public CardStepView? CardStepView { get; private set; }

    /// <summary>The card verified in step 1 (steps 2 and 3).</summary>
    public VerifiedCard? Card { get; private set; }

    /// <summary>The directory's name for the agency code entered (查詢機關名稱), once looked up.</summary>
    public string? AgencyName { get; private set; }

    public OrganisationCertificateUploaded? Result { get; private set; }

    /// <summary><c>sign-in</c>: the card-first start; the organisation card verified at sign-in a moment ago is the one to upload.</summary>
    [BindProperty(SupportsGet = true, Name = "card")]
    public string? CardFrom { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (CardFrom == "sign-in" && RecallCard() is { } card)
            await StepTwoAsync(card, cancellationToken);
        else
            CardStepView = cardSteps.Begin(HttpContext, Step);
    }

    public async Task<IActionResult> OnPostVerifyCardAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, Step, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return StepOne(card.Rejections);
        await StepTwoAsync(verified, cancellationToken);
        return Part();
    }

    private async Task StepTwoAsync(VerifiedCard verified, CancellationToken cancellationToken)
    {
        Card = verified;
        // The agency code the certificate's OID (or a MOEACA card's business number) points at, as a starting point the officer may change (紅框處可修改).
        var agencies = verified.Facts.OrganisationIdentifier is { } oid ? await directory.FindByOidAsync(oid, cancellationToken) : [];
        if (agencies.Count == 1)
        {
            Input.AgencyCode = agencies[0].Code.Value;
            AgencyName = agencies[0].Name;
        }
    }

    public async Task<IActionResult> OnPostLookUpAgencyAsync(CancellationToken cancellationToken)
    {
        if (RecallCard() is not { } card)
            return StepOne([VerifyAgain]);
        Card = card;
        AgencyName = ModelState.Take(await mediator.Send(new LookUpAgencyName(Input.AgencyCode), cancellationToken), RejectionFields.Under(nameof(Input)))?.Name;
        return Part();
    }

    public async Task<IActionResult> OnPostBindAsync(CancellationToken cancellationToken)
    {
        if (RecallCard() is not { } card)
            return StepOne([VerifyAgain]);
        Card = card;
        // The agency code's problems stay at its field; the others (officer, card) go to the summary of step 2.
        Result = ModelState.Take(
            await mediator.Send(new UploadOrganisationCertificate(card, Input.AgencyCode, SignedInUser.From(User)!), cancellationToken),
            RejectionFields.Summary.At(OrganisationUploadFields.AgencyCode, $"{nameof(Input)}.{nameof(AgencyInput.AgencyCode)}"));
        return Part();
    }

    private static readonly Rejection VerifyAgain = new("VERIFY_CARD_AGAIN", "請重新插入機關憑證並輸入 PIN 碼：步驟一的卡片驗證已經逾時（10 分鐘內須完成上傳）。");

    /// <summary>The organisation card of step 1, or of the sign-in this upload started from (card first), within the window.</summary>
    private VerifiedCard? RecallCard() =>
        cardSteps.VerifiedCards(HttpContext).FirstOrDefault(c =>
            (c.Step == Step.Name || c.Step == Web.Pages.Account.SignIn.IndexModel.OrganisationStep.Name) && time.GetUtcNow() - c.VerifiedAt <= CardWindow);

    private IActionResult StepOne(IEnumerable<Rejection> rejections)
    {
        ModelState.Clear();
        CardStepView = cardSteps.Retry(this, Step, rejections, RejectionFields.AllAt(CardStepInput.PinKey));
        return Part();
    }

    private IActionResult Part() => this.PartialOrPage("_UploadStep");
}
