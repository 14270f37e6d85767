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
public sealed class IndexModel(CardStepService cardSteps, GrantSittings sittings, IssuedGrantsQuery grants, IMediator mediator)
    : GrantSittingPageModel(cardSteps, sittings, mediator)
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "size")]
    public int Size { get; set; } = 10;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public GrantsMainView View { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (sitting, step) = await SittingOrStepAsync(cancellationToken);
        View = sitting is not null
            ? await GrantsMainView.ListAsync(grants, sitting, PageNumber, Size, Search, TempData[GrantsMainView.MessageKey] as string, null, cancellationToken)
                with { NotShownNotice = TempData[GrantsMainView.NotShownKey] as string }
            : new GrantsMainView { Step = step };
        if (TempData[GrantsMainView.ProblemKey] is string problem)
            View = View with { Problems = [new Domain.Common.Rejection("grants-problem", problem)] };
        return this.PartialOrPage("_GrantsMain", View);
    }

    protected override async Task<IActionResult> ShowSittingAsync(GrantSitting sitting, CancellationToken cancellationToken) =>
        Show(await GrantsMainView.ListAsync(grants, sitting, PageNumber, Size, Search, null, null, cancellationToken));

    protected override IActionResult ShowStep(CardStepView step, IReadOnlyList<Domain.Common.Rejection> problems) =>
        Show(new GrantsMainView { Step = step, Problems = problems });

    private IActionResult Show(GrantsMainView view)
    {
        View = view;
        return this.PartialOrPage("_GrantsMain", view);
    }
}
