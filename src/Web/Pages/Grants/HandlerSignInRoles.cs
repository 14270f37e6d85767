using ReadModels.Grants;
using Web.Authentication;

namespace Web.Pages.Grants;

/// <summary>
/// Gives a citizen-card sign-in the 經辦人 role for every agency with an active grant to that card: its issuer key id
/// (when the grant recorded one), its serial, and the person it is bound to (<see cref="HandlerGrantsOfCardQuery"/>).
/// The serial alone is not enough: another CA's card, or another person's, can carry the same serial.
/// </summary>
public sealed class HandlerSignInRoles(HandlerGrantsOfCardQuery grants) : ISignInRoleSource
{
    public async ValueTask<IReadOnlyList<SessionRole>> RolesForCitizenCertificateAsync(string issuerKeyId, string serialNumber, string personKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(personKey))
            return [];
        var held = await grants.ForCardAsync(issuerKeyId, serialNumber, personKey, cancellationToken);
        return held.Select(g => g.AgencyCode).Distinct(StringComparer.Ordinal).Select(a => new SessionRole(Roles.Handler, a)).ToList();
    }
}
