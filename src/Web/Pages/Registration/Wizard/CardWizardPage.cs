using System.ComponentModel.DataAnnotations;
using Domain.Certificates;
using Domain.Common;
using Domain.Registration;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;
using ReadModels.ReferenceData;

namespace Web.Pages.Registration.Wizard;

/// <summary>The fields of the card steps: 機關代號 and the manager's 身分證統一編號.</summary>
public sealed class WizardInput
{
    [Display(Name = "機關代號")]
    public string? AgencyCode { get; set; }

    [Display(Name = "授權管理者身分證統一編號")]
    public string? ManagerNationalId { get; set; }
}

/// <summary>The OID review applicant's name and phone (機關憑證註冊申請人確認).</summary>
public sealed class ApplicantInput
{
    [Display(Name = "姓名")]
    public string? Name { get; set; }

    [Display(Name = "電話")]
    public string? Phone { get; set; }
}

/// <summary>
/// The wizard behind 首次註冊 and the three swaps: terms → organisation card step (agency code) → [OID review
/// request] → manager card step (national ID) → confirmation with contact details → result. Each step is a handler
/// that answers the wizard partial for htmx and the whole page otherwise. The wizard's state lives on the server
/// per browser session and run (<see cref="IRegistrationWizardStore"/>); the run's id is the last segment of the
/// address (<c>/Registration/First/{run}?step=manager</c>), so reload shows the same step, Back the one before, and
/// two tabs are two runs. The cards are the card-step service's verified cards. A page only says which flow it is
/// (<see cref="Definition"/>) and routes <c>{run:guid?}</c>.
/// </summary>
public abstract class CardWizardPage(
    IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time) : PageModel
{
    public const string WizardPartial = "/Pages/Registration/Wizard/_Wizard.cshtml";

    public abstract WizardFlow Definition { get; }

    /// <summary>The run this address belongs to (its last segment); null opens a new run.</summary>
    [BindProperty(SupportsGet = true, Name = "run")]
    public Guid? Run { get; set; }

    /// <summary>The step the address names (<c>?step=organisation</c>): Back asks for an earlier one, reload for the same.</summary>
    [BindProperty(SupportsGet = true, Name = "step")]
    public string? AddressStep { get; set; }

    /// <summary>Set on the address of a run started because the one asked for was gone.</summary>
    [BindProperty(SupportsGet = true, Name = "expired")]
    public bool Expired { get; set; }

    [BindProperty]
    public WizardInput Input { get; set; } = new();

    /// <summary>The terms version the terms step showed, posted by a run not saved yet (<see cref="OnGetAsync"/>).</summary>
    [BindProperty]
    public string? ShownTermsVersion { get; set; }

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    [BindProperty]
    public ApplicantInput Applicant { get; set; } = new();

    /// <summary>The wizard as this request leaves it.</summary>
    public RegistrationWizard Wizard { get; private set; } = null!;

    /// <summary>The terms shown on the terms step.</summary>
    public TermsOfUseText? Terms { get; private set; }

    /// <summary>The card step shown (organisation or manager), with its fresh challenge.</summary>
    public CardStepView? CardStepView { get; private set; }

    /// <summary>When this page was produced (網頁下載時間).</summary>
    public DateTimeOffset ShownAt => time.GetUtcNow();

    /// <summary>
    /// Where the run stands when this page shows an earlier step of it (after Back) and the cards verified on the way are
    /// still remembered: the page offers to go on from there without reading them again.
    /// </summary>
    public WizardStep? ResumableStep { get; private set; }

    /// <summary>A message for the whole step, shown above it (review pending, started over, changed meanwhile …).</summary>
    public Rejection? Notice { get; private set; }

    /// <summary>On the result: the registration is saved but the lists (receipts, sign-in roles) do not show it yet.</summary>
    public string? NotShownNotice { get; private set; }

    /// <summary>
    /// Without a run (or with one this browser no longer has), starts one and sends the browser to its address; with a
    /// run, shows the step the address names if the run has been there, else where it stands.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { } wizard)
        {
            // The terms step of a run not saved yet: nothing is stored until the terms are accepted, so a flood of
            // cookie-less GETs writes no state (the terms version shown travels in the form).
            if (Run is { } unsaved && WizardSteps.Parse(AddressStep) == WizardStep.Terms)
            {
                if (Expired)
                    Notice = RegistrationMessages.WizardExpired;
                return await ShowAsync(Adopt(RegistrationWizard.Start(Definition.Flow, null) with { Id = unsaved }), WizardStep.Terms, cancellationToken);
            }

            return Redirect(Url.Page(null, new { run = Guid.CreateVersion7(), step = WizardSteps.Slug(WizardStep.Terms), expired = Run is null ? null : "true" })!);
        }
        if (Expired && wizard.Step == WizardStep.Terms)
            Notice = RegistrationMessages.WizardExpired;
        return await ShowAsync(wizard, WizardSteps.Parse(AddressStep), cancellationToken);
    }

    /// <summary>From a step shown again (Back), back to where the run stands, without reading the cards it has verified again.</summary>
    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        return await ShowAsync(wizard, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAcceptTermsAsync(CancellationToken cancellationToken)
    {
        // A run saved before (restarted with a notice) knows the version it showed; a run not saved yet posts it.
        var wizard = Find();
        var id = wizard?.Id ?? Run;
        if ((wizard is null ? ShownTermsVersion : wizard.ShownTermsVersion) is not { } shown || id is null)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        // Only the terms in force can be accepted, whatever version a form claims to have shown.
        if ((await facts.TermsInForceAsync(time.GetUtcNow(), cancellationToken))?.Version != shown)
            return await RestartAsync(RegistrationRejections.TermsOutdated, cancellationToken);
        Save(RegistrationWizard.Start(Definition.Flow, shown) with { Id = id.Value, Step = WizardStep.OrganisationCard, AcceptedTermsVersion = shown });
        ShowCardStep(Definition.OrganisationStep);
        return Render();
    }

    public async Task<IActionResult> OnPostVerifyOrganisationCardAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { AcceptedTermsVersion: not null } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        // Whatever happens next, the wizard is back at this step until the card passes.
        wizard = Save(wizard with
        {
            Step = WizardStep.OrganisationCard, Agency = null, AgencyName = null, OrganisationCard = null, ManagerCard = null, ManagerNationalId = null,
            ExpectedVersion = null, ConfirmCommandId = null, Summary = null, ReviewCase = null,
        });
        var verified = await cardSteps.VerifyAsync(HttpContext, Definition.OrganisationStep, CardStep, cancellationToken);
        if (!verified.TryGetValue(out var card))
            return CardStepFailed(Definition.OrganisationStep, verified.Rejections);
        var checkedCard = await mediator.Send(new CheckOrganisationCard(Definition.Flow, Input.AgencyCode, card), cancellationToken);
        if (!checkedCard.TryGetValue(out var passed))
            return CardStepFailed(Definition.OrganisationStep, checkedCard.Rejections);

        wizard = wizard with { Agency = passed.Agency, AgencyName = passed.AgencyName, OrganisationCard = CertificateKey.Of(card.Facts), ExpectedVersion = passed.Version };
        if (passed.Review is { } mismatch)
        {
            Save(wizard with { Step = WizardStep.ReviewRequest, ReviewCommandId = Guid.CreateVersion7() });
            Notice = mismatch;
            return Render();
        }
        Save(wizard with { Step = WizardStep.ManagerCard });
        ShowCardStep(Definition.ManagerStep);
        return Render();
    }

    public async Task<IActionResult> OnPostRequestReviewAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { Step: WizardStep.ReviewRequest or WizardStep.ReviewRequested, Agency: { } agency, ReviewCommandId: { } commandId } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        Wizard = wizard;
        if (VerifiedCard(Definition.OrganisationStep, wizard.OrganisationCard) is not { } card)
            return BackToOrganisationStep(wizard);
        var opened = await mediator.Send(new RequestOidReviewCase(commandId, wizard.Id, agency, card, Applicant.Name, Applicant.Phone), cancellationToken);
        if (!opened.TryGetValue(out var reviewCase))
        {
            AddRejections(opened.Rejections);
            return Render();
        }
        Save(wizard with { Step = WizardStep.ReviewRequested, ReviewCase = reviewCase });
        return Render();
    }

    public async Task<IActionResult> OnPostVerifyManagerCardAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { Step: WizardStep.ManagerCard or WizardStep.Confirm, Agency: { } agency } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        wizard = Save(wizard with { Step = WizardStep.ManagerCard, ManagerCard = null, ManagerNationalId = null, ConfirmCommandId = null, Summary = null });
        var verified = await cardSteps.VerifyAsync(HttpContext, Definition.ManagerStep, CardStep, cancellationToken);
        if (!verified.TryGetValue(out var card))
            return CardStepFailed(Definition.ManagerStep, verified.Rejections);
        var checkedCard = await mediator.Send(new CheckManagerCard(Definition.Flow, agency, Input.ManagerNationalId, card), cancellationToken);
        if (!checkedCard.TryGetValue(out var passed))
            return CardStepFailed(Definition.ManagerStep, checkedCard.Rejections);
        if (VerifiedCard(Definition.OrganisationStep, wizard.OrganisationCard) is not { } organisation)
            return BackToOrganisationStep(wizard);

        var contactOnFile = Definition.Flow == RegistrationFlow.ReplaceOrganisationCertificate ? passed.Registered?.ManagerContact : null;
        Save(wizard with
        {
            Step = WizardStep.Confirm,
            ManagerCard = CertificateKey.Of(card.Facts),
            ManagerNationalId = passed.NationalId,
            ExpectedVersion = passed.Version,
            ConfirmCommandId = Guid.CreateVersion7(),
            Summary = WizardSummaries.Of(agency, wizard.AgencyName ?? agency.Value, organisation, card, passed.NationalId, passed.Registered, Definition),
            ContactOnFile = contactOnFile,
        });
        Contact = contactOnFile is null ? new ContactInput() : ContactInput.From(contactOnFile);
        return Render();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { Step: WizardStep.Confirm or WizardStep.Done, Agency: { } agency, ConfirmCommandId: { } commandId, ManagerNationalId: { } id } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        Wizard = wizard;
        if (VerifiedCard(Definition.OrganisationStep, wizard.OrganisationCard) is not { } organisation
            || VerifiedCard(Definition.ManagerStep, wizard.ManagerCard) is not { } manager)
            return BackToOrganisationStep(wizard);
        var confirmed = await mediator.Send(
            new ConfirmCardWizard(Definition.Flow, commandId, wizard.Id, agency, wizard.AcceptedTermsVersion, organisation, manager, id, wizard.ExpectedVersion ?? 0, Contact),
            cancellationToken);
        if (!confirmed.TryGetValue(out var recorded))
        {
            AddRejections(confirmed.Rejections);
            return Render();
        }
        NotShownNotice = recorded.NotShownNotice;
        // A both-cards swap is only requested: the result says when it takes effect (a resend appends nothing and keeps what the first said).
        var requested = recorded.Events.OfType<BothCertificatesSwapRequested>().FirstOrDefault();
        Save(wizard with { Step = WizardStep.Done, PendingSwap = requested is null ? wizard.PendingSwap : PendingSwapShown.Of(requested) });
        return Render();
    }

    /// <summary>
    /// The wizard's partial for htmx, the whole page otherwise. For htmx the address follows: a new step is a new history
    /// entry (so Back returns to the step before), the same step again only keeps the address right.
    /// </summary>
    protected IActionResult Render()
    {
        if (Request.IsHtmx())
        {
            var slug = WizardSteps.Slug(Wizard.Step);
            var url = Url.Page(null, new { run = Wizard.Id, step = slug })!;
            Response.Headers[AddressStepOf(Request.Headers["HX-Current-URL"]) == slug ? "HX-Replace-Url" : "HX-Push-Url"] = url;
        }
        return this.PartialOrPage(WizardPartial);
    }

    private static string? AddressStepOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)["step"].ToString() : null;

    /// <summary>The run's <paramref name="requested"/> step (or where it stands), with what that step shows; the run itself does not move.</summary>
    private async Task<IActionResult> ShowAsync(RegistrationWizard wizard, WizardStep? requested, CancellationToken cancellationToken)
    {
        Wizard = wizard with { Step = WizardSteps.Shown(wizard.Step, requested) };
        var organisationKnown = VerifiedCard(Definition.OrganisationStep, wizard.OrganisationCard) is not null;
        var managerKnown = VerifiedCard(Definition.ManagerStep, wizard.ManagerCard) is not null;
        ResumableStep = Wizard.Step < wizard.Step && organisationKnown && (wizard.Step == WizardStep.ManagerCard || (wizard.Step == WizardStep.Confirm && managerKnown))
            ? wizard.Step
            : null;
        switch (Wizard.Step)
        {
            case WizardStep.Terms:
                Terms = await facts.TermsInForceAsync(time.GetUtcNow(), cancellationToken);
                Notice ??= Terms is null ? RegistrationMessages.TermsNotImported : null;
                break;
            case WizardStep.OrganisationCard:
                // What was entered: the agency code (never the national ID, which is not shown again).
                if (wizard.Agency is { } agency)
                    ModelState.SetModelValue(WizardFlow.AgencyCodeField, agency.Value, agency.Value);
                ShowCardStep(Definition.OrganisationStep);
                break;
            case WizardStep.ReviewRequest:
                Notice = RegistrationRejections.OidMismatch;
                break;
            case WizardStep.ManagerCard:
                if (!organisationKnown)
                    return BackToOrganisationStep(wizard);
                ShowCardStep(Definition.ManagerStep);
                break;
            case WizardStep.Confirm:
                if (!organisationKnown || !managerKnown)
                    return BackToOrganisationStep(wizard);
                Contact = wizard.ContactOnFile is { } onFile ? ContactInput.From(onFile) : new ContactInput();
                break;
        }
        return Render();
    }

    private async Task<RegistrationWizard> StartAsync(Rejection? notice, CancellationToken cancellationToken)
    {
        Terms = await facts.TermsInForceAsync(time.GetUtcNow(), cancellationToken);
        Notice = notice ?? (Terms is null ? RegistrationMessages.TermsNotImported : null);
        return Save(RegistrationWizard.Start(Definition.Flow, Terms?.Version));
    }

    private async Task<IActionResult> RestartAsync(Rejection notice, CancellationToken cancellationToken)
    {
        await StartAsync(notice, cancellationToken);
        return Render();
    }

    /// <summary>
    /// Back at the card step: what was typed or inserted wrong at its field and in the summary; a state of the card or of
    /// the case (expired, under review …) once, in the step's notice, since no input fixes it.
    /// </summary>
    private IActionResult CardStepFailed(CardStepDefinition step, IReadOnlyList<Rejection> rejections)
    {
        // The card's own state goes to the step's notice (CardStepService.Retry); the case's to the wizard's.
        Notice = rejections.FirstOrDefault(RegistrationMessages.IsStateOfTheCase);
        CardStepView = cardSteps.Retry(this, step, rejections.Where(r => !RegistrationMessages.IsStateOfTheCase(r)), RejectionPlaces());
        return Render();
    }

    private IActionResult BackToOrganisationStep(RegistrationWizard wizard)
    {
        Save(wizard with { Step = WizardStep.OrganisationCard, OrganisationCard = null, ManagerCard = null, ConfirmCommandId = null, Summary = null });
        Notice = RegistrationMessages.CardVerificationExpired;
        ShowCardStep(Definition.OrganisationStep);
        return Render();
    }

    private void ShowCardStep(CardStepDefinition step) => CardStepView = cardSteps.Begin(HttpContext, step);

    /// <summary>The card this session verified at <paramref name="step"/>, if it is still the one the wizard accepted.</summary>
    private VerifiedCard? VerifiedCard(CardStepDefinition step, CertificateKey? accepted) =>
        accepted is { } key ? cardSteps.VerifiedCards(HttpContext).FirstOrDefault(c => c.Step == step.Name && CertificateKey.Of(c.Facts) == key) : null;

    private RegistrationWizard? Find() =>
        Run is { } run && BrowserSession.Find(HttpContext) is { } session ? wizards.Find(session, Definition.Flow, run) : null;

    /// <summary>Records the run (<see cref="Adopt"/>).</summary>
    private RegistrationWizard Save(RegistrationWizard wizard)
    {
        wizards.Save(BrowserSession.GetOrStart(HttpContext), wizard);
        return Adopt(wizard);
    }

    /// <summary>From here on this request shows <paramref name="wizard"/>, and its links and forms carry its id (the page's route value).</summary>
    private RegistrationWizard Adopt(RegistrationWizard wizard)
    {
        Run = wizard.Id;
        Request.RouteValues["run"] = wizard.Id.ToString();
        Wizard = wizard;
        return wizard;
    }

    /// <summary>Puts each rejection at its field on this page (<see cref="RejectionPlaces"/>).</summary>
    private void AddRejections(IEnumerable<Rejection> rejections) => ModelState.AddRejections(rejections, RejectionPlaces());

    /// <summary>Where each rejection goes on this page: card problems at the card step's PIN, fields at their inputs, the rest in the summary.</summary>
    private RejectionFields RejectionPlaces()
    {
        var cardField = CardStepInput.PinKey;
        var onCardStep = Wizard.Step is WizardStep.OrganisationCard or WizardStep.ManagerCard;
        return RejectionFields.Summary
            .At(CardStepMessages.PinField, cardField)
            .At(RegistrationFields.AgencyCode, WizardFlow.AgencyCodeField)
            .At(RegistrationFields.ManagerNationalId, WizardFlow.NationalIdField)
            .At(RegistrationFields.OrganisationCertificate, onCardStep ? cardField : null)
            .At(RegistrationFields.ManagerCertificate, onCardStep ? cardField : null)
            .At(RegistrationFields.ApplicantName, "Applicant.Name")
            .At(RegistrationFields.ApplicantPhone, "Applicant.Phone")
            .At(RegistrationFields.ContactName, RegistrationFields.ContactName)
            .At(RegistrationFields.ContactEmail, RegistrationFields.ContactEmail)
            .At(RegistrationFields.ContactPhone, RegistrationFields.ContactPhone)
            .At(RegistrationFields.ContactExtension, RegistrationFields.ContactExtension)
            .At(RegistrationFields.ContactNote, RegistrationFields.ContactNote);
    }
}
