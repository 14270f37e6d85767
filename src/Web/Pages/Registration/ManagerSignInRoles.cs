using Domain.Registration;
using ReadModels.Registration;
using Web.Authentication;

namespace Web.Pages.Registration;

/// <summary>Makes a citizen-card session the authorization manager (授權管理者) of every agency whose registration names that card now.</summary>
public sealed class ManagerSignInRoles(RegisteredCertificatesQuery certificates) : ISignInRoleSource
{
    public async ValueTask<IReadOnlyList<SessionRole>> RolesForCitizenCertificateAsync(string issuerKeyId, string serialNumber, string personKey, CancellationToken cancellationToken)
    {
        var agencies = await certificates.AgenciesManagedByAsync(new CertificateKey(issuerKeyId, serialNumber), cancellationToken);
        return agencies.Select(agency => new SessionRole(Roles.AuthorizationManager, agency)).ToList();
    }
}
