using System.Reflection;

namespace Web.Navigation;

/// <summary>A feature link with its resolved URL.</summary>
public sealed record FeatureLink(
    string Page, string Url, string Title, string Summary, FeatureGroup Group, int Order, bool InMainNav,
    string? Menu = null, string? MenuTitle = null, string? Policy = null);

/// <summary>One entry of the function menu: a link, or a heading with its links (a sub-menu).</summary>
public sealed record MenuEntry(string Title, FeatureLink? Link, IReadOnlyList<FeatureLink> Children);

/// <summary>
/// Every <see cref="FeatureLinkAttribute"/> of the Web assembly, resolved to URLs once: what the main navigation
/// and the home page list. A link to a page that does not exist is a bug: it fails the first page that
/// renders the navigation, and a test in Web.Tests resolves every declared link.
/// </summary>
public sealed class FeatureCatalog
{
    public FeatureCatalog(LinkGenerator links)
        : this(links, typeof(FeatureCatalog).Assembly.GetCustomAttributes<FeatureLinkAttribute>())
    {
    }

    internal FeatureCatalog(LinkGenerator links, IEnumerable<FeatureLinkAttribute> declared)
    {
        ArgumentNullException.ThrowIfNull(links);
        All = declared
            .Select(a => new FeatureLink(
                a.Page,
                links.GetPathByPage(a.Page) ?? throw new InvalidOperationException($"[FeatureLink] names the page {a.Page}, which does not exist."),
                a.Title,
                a.Summary,
                a.Group,
                a.Order,
                a.InMainNav,
                a.Menu,
                a.MenuTitle,
                a.Policy))
            .OrderBy(l => l.Group)
            .ThenBy(l => l.Order)
            .ThenBy(l => l.Title, StringComparer.Ordinal)
            .ToArray();
        MainNav = All.Where(l => l.InMainNav).ToArray();
    }

    public IReadOnlyList<FeatureLink> All { get; }

    public IReadOnlyList<FeatureLink> MainNav { get; }

    /// <summary>
    /// The function menu for a person: the staff pages their policies admit (<paramref name="admitted"/>), if any,
    /// else the agency functions; links that share a <see cref="FeatureLink.Menu"/> heading become one sub-menu, in
    /// catalogue order.
    /// </summary>
    public IReadOnlyList<MenuEntry> Menu(Func<string, bool> admitted)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        var staff = MainNav.Where(l => l.Policy is { } policy && admitted(policy)).ToList();
        var links = staff.Count > 0 ? staff : MainNav.Where(l => l.Policy is null).ToList();
        var entries = new List<MenuEntry>();
        foreach (var link in links)
        {
            if (link.Menu is null)
                entries.Add(new MenuEntry(link.Title, link, []));
            else if (entries.FirstOrDefault(e => e.Link is null && e.Title == link.Menu) is { } heading)
                ((List<FeatureLink>)heading.Children).Add(link);
            else
                entries.Add(new MenuEntry(link.Menu, null, new List<FeatureLink> { link }));
        }
        return entries;
    }

    /// <summary>The links grouped as the home page shows them; empty groups are left out.</summary>
    public IEnumerable<IGrouping<FeatureGroup, FeatureLink>> ByGroup => All.GroupBy(l => l.Group);

    /// <summary>The zh-TW heading of a group.</summary>
    public static string GroupTitle(FeatureGroup group) => group switch
    {
        FeatureGroup.SignIn => "登入及憑證上傳",
        FeatureGroup.Registration => "註冊及更換憑證",
        FeatureGroup.Grants => "授權作業",
        FeatureGroup.Queries => "查詢作業",
        FeatureGroup.ReviewAndAudit => "審核及稽核",
        FeatureGroup.System => "系統",
        _ => group.ToString(),
    };
}
