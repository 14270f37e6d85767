using Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Runner;
using Web.Authentication;
using Web.Htmx;
using Web.Messaging;
using Web.Navigation;

[assembly: FeatureLink("/Admin/Projections/Index", "查詢資料（投影）維運", "系統管理者查看每個投影的處理位置、落後筆數與速度，並在不中斷服務的情況下重建投影。", FeatureGroup.System, Order = 20, InMainNav = true, Policy = Web.Authentication.Policies.Administrator)]

namespace Web.Pages.Admin.Projections;

/// <summary>
/// Projection operations (administrators only): each projection's head, checkpoint, lag and speed from the runner, and
/// a rebuild into shadow tables while queries keep reading the live ones until the swap (docs/read-models.md). While a
/// rebuild runs the status part polls itself; when the watched rebuild has been swapped in it says so and stops.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(ProjectionRunner runner) : PageModel
{
    public static readonly Rejection UnknownProjection = new("PROJECTION_UNKNOWN", "沒有這個投影，請從清單中選擇。", "Name");

    /// <summary>The projection whose rebuild this page started and is watching (carried by the polling request).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Watching { get; set; }

    public IReadOnlyList<ProjectionStatus> Statuses { get; private set; } = [];

    /// <summary>The watched projection has no rebuild any more: its new tables are live.</summary>
    public bool WatchedSwapped { get; private set; }

    public bool AnyRebuilding => Statuses.Any(s => s.Rebuild is not null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Status");
    }

    /// <summary>重建: starts a shadow rebuild of <paramref name="name"/> (a second request while one runs changes nothing).</summary>
    public async Task<IActionResult> OnPostRebuildAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is null || !runner.Projections.Any(p => p.Name == name))
        {
            ModelState.AddRejections([UnknownProjection]);
            Watching = null;
        }
        else
        {
            await runner.RequestRebuildAsync(name, cancellationToken);
            Watching = name;
        }

        await LoadAsync(cancellationToken);
        return this.PartialOrPage("_Status");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Statuses = await runner.GetStatusAsync(cancellationToken);
        if (Watching is not null && Statuses.FirstOrDefault(s => s.Name == Watching) is { Rebuild: null })
            WatchedSwapped = true;
    }
}
