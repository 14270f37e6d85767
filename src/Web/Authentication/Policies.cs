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
    public const string SignedIn = nameof(SignedIn);

    public const string AgencyUser = nameof(AgencyUser);
    public const string AuthorizationManager = nameof(AuthorizationManager);
    public const string Handler = nameof(Handler);
    public const string PersonnelOfficer = nameof(PersonnelOfficer);
    public const string CivilServant = nameof(CivilServant);
    public const string Reviewer = nameof(Reviewer);
    public const string Auditor = nameof(Auditor);
    public const string Administrator = nameof(Administrator);

    /// <summary>Auditors and administrators: read any agency's data.</summary>
    public const string ReadAcrossAgencies = nameof(ReadAcrossAgencies);

    /// <summary>A civil servant signed in with their citizen card.</summary>
    public const string CitizenCardSession = nameof(CitizenCardSession);

    /// <summary>An agency user signed in with the agency's organisation card: the eCPA application-system grant pages.</summary>
    public const string OrganisationCardSession = nameof(OrganisationCardSession);

    /// <summary>Each role's policy name (the PascalCase of the role).</summary>
    public static IReadOnlyDictionary<string, string> ForRole { get; } = new Dictionary<string, string>
    {
        [AgencyUser] = Roles.AgencyUser,
        [AuthorizationManager] = Roles.AuthorizationManager,
        [Handler] = Roles.Handler,
        [PersonnelOfficer] = Roles.PersonnelOfficer,
        [CivilServant] = Roles.CivilServant,
        [Reviewer] = Roles.Reviewer,
        [Auditor] = Roles.Auditor,
        [Administrator] = Roles.Administrator,
    };

    /// <summary>
    /// Whether the session holds the staff <paramref name="role"/> and proved itself twice (password, then the holder's
    /// citizen card): a staff role alone — a session opened by the password step only, an old cookie — counts for nothing.
    /// </summary>
    public static bool IsProvenStaff(this System.Security.Claims.ClaimsPrincipal user, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(role) && user.HasClaim(SessionClaims.Method, SignInMethods.PasswordAndCitizenCard);
    }

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireClaim(SessionClaims.Subject));
        foreach (var (policy, role) in ForRole)
        {
            options.AddPolicy(policy, p =>
            {
                p.RequireAuthenticatedUser().RequireRole(role);
                if (Roles.Staff.Contains(role, StringComparer.Ordinal))
                    p.RequireClaim(SessionClaims.Method, SignInMethods.PasswordAndCitizenCard);
            });
        }
        options.AddPolicy(ReadAcrossAgencies, p => p.RequireAuthenticatedUser().RequireRole(Roles.Auditor, Roles.Administrator)
            .RequireClaim(SessionClaims.Method, SignInMethods.PasswordAndCitizenCard));
        options.AddPolicy(CitizenCardSession, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.CivilServant).RequireClaim(SessionClaims.Method, SignInMethods.CitizenCard));
        options.AddPolicy(OrganisationCardSession, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.AgencyUser).RequireClaim(SessionClaims.Method, SignInMethods.OrganisationCard).RequireClaim(SessionClaims.Agency));
    }
}
