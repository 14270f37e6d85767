using Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;

namespace Web.Pages.Grants;

/// <summary>
/// A page behind the two card steps of 授權指派 (organisation card, then the manager's card): 授權指派 itself and
/// 查詢已授權清單. Both steps post to the page's own handlers (<c>VerifyOrganisation</c>, <c>VerifyManager</c>) and
/// open the same sitting (<see cref="HandlerGrantSittings"/>), so a manager who passed them on one page is not asked again
/// on the other within the window.
/// </summary>
public abstract class HandlerGrantSittingPage(CardStepService cardSteps, HandlerGrantSittings sittings, IMediator mediator) : PageModel
{
    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public SittingStepInput Step { get; set; } = new();

    protected HandlerGrantSittings Sittings => sittings;

    /// <summary>The page's answer once the sitting is open (the list).</summary>
    protected abstract Task<IActionResult> ShowSittingAsync(HandlerGrantSitting sitting, CancellationToken cancellationToken);

    /// <summary>The page's answer while a card step is due, with why the last attempt failed.</summary>
    protected abstract IActionResult ShowStep(CardStepView step, IReadOnlyList<Rejection> problems);

    public async Task<IActionResult> OnPostVerifyOrganisationAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, HandlerGrantSittings.OrganisationStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return StepAgain(HandlerGrantSittings.OrganisationStep, card.Rejections, CardStepInput.PropertyName);
        var agency = await mediator.Send(new CheckSittingOrganisationCard(Step.AgencyCode, verified), cancellationToken);
        if (!agency.TryGetValue(out _))
            return StepAgain(HandlerGrantSittings.OrganisationStep, agency.Rejections, nameof(Step));
        // The next card step loads as a page of its own: the card-step script sets a step up with the texts it
        // carries, which a swapped fragment does not bring along under this site's htmx settings.
        return this.RedirectWholePage(Url.Page(null) ?? "/");
    }

    public async Task<IActionResult> OnPostVerifyManagerAsync(CancellationToken cancellationToken)
    {
        if (sittings.OrganisationCard(HttpContext) is not { } organisation || await sittings.AgencyOfAsync(organisation, cancellationToken) is not { } agency)
            return ShowStep(cardSteps.Begin(HttpContext, HandlerGrantSittings.OrganisationStep), [HandlerGrantPageRejections.SittingMissing]);
        var card = await cardSteps.VerifyAsync(HttpContext, HandlerGrantSittings.ManagerStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return StepAgain(HandlerGrantSittings.ManagerStep, card.Rejections, CardStepInput.PropertyName);
        var checkedAgency = await mediator.Send(new CheckSittingManagerCard(Step.ManagerNationalId, agency, verified), cancellationToken);
        if (!checkedAgency.TryGetValue(out _))
            return StepAgain(HandlerGrantSittings.ManagerStep, checkedAgency.Rejections, nameof(Step));
        return await sittings.CurrentAsync(HttpContext, cancellationToken) is { } sitting
            ? await ShowSittingAsync(sitting, cancellationToken)
            : ShowStep(cardSteps.Begin(HttpContext, HandlerGrantSittings.OrganisationStep), [HandlerGrantPageRejections.SittingMissing]);
    }

    /// <summary>結束: the manager ends the sitting; the cards this browser verified are forgotten and the page starts over.</summary>
    public IActionResult OnPostEndSitting()
    {
        sittings.End(HttpContext);
        return this.RedirectWholePage(Url.Page(null) ?? "/");
    }

    /// <summary>The sitting when open, else the card step this browser session has reached.</summary>
    protected async Task<(HandlerGrantSitting? Sitting, CardStepView? Step)> SittingOrStepAsync(CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is { } sitting)
            return (sitting, null);
        var organisationDone = sittings.OrganisationCard(HttpContext) is { } organisation && await sittings.AgencyOfAsync(organisation, cancellationToken) is not null;
        return (null, cardSteps.Begin(HttpContext, organisationDone ? HandlerGrantSittings.ManagerStep : HandlerGrantSittings.OrganisationStep));
    }

    private IActionResult StepAgain(CardStepDefinition step, IReadOnlyList<Rejection> rejections, string prefix) =>
        ShowStep(cardSteps.Retry(this, step, rejections, prefix), []);
}
