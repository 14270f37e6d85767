using Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ReadModels.Grants;
using Web.CardSteps;
using Web.Pages.Grants;
using Web.Htmx;
using Web.Navigation;
using ReadModels.ReferenceData;

[assembly: FeatureLink("/Queries/IssuedGrants/Index", "查詢已授權清單", "以機關憑證及授權管理者自然人憑證確認身分後，查看本機關授權給經辦人的功能，包括已刪除的授權。", FeatureGroup.Queries, Order = 40, InMainNav = true, Menu = "查詢作業", MenuTitle = "已授權清單")]

namespace Web.Pages.Queries.IssuedGrants;

/// <summary>
/// 查詢已授權清單: behind the same two card steps as 授權指派 (one sitting serves both), the agency's grants with their
/// functions, status and dates; active only or all, paging and page size. Reads only.
/// </summary>
public sealed class IndexModel(CardStepService cardSteps, HandlerGrantSittings sittings, AgencyHandlerGrantsQuery grants, FunctionCatalogueLookup catalogues, IMediator mediator)
    : HandlerGrantSittingPage(cardSteps, sittings, mediator)
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "size")]
    public int Size { get; set; } = 25;

    /// <summary>Only the grants in force (the default), or revoked ones too.</summary>
    [BindProperty(SupportsGet = true, Name = "all")]
    public bool IncludeRevoked { get; set; }

    public IssuedGrantsView View { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (sitting, step) = await SittingOrStepAsync(cancellationToken);
        return sitting is not null ? await ShowSittingAsync(sitting, cancellationToken) : ShowStep(step!, []);
    }

    protected override async Task<IActionResult> ShowSittingAsync(HandlerGrantSitting sitting, CancellationToken cancellationToken)
    {
        var list = await grants.ForAgencyAsync(sitting.Agency.AgencyCode, activeOnly: !IncludeRevoked, null, PageNumber, Size, cancellationToken);
        return Show(new IssuedGrantsView
        {
            Sitting = sitting,
            List = list,
            IncludeRevoked = IncludeRevoked,
            Catalogues = await HandlerGrantCatalogues.ForAsync(catalogues, list.Rows, cancellationToken),
        });
    }

    protected override IActionResult ShowStep(CardStepView step, IReadOnlyList<Rejection> problems) =>
        Show(new IssuedGrantsView { Step = step, Problems = problems });

    private IActionResult Show(IssuedGrantsView view)
    {
        View = view;
        return this.PartialOrPage("_IssuedGrantsMain", view);
    }
}

/// <summary>The swappable part of 查詢已授權清單: a card step, or the agency's grants.</summary>
public sealed record IssuedGrantsView : ISittingView
{
    public CardStepView? Step { get; init; }

    public HandlerGrantSitting? Sitting { get; init; }

    public IReadOnlyList<Rejection> Problems { get; init; } = [];

    public HandlerGrantPage? List { get; init; }

    public bool IncludeRevoked { get; init; }

    public HandlerGrantCatalogues? Catalogues { get; init; }
}
