using Microsoft.AspNetCore.Mvc.RazorPages;
using ReadModels.Registration;
using Web.Authentication;
using Web.Navigation;

namespace Web.Pages;

/// <summary>
/// The home page: what the service is for, what to prepare, and every feature's link; for a signed-in authorization
/// manager, the both-cards swaps of their agencies waiting for their cooling-off period (the notice issue 14 point 6
/// asks the previous manager to get).
/// </summary>
public sealed class IndexModel(FeatureCatalog features, BothSwapRequestsQuery swaps) : PageModel
{
    public FeatureCatalog Features { get; } = features;

    /// <summary>Pending both-cards swaps of the agencies the signed-in manager manages.</summary>
    public IReadOnlyList<BothSwapRequestView> PendingSwaps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (SignedInUser.From(User) is { } user && user.IsInRole(Roles.AuthorizationManager))
            PendingSwaps = await swaps.PendingForAsync(user.Agencies, cancellationToken);
    }
}
