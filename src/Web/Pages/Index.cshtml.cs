using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Navigation;

namespace Web.Pages;

/// <summary>The home page: what the service is for, what to prepare, and every feature's link.</summary>
public sealed class IndexModel(FeatureCatalog features) : PageModel
{
    public FeatureCatalog Features { get; } = features;
}
