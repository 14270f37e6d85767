using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Web.Authentication;

/// <summary>
/// Who a session belongs to, as the sign-in decided it: the one shape turned into the cookie's claims and read
/// back from them. Holds no national ID (see <see cref="SessionClaims"/>).
/// </summary>
/// <param name="Subject">Stable actor name (<see cref="SessionClaims.Subject"/>).</param>
/// <param name="DisplayName">The person's or staff member's name, or the agency's name for an organisation card.</param>
/// <param name="Agencies">Agencies the session acts for (agency codes).</param>
public sealed record SignedInUser(
    string Subject,
    string DisplayName,
    string Method,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Agencies,
    DateTimeOffset SignedInAt,
    string? PersonKey = null,
    string? Account = null,
    string? MaskedNationalId = null,
    string? Certificate = null)
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The agency of an organisation-card session (its only agency), else null.</summary>
    public string? Agency => Agencies.Count == 1 ? Agencies[0] : null;

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim>
        {
            new(SessionClaims.Subject, Subject),
            new(ClaimTypes.Name, DisplayName),
            new(SessionClaims.Method, Method),
            new(SessionClaims.SignedInAt, SignedInAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        };
        claims.AddRange(Roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(Agencies.Distinct(StringComparer.Ordinal).Select(a => new Claim(SessionClaims.Agency, a)));
        Add(claims, SessionClaims.PersonKey, PersonKey);
        Add(claims, SessionClaims.Account, Account);
        Add(claims, SessionClaims.MaskedNationalId, MaskedNationalId);
        Add(claims, SessionClaims.Certificate, Certificate);
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The session's user, or null when the principal is not signed in (or not by us).</summary>
    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.FindFirst(SessionClaims.Subject)?.Value is not { Length: > 0 } subject)
            return null;
        var signedInAt = DateTimeOffset.TryParse(principal.FindFirst(SessionClaims.SignedInAt)?.Value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : DateTimeOffset.MinValue;
        return new SignedInUser(
            subject,
            principal.FindFirst(ClaimTypes.Name)?.Value ?? "",
            principal.FindFirst(SessionClaims.Method)?.Value ?? "",
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            principal.FindAll(SessionClaims.Agency).Select(c => c.Value).ToList(),
            signedInAt,
            principal.FindFirst(SessionClaims.PersonKey)?.Value,
            principal.FindFirst(SessionClaims.Account)?.Value,
            principal.FindFirst(SessionClaims.MaskedNationalId)?.Value,
            principal.FindFirst(SessionClaims.Certificate)?.Value);
    }

    private static void Add(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            claims.Add(new Claim(type, value));
    }
}

/// <summary>Reading the session from a page or handler.</summary>
public static class ClaimsPrincipalSessionExtensions
{
    /// <summary>The actor name for commands and events (<c>...By</c>); throws for an anonymous principal (a page without a policy is a bug).</summary>
    public static string Actor(this ClaimsPrincipal principal) =>
        SignedInUser.From(principal)?.Subject ?? throw new InvalidOperationException("No signed-in user: the page must require a policy.");

    /// <summary>Whether the session acts for <paramref name="agencyCode"/>.</summary>
    public static bool ActsFor(this ClaimsPrincipal principal, string agencyCode)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll(SessionClaims.Agency).Any(c => string.Equals(c.Value, agencyCode, StringComparison.OrdinalIgnoreCase));
    }
}
