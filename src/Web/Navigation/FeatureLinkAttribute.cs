namespace Web.Navigation;

/// <summary>The sections of the home page, in the order shown.</summary>
public enum FeatureGroup
{
    /// <summary>登入及憑證: signing in, binding and uploading certificates.</summary>
    SignIn,

    /// <summary>註冊及更換憑證: first registration and certificate swaps.</summary>
    Registration,

    /// <summary>授權: handler grants and application-system grants.</summary>
    Grants,

    /// <summary>查詢作業: receipts, certificates in the reader, issued grants.</summary>
    Queries,

    /// <summary>審核及稽核: OID review, history replay and export.</summary>
    ReviewAndAudit,

    /// <summary>系統: administration and service status.</summary>
    System,
}

/// <summary>
/// Puts a feature's page in the main navigation and on the home page. Each feature declares its own link
/// with one line in its own folder, so adding a feature never edits a shared list:
/// <code>[assembly: FeatureLink("/Registration/First/Index", "首次註冊", "機關第一次申請…", FeatureGroup.Registration, Order = 10)]</code>
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FeatureLinkAttribute(string page, string title, string summary, FeatureGroup group) : Attribute
{
    /// <summary>The Razor page path, e.g. <c>/Registration/First/Index</c> (checked at start-up and by a test).</summary>
    public string Page { get; } = page;

    /// <summary>The link text, in the seeds' terms (首次註冊, 授權指派 …).</summary>
    public string Title { get; } = title;

    /// <summary>One plain zh-TW sentence for the home page: who uses it and what for.</summary>
    public string Summary { get; } = summary;

    public FeatureGroup Group { get; } = group;

    /// <summary>Position within the group (and in the main navigation), smallest first.</summary>
    public int Order { get; set; }

    /// <summary>Also show the link in the header's function menu (the manuals' left menu: their functions, not every page).</summary>
    public bool InMainNav { get; set; }

    /// <summary>The function menu's heading this link sits under (更換憑證, 查詢作業); links of one heading are one sub-menu.</summary>
    public string? Menu { get; set; }

    /// <summary>The link's text under its <see cref="Menu"/> heading, when shorter than <see cref="Title"/> (機關憑證 under 更換憑證).</summary>
    public string? MenuTitle { get; set; }

    /// <summary>
    /// A staff page: the policy (<c>Policies.Reviewer</c> …) whose holders see it in their function menu. Staff see their
    /// work; everyone else the agency functions (links with no policy).
    /// </summary>
    public string? Policy { get; set; }
}
