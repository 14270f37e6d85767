namespace Web.Authentication;

/// <summary>
/// The roles a session can hold: the one list of role names (claims carry these strings). Each says how it is
/// earned; pages never test roles by hand, they name a policy (<see cref="Policies"/>).
/// </summary>
public static class Roles
{
    /// <summary>機關使用者: signed in with an organisation card whose agency is known; the session acts for that agency only.</summary>
    public const string AgencyUser = "agency-user";

    /// <summary>授權管理者: signed in with the citizen card registered as an agency's manager (granted by an <see cref="ISignInRoleSource"/>).</summary>
    public const string AuthorizationManager = "authorization-manager";

    /// <summary>經辦人: signed in with a citizen card an agency granted functions to (granted by an <see cref="ISignInRoleSource"/>).</summary>
    public const string Handler = "handler";

    /// <summary>人事人員: a civil servant the personnel records make a personnel officer today (SPEC's rule).</summary>
    public const string PersonnelOfficer = "personnel-officer";

    /// <summary>現職公務人員: a person the personnel records show as current (eCPA account or bound citizen certificate).</summary>
    public const string CivilServant = "civil-servant";

    /// <summary>審核人員: the insurer's or bureau's staff who decide OID reviews (staff account).</summary>
    public const string Reviewer = "reviewer";

    /// <summary>稽核人員: reads every agency's history, changes nothing (staff account).</summary>
    public const string Auditor = "auditor";

    /// <summary>系統管理者: queries grants across agencies and runs operations (staff account).</summary>
    public const string Administrator = "administrator";

    /// <summary>Roles a staff account may carry.</summary>
    public static IReadOnlyList<string> Staff { get; } = [Reviewer, Auditor, Administrator];

    public static IReadOnlyList<string> All { get; } =
        [AgencyUser, AuthorizationManager, Handler, PersonnelOfficer, CivilServant, Reviewer, Auditor, Administrator];

    /// <summary>The zh-TW name shown in the header and on "my area".</summary>
    public static string Title(string role) => role switch
    {
        AgencyUser => "機關使用者",
        AuthorizationManager => "授權管理者",
        Handler => "經辦人",
        PersonnelOfficer => "人事人員",
        CivilServant => "公務人員",
        Reviewer => "審核人員",
        Auditor => "稽核人員",
        Administrator => "系統管理者",
        _ => role,
    };
}
