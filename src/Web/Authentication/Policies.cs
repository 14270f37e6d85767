using Microsoft.AspNetCore.Authorization;

namespace Web.Authentication;

/// <summary>
/// The named authorization policies: pages say <c>[Authorize(Policy = Policies.Reviewer)]</c>, never a role
/// string. One policy per role, <see cref="SignedIn"/>, and <see cref="ReadAcrossAgencies"/>; what a session may
/// do with one agency's data is the resource check in <see cref="AgencyAccess"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in session.</summary>
    public const string SignedIn = "signed-in";

    public const string AgencyUser = "role:" + Roles.AgencyUser;
    public const string AuthorizationManager = "role:" + Roles.AuthorizationManager;
    public const string Handler = "role:" + Roles.Handler;
    public const string PersonnelOfficer = "role:" + Roles.PersonnelOfficer;
    public const string CivilServant = "role:" + Roles.CivilServant;
    public const string Reviewer = "role:" + Roles.Reviewer;
    public const string Auditor = "role:" + Roles.Auditor;
    public const string Administrator = "role:" + Roles.Administrator;

    /// <summary>Auditors and administrators: read any agency's data.</summary>
    public const string ReadAcrossAgencies = "read-across-agencies";

    /// <summary>
    /// A citizen-card session of a current civil servant: what binding-related pages of "my area" need besides a
    /// password session. (Card sessions carry <see cref="SignInMethods.CitizenCard"/>.)
    /// </summary>
    public const string CitizenCardSession = "citizen-card-session";

    /// <summary>An organisation-card session of an agency user: the eCPA application-system grant pages.</summary>
    public const string OrganisationCardSession = "organisation-card-session";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireClaim(SessionClaims.Subject));
        foreach (var role in Roles.All)
            options.AddPolicy("role:" + role, p => p.RequireAuthenticatedUser().RequireRole(role));
        options.AddPolicy(ReadAcrossAgencies, p => p.RequireAuthenticatedUser().RequireRole(Roles.Auditor, Roles.Administrator));
        options.AddPolicy(CitizenCardSession, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.CivilServant).RequireClaim(SessionClaims.Method, SignInMethods.CitizenCard));
        options.AddPolicy(OrganisationCardSession, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.AgencyUser).RequireClaim(SessionClaims.Method, SignInMethods.OrganisationCard).RequireClaim(SessionClaims.Agency));
    }
}
