using ReadModels.Grants;
using Web.Authentication;

namespace Web.Pages.Grants;

/// <summary>
/// Gives a citizen-card sign-in the 經辦人 role for every agency that granted functions to the card's serial
/// (active grants only). Grants name a serial, not an issuer, as the seed's 憑證序號 does.
/// </summary>
public sealed class HandlerSignInRoles(HandlerGrantsBySerialQuery grants) : ISignInRoleSource
{
    public async ValueTask<IReadOnlyList<SessionRole>> RolesForCitizenCertificateAsync(string issuerKeyId, string serialNumber, CancellationToken cancellationToken)
    {
        var held = await grants.ForSerialAsync(serialNumber, cancellationToken);
        return held.Select(g => g.AgencyCode).Distinct(StringComparer.Ordinal).Select(a => new SessionRole(Roles.Handler, a)).ToList();
    }
}
