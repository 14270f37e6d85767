using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Grants;
using Web.CardSteps;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Grants/Index", "授權指派", "以機關憑證及授權管理者自然人憑證確認身分後，新增、修改或刪除經辦人的功能權限。", FeatureGroup.Grants, Order = 10, InMainNav = true)]

namespace Web.Pages.Grants;

/// <summary>
/// 授權指派 (seed 004, 五): organisation card step → manager card step → 授權經辦人清單 with paging, page size and
/// search. The cards open a sitting of <see cref="Domain.Registration.RegistrationDecider.CardVerificationWindow"/>.
/// </summary>
public sealed class IndexModel(CardStepService cardSteps, HandlerGrantSittings sittings, HandlerGrantLists lists, IMediator mediator)
    : HandlerGrantSittingPage(cardSteps, sittings, mediator)
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "size")]
    public int Size { get; set; } = 10;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public HandlerGrantsView View { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (sitting, step) = await SittingOrStepAsync(cancellationToken);
        View = sitting is not null
            ? await lists.ListAsync(sitting, PageNumber, Size, Search, TempData[HandlerGrantsView.MessageKey] as string, null, cancellationToken)
                with { NotShownNotice = TempData[HandlerGrantsView.NotShownKey] as string }
            : new HandlerGrantsView { Step = step };
        if (TempData[HandlerGrantsView.ProblemKey] is string problem)
            View = View with { Problems = [new Domain.Common.Rejection("grants-problem", problem)] };
        return this.PartialOrPage("_GrantsMain", View);
    }

    protected override async Task<IActionResult> ShowSittingAsync(HandlerGrantSitting sitting, CancellationToken cancellationToken) =>
        Show(await lists.ListAsync(sitting, PageNumber, Size, Search, null, null, cancellationToken));

    protected override IActionResult ShowStep(CardStepView step, IReadOnlyList<Domain.Common.Rejection> problems) =>
        Show(new HandlerGrantsView { Step = step, Problems = problems });

    private IActionResult Show(HandlerGrantsView view)
    {
        View = view;
        return this.PartialOrPage("_GrantsMain", view);
    }
}
