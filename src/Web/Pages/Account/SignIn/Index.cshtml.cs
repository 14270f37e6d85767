using System.ComponentModel.DataAnnotations;
using Domain.Accounts;
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
using Web.Navigation;
using Web.SecurityLog;

[assembly: FeatureLink("/Account/SignIn/Index", "登入", "以自然人憑證、機關憑證或帳號密碼登入；第一次以自然人憑證登入時，請依畫面完成憑證上傳。", FeatureGroup.SignIn, Order = 10)]

namespace Web.Pages.Account.SignIn;

/// <summary>
/// /Account/SignIn: sign in with a citizen card, an organisation card (<c>?card=organisation</c>) or an account and
/// password. A citizen card no one holds yet leads to the first-sign-in wizard (帳號資訊不存在 → 自訂帳號或身分證號)
/// on the same page, using the card this browser session just verified.
/// </summary>
public sealed class IndexModel(
    IMediator mediator, CardStepService cardSteps, PersonSessions sessions, BindingAttempts attempts, StaffSignInsAwaitingCard staffAwaitingCard, TimeProvider time,
    SecurityEvents securityEvents) : PageModel
{
    /// <summary>How long after the card step the first-sign-in wizard still accepts that card.</summary>
    public static readonly TimeSpan WizardWindow = TimeSpan.FromMinutes(10);

    public static readonly CardStepDefinition CitizenStep = new("sign-in-citizen-card", CertificateKind.Citizen)
    {
        TargetId = "card-sign-in",
        Heading = "自然人憑證登入",
        Lead = "請將自然人憑證 IC 卡放入讀卡機，輸入 PIN 碼後按「使用憑證登入」。",
        Handler = "VerifyCitizenCard",
        SubmitLabel = "使用憑證登入",
    };

    public static readonly CardStepDefinition OrganisationStep = new("sign-in-organisation-card", CertificateKind.Organisation)
    {
        TargetId = "card-sign-in",
        Heading = "機關憑證登入",
        Lead = "請將機關憑證 IC 卡放入讀卡機，輸入 PIN 碼後按「使用憑證登入」。",
        Handler = "VerifyOrganisationCard",
        SubmitLabel = "使用憑證登入",
    };

    /// <summary>The second step of a staff sign-in: after the password, the account holder's citizen card. Replaces both forms.</summary>
    public static readonly CardStepDefinition StaffStep = new("sign-in-staff-card", CertificateKind.Citizen)
    {
        TargetId = "sign-in-forms",
        Heading = "第二步．以自然人憑證確認身分",
        Lead = "工作人員帳號要以兩種方式證明身分。請將您本人的自然人憑證 IC 卡放入讀卡機，輸入 PIN 碼後按「完成登入」。",
        Handler = "VerifyStaffCard",
        SubmitLabel = "完成登入",
    };

    /// <summary>Where to go after signing in: a local path only (anything else goes to "my area").</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary><c>organisation</c> for the organisation card; anything else the citizen card.</summary>
    [BindProperty(SupportsGet = true, Name = "card")]
    public string? Card { get; set; }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public FirstSignInInput FirstSignIn { get; set; } = new();

    public sealed class PasswordInput
    {
        [Display(Name = "帳號")]
        public string? Account { get; set; }

        [Display(Name = "密碼")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }

    public sealed class FirstSignInInput
    {
        [Display(Name = "自訂帳號或身分證統一編號")]
        public string? AccountOrNationalId { get; set; }
    }

    public bool OrganisationCard => string.Equals(Card, "organisation", StringComparison.Ordinal);

    public CardStepView? CardStepView { get; private set; }

    /// <summary>The verified citizen card is held by no one: show the first-sign-in wizard.</summary>
    public bool NoAccount { get; private set; }

    /// <summary>
    /// The verified organisation card is a known agency's but not uploaded yet: say so, and let a personnel officer
    /// sign in below and upload this very card (機關憑證上傳's card-first start, seed 000 二(一)–(三)).
    /// </summary>
    public bool OrganisationCardNotUploaded { get; private set; }

    /// <summary>Where the card-first start of 機關憑證上傳 continues once the personnel officer has signed in.</summary>
    public const string UploadVerifiedCardUrl = "/Ecpa/OrganisationCertificate?card=sign-in";

    /// <summary>A staff account's password was proven: its card step, shown instead of both sign-in forms.</summary>
    public CardStepView? StaffStepView { get; private set; }

    /// <summary>The staff account waiting for its card (shown on the second step).</summary>
    public string? StaffAccount { get; private set; }

    public void OnGet()
    {
        SignedIn.RememberReturnUrl(this, ReturnUrl);
        BeginCardStep();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new SignInWithPassword(Input.Account, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        Input.Password = null; // never rendered back
        if (!outcome.TryGetValue(out var result))
        {
            Failed(SignInMethods.Password, outcome.Rejections, Input.Account);
            ModelState.Clear();
            ModelState.AddRejections(outcome.Rejections, nameof(Input));
            if (!Request.IsHtmx())
                BeginCardStep();
            return this.PartialOrPage("_PasswordForm");
        }

        if (result.StaffAwaitingCard is { } staff)
        {
            staffAwaitingCard.Begin(BrowserSession.GetOrStart(HttpContext), staff);
            return ShowStaffStep(staff, []);
        }

        await SessionCookie.SignInAsync(HttpContext, result.Session!);
        return SignedIn.RedirectAfterSignIn(this, ReturnUrl);
    }

    /// <summary>第二步: the citizen card of the staff account whose password this browser session proved a moment ago.</summary>
    public async Task<IActionResult> OnPostVerifyStaffCardAsync(CancellationToken cancellationToken)
    {
        // Read before verifying: a successful card step gives the browser session a new id.
        var browserSession = BrowserSession.Find(HttpContext);
        if (staffAwaitingCard.Find(browserSession) is not { } account)
        {
            Failed(SignInMethods.PasswordAndCitizenCard, [StaffSignInMessages.PasswordAgain], null);
            ModelState.Clear();
            ModelState.AddRejections([StaffSignInMessages.PasswordAgain], nameof(Input));
            return SignInForms();
        }

        var card = await cardSteps.VerifyAsync(HttpContext, StaffStep, CardStep, cancellationToken);
        var signIn = card.TryGetValue(out var verified)
            ? await mediator.Send(new SignInWithStaffCard(account, verified), cancellationToken)
            : Outcome<SignedInUser>.FromRejections(card.Rejections);
        if (!signIn.TryGetValue(out var user))
        {
            Failed(SignInMethods.PasswordAndCitizenCard, signIn.Rejections, $"staff:{account.Value}");
            return ShowStaffStep(account, signIn.Rejections);
        }

        staffAwaitingCard.End(browserSession!);
        await SessionCookie.SignInAsync(HttpContext, user);
        return SignedIn.RedirectAfterSignIn(this, ReturnUrl);
    }

    public async Task<IActionResult> OnPostVerifyCitizenCardAsync(CancellationToken cancellationToken)
    {
        Card = null;
        var card = await cardSteps.VerifyAsync(HttpContext, CitizenStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return CardRefused(card.Rejections, SignInMethods.CitizenCard);
        var signIn = await mediator.Send(new SignInWithCitizenCard(verified), cancellationToken);
        if (!signIn.TryGetValue(out var result))
            return CardRefused(signIn.Rejections, SignInMethods.CitizenCard, PersonSessions.CardSubject(CertificateKey.Of(verified.Facts)));
        if (result.Session is null)
        {
            NoAccount = true;
            return CardSignInPart();
        }

        await SessionCookie.SignInAsync(HttpContext, result.Session);
        return SignedIn.RedirectAfterSignIn(this, ReturnUrl);
    }

    public async Task<IActionResult> OnPostVerifyOrganisationCardAsync(CancellationToken cancellationToken)
    {
        Card = "organisation";
        var card = await cardSteps.VerifyAsync(HttpContext, OrganisationStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return CardRefused(card.Rejections, SignInMethods.OrganisationCard);
        var signIn = await mediator.Send(new SignInWithOrganisationCard(verified), cancellationToken);
        if (signIn.Rejections.Any(r => r.Code == CardSignInMessages.OrganisationCertificateNotUploaded.Code))
        {
            // A state to act on, not an input error: the notice and the password form, which now leads to the upload.
            OrganisationCardNotUploaded = true;
            ReturnUrl = UploadVerifiedCardUrl;
            ModelState.Clear();
            return SignInForms();
        }
        if (!signIn.TryGetValue(out var user))
            return CardRefused(signIn.Rejections, SignInMethods.OrganisationCard, PersonSessions.CardSubject(CertificateKey.Of(verified.Facts)));

        await SessionCookie.SignInAsync(HttpContext, user);
        return SignedIn.RedirectAfterSignIn(this, ReturnUrl);
    }

    /// <summary>帳號資訊不存在 → 下一步: bind the card verified a moment ago to the person typed, then sign in.</summary>
    public async Task<IActionResult> OnPostFirstSignInAsync(CancellationToken cancellationToken)
    {
        Card = null;
        var browserSession = BrowserSession.Find(HttpContext);
        var card = browserSession is null ? null : cardSteps.VerifiedCards(HttpContext)
            .FirstOrDefault(c => c.Step == CitizenStep.Name && time.GetUtcNow() - c.VerifiedAt <= WizardWindow);
        if (card is null)
            return CardRefused([WizardMessages.VerifyAgain], SignInMethods.CitizenCard);
        var cardSubject = PersonSessions.CardSubject(CertificateKey.Of(card.Facts));
        if (attempts.Exhausted(card))
            return CardRefused([WizardMessages.TooManyAttempts], SignInMethods.CitizenCard, cardSubject);

        var bound = await mediator.Send(new BindCardToPerson(card, new PersonReference(FirstSignIn.AccountOrNationalId, false, null, nameof(FirstSignInInput.AccountOrNationalId)),
            BindingPaths.FirstSignIn, cardSubject), cancellationToken);
        if (!bound.TryGetValue(out var result))
        {
            var exhausted = attempts.Fail(card);
            Failed(SignInMethods.CitizenCard, exhausted ? [.. bound.Rejections, WizardMessages.TooManyAttempts] : bound.Rejections, cardSubject);
            if (exhausted)
                return ShowCardRefusal([WizardMessages.TooManyAttempts]);
            NoAccount = true;
            ModelState.Clear();
            // A card held by someone else is about the card, not the field: the summary says it.
            ModelState.AddRejections(bound.Rejections, RejectionFields.Under(nameof(FirstSignIn)).At(PersonFields.Certificate, null));
            return CardSignInPart();
        }

        var session = await sessions.ForCitizenCardAsync(result.Person, card.Facts, cancellationToken);
        await SessionCookie.SignInAsync(HttpContext, session);
        return SignedIn.RedirectAfterSignIn(this, $"{SignedIn.Home}?notice={(result.Replaced ? "replaced" : "bound")}");
    }

    /// <summary>The staff card step in place of both forms (htmx: the whole <c>#sign-in-forms</c> is swapped).</summary>
    private IActionResult ShowStaffStep(AccountName account, IReadOnlyList<Domain.Common.Rejection> rejections)
    {
        ModelState.Clear();
        StaffAccount = account.Value;
        StaffStepView = cardSteps.Retry(this, StaffStep, rejections);
        // The card step's form carries no return URL (the shared partial): keep it for after the card.
        SignedIn.RememberReturnUrl(this, ReturnUrl);
        return SignInForms();
    }

    /// <summary>Both sign-in forms (or the staff card step), swapped whole from a form inside them.</summary>
    private IActionResult SignInForms()
    {
        if (StaffStepView is null && !OrganisationCardNotUploaded)
            BeginCardStep();
        if (Request.IsHtmx() && !Request.IsHtmxBoosted())
        {
            Response.Headers["HX-Retarget"] = "#sign-in-forms";
            Response.Headers["HX-Reswap"] = "outerHTML";
        }
        return this.PartialOrPage("_SignInForms");
    }

    /// <summary>Logs the refused sign-in (the security log masks a national ID typed as the account) and shows the card step again.</summary>
    private IActionResult CardRefused(IReadOnlyList<Domain.Common.Rejection> rejections, string method, string? subject = null)
    {
        Failed(method, rejections, subject);
        return ShowCardRefusal(rejections);
    }

    private IActionResult ShowCardRefusal(IReadOnlyList<Domain.Common.Rejection> rejections)
    {
        ModelState.Clear();
        CardStepView = cardSteps.Retry(this, OrganisationCard ? OrganisationStep : CitizenStep, rejections);
        return this.PartialOrPage("_CardSignIn");
    }

    private IActionResult CardSignInPart()
    {
        if (!NoAccount && !OrganisationCardNotUploaded)
            BeginCardStep();
        return this.PartialOrPage("_CardSignIn");
    }

    /// <summary>A refused sign-in in the security log: how it was tried, by whom when known, and the codes of the refusal.</summary>
    private void Failed(string method, IReadOnlyList<Domain.Common.Rejection> rejections, string? subject) =>
        securityEvents.Record(HttpContext, SecurityEventKinds.SignInFailed, subject: subject ?? "-", method: method,
            code: string.Join(",", rejections.Select(r => r.Code).Distinct(StringComparer.Ordinal)));

    private void BeginCardStep() => CardStepView = cardSteps.Begin(HttpContext, OrganisationCard ? OrganisationStep : CitizenStep);
}

/// <summary>The wizard's own messages.</summary>
public static class WizardMessages
{
    public static Domain.Common.Rejection VerifyAgain { get; } = new("VERIFY_CARD_AGAIN",
        "請重新插入自然人憑證並輸入 PIN 碼：上一次的卡片驗證已經逾時（10 分鐘內須完成），或這個瀏覽器尚未驗證卡片。", CardStepMessages.PinField);

    public static Domain.Common.Rejection TooManyAttempts { get; } = new("TOO_MANY_ATTEMPTS",
        $"這張自然人憑證已連續 {BindingAttempts.MaxFailures} 次核對不符（輸入的帳號或身分證統一編號不是卡片持有人的），{BindingAttempts.Window.TotalHours:0} 小時內不再受理；重新驗證卡片也不會重新計算。", CardStepMessages.PinField);
}
