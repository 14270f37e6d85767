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
/// per browser session (<see cref="IRegistrationWizardStore"/>); the cards are the card-step service's verified
/// cards. A page only says which flow it is (<see cref="Definition"/>).
/// </summary>
public abstract class CardWizardPage(
    IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time) : PageModel
{
    public const string WizardPartial = "/Pages/Registration/Wizard/_Wizard.cshtml";

    public abstract WizardFlow Definition { get; }

    [BindProperty]
    public WizardInput Input { get; set; } = new();

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

    /// <summary>A message for the whole step, shown above it (review pending, started over, changed meanwhile …).</summary>
    public Rejection? Notice { get; private set; }

    /// <summary>On the result: the registration is saved but the lists (receipts, sign-in roles) do not show it yet.</summary>
    public string? NotShownNotice { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await StartAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptTermsAsync(CancellationToken cancellationToken)
    {
        if (Find() is not { ShownTermsVersion: { } shown } wizard)
            return await RestartAsync(RegistrationMessages.WizardExpired, cancellationToken);
        if ((await facts.TermsInForceAsync(time.GetUtcNow(), cancellationToken))?.Version != shown)
            return await RestartAsync(RegistrationRejections.TermsOutdated, cancellationToken);
        Save(RegistrationWizard.Start(Definition.Flow, shown) with { Id = wizard.Id, Step = WizardStep.OrganisationCard, AcceptedTermsVersion = shown });
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
        Save(wizard with { Step = WizardStep.Done });
        return Render();
    }

    /// <summary>The wizard's partial for htmx, the whole page otherwise.</summary>
    protected IActionResult Render() => this.PartialOrPage(WizardPartial);

    private async Task StartAsync(Rejection? notice, CancellationToken cancellationToken)
    {
        Terms = await facts.TermsInForceAsync(time.GetUtcNow(), cancellationToken);
        Notice = notice ?? (Terms is null ? RegistrationMessages.TermsNotImported : null);
        Save(RegistrationWizard.Start(Definition.Flow, Terms?.Version));
    }

    private async Task<IActionResult> RestartAsync(Rejection notice, CancellationToken cancellationToken)
    {
        await StartAsync(notice, cancellationToken);
        return Render();
    }

    private IActionResult CardStepFailed(CardStepDefinition step, IReadOnlyList<Rejection> rejections)
    {
        AddRejections(rejections);
        if (rejections.Any(r => r.Code == RegistrationRejections.OidReviewPending.Code))
            Notice = RegistrationRejections.OidReviewPending;
        ShowCardStep(step);
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
        BrowserSession.Find(HttpContext) is { } session ? wizards.Find(session, Definition.Flow) : null;

    private RegistrationWizard Save(RegistrationWizard wizard)
    {
        wizards.Save(BrowserSession.GetOrStart(HttpContext), wizard);
        Wizard = wizard;
        return wizard;
    }

    /// <summary>Puts each rejection at its field on this page (card problems at the card step's PIN, the rest in the summary).</summary>
    private void AddRejections(IEnumerable<Rejection> rejections)
    {
        var cardField = CardStepInput.PinKey;
        var onCardStep = Wizard.Step is WizardStep.OrganisationCard or WizardStep.ManagerCard;
        ModelState.AddRejections(rejections, RejectionFields.Summary
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
            .At(RegistrationFields.ContactNote, RegistrationFields.ContactNote));
    }
}
