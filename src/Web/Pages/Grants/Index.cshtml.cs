using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.CardSteps;
using Web.Grants;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Grants/Index", "授權指派", "以機關憑證及授權管理者自然人憑證確認身分後，新增、修改或刪除經辦人的功能權限。", FeatureGroup.Grants, Order = 10, InMainNav = true)]

namespace Web.Pages.Grants;

/// <summary>
/// 授權指派 (seed 004, 五): organisation card step → manager card step → 授權經辦人清單 with paging, page size and
/// search. The cards open a sitting of <see cref="Domain.Registration.RegistrationDecider.CardVerificationWindow"/>.
/// </summary>
public sealed class IndexModel(CardStepService cardSteps, GrantSittings sittings, IssuedGrantsQuery grants, IMediator mediator) : PageModel
{
    /// <summary>TempData key of the success message a plain (non-htmx) post carries across its redirect.</summary>
    public const string MessageKey = "grants-message";

    /// <summary>TempData key of why a change was not made when the answer had to be a redirect (no sitting).</summary>
    public const string ProblemKey = "grants-problem";

    [BindProperty]
    public CardStepInput CardStep { get; set; } = new();

    [BindProperty]
    public GrantStepInput Step { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "size")]
    public int Size { get; set; } = 10;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public GrantsMainView View { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        View = await CurrentAsync(TempData[MessageKey] as string, cancellationToken);
        if (TempData[ProblemKey] is string problem)
            View = View with { Problems = [new Domain.Common.Rejection("grants-problem", problem)] };
        return this.PartialOrPage("_GrantsMain", View);
    }

    public async Task<IActionResult> OnPostVerifyOrganisationAsync(CancellationToken cancellationToken)
    {
        var card = await cardSteps.VerifyAsync(HttpContext, GrantSittings.OrganisationStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return StepAgain(GrantSittings.OrganisationStep, card.Rejections, CardStepInput.PropertyName);
        var agency = await mediator.Send(new CheckGrantOrganisationCard(Step.AgencyCode, verified), cancellationToken);
        if (!agency.TryGetValue(out _))
            return StepAgain(GrantSittings.OrganisationStep, agency.Rejections, nameof(Step));
        // The next card step loads as a page of its own: the card-step script sets a step up with the texts it
        // carries, which a swapped fragment does not bring along under this site's htmx settings.
        if (Request.IsHtmx())
        {
            Response.Headers["HX-Redirect"] = Url.Page("/Grants/Index");
            return new NoContentResult();
        }
        return RedirectToPage("/Grants/Index");
    }

    public async Task<IActionResult> OnPostVerifyManagerAsync(CancellationToken cancellationToken)
    {
        if (sittings.OrganisationCard(HttpContext) is not { } organisation || await sittings.AgencyOfAsync(organisation, cancellationToken) is not { } agency)
            return StepAgain(GrantSittings.OrganisationStep, [GrantPageRejections.SittingMissing], null);
        var card = await cardSteps.VerifyAsync(HttpContext, GrantSittings.ManagerStep, CardStep, cancellationToken);
        if (!card.TryGetValue(out var verified))
            return StepAgain(GrantSittings.ManagerStep, card.Rejections, CardStepInput.PropertyName);
        var checkedAgency = await mediator.Send(new CheckGrantManagerCard(Step.ManagerNationalId, agency, verified), cancellationToken);
        if (!checkedAgency.TryGetValue(out _))
            return StepAgain(GrantSittings.ManagerStep, checkedAgency.Rejections, nameof(Step));
        return Show(await CurrentAsync(null, cancellationToken));
    }

    /// <summary>The list when the sitting is open, else the step the browser session has reached.</summary>
    private async Task<GrantsMainView> CurrentAsync(string? message, CancellationToken cancellationToken)
    {
        if (await sittings.CurrentAsync(HttpContext, cancellationToken) is { } sitting)
            return await GrantsMainView.ListAsync(grants, sitting, PageNumber, Size, Search, message, null, cancellationToken);
        var organisationDone = sittings.OrganisationCard(HttpContext) is { } organisation && await sittings.AgencyOfAsync(organisation, cancellationToken) is not null;
        return new GrantsMainView { Step = cardSteps.Begin(HttpContext, organisationDone ? GrantSittings.ManagerStep : GrantSittings.OrganisationStep) };
    }

    private IActionResult StepAgain(CardStepDefinition step, IReadOnlyList<Domain.Common.Rejection> rejections, string? prefix)
    {
        ModelState.AddRejections(rejections, prefix);
        return Show(new GrantsMainView { Step = cardSteps.Begin(HttpContext, step) });
    }

    private IActionResult Show(GrantsMainView view)
    {
        View = view;
        return this.PartialOrPage("_GrantsMain", view);
    }
}
