using Domain.Certificates;
using Domain.Common;
using Domain.Registration;
using ReadModels.ReferenceData;

namespace Web.Authentication;

/// <summary>
/// Builds a person's session from what the personnel records say today, the same way for a password and a
/// citizen-card sign-in: a current civil servant, and a personnel officer when the rule holds at any agency.
/// </summary>
public sealed class PersonSessions(TimeProvider time, IEnumerable<ISignInRoleSource> roleSources)
{
    /// <summary>Today in Taiwan: records and the personnel-officer rule are judged by this day.</summary>
    public DateOnly Today => RocDate.TaiwanDate(time.GetUtcNow());

    /// <summary>The session of the person <paramref name="person"/> describes (who must be current).</summary>
    public SignedInUser ForPerson(PersonnelLookupResult person, string subject, string method, string? account, string? certificate, IReadOnlyList<SessionRole> extraRoles)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(extraRoles);
        var standing = person.Standing ?? throw new ArgumentException("A session needs a person with a standing.", nameof(person));
        var roles = new List<string> { Roles.CivilServant };
        if (person.IsPersonnelOfficer)
            roles.Add(Roles.PersonnelOfficer);
        roles.AddRange(extraRoles.Select(r => r.Role));
        return new SignedInUser(
            subject,
            standing.Name,
            method,
            roles.Distinct(StringComparer.Ordinal).ToList(),
            extraRoles.Where(r => r.Agency is not null).Select(r => r.Agency!).Distinct(StringComparer.Ordinal).ToList(),
            time.GetUtcNow(),
            PersonKey: standing.IdHash,
            Account: account,
            MaskedNationalId: standing.MaskedId,
            Certificate: certificate);
    }

    /// <summary>The session of a person signing in with their citizen card: subject and certificate claim name the card, and every <see cref="ISignInRoleSource"/> may add roles.</summary>
    public async Task<SignedInUser> ForCitizenCardAsync(PersonnelLookupResult person, CertificateFacts certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var key = CertificateKey.Of(certificate);
        var extra = new List<SessionRole>();
        foreach (var source in roleSources)
            extra.AddRange(await source.RolesForCitizenCertificateAsync(key.IssuerKeyId, key.SerialNumber, person.Standing?.IdHash ?? "", cancellationToken).ConfigureAwait(false));
        return ForPerson(person, CardSubject(key), SignInMethods.CitizenCard, person.Standing?.Account, key.ToString(), extra);
    }

    /// <summary>The actor name of a card session: <c>cert:{issuerKeyId}:{serial}</c>.</summary>
    public static string CardSubject(CertificateKey key) => $"cert:{key}";
}

/// <summary>A role a session holds, and the agency it holds it for (null when it is not about one agency).</summary>
public sealed record SessionRole(string Role, string? Agency);

/// <summary>
/// Roles a citizen card earns elsewhere in the system (an agency's authorization manager, a handler), asked at
/// every citizen-card sign-in. The registration features register their own; none is required.
/// </summary>
public interface ISignInRoleSource
{
    /// <param name="personKey">The keyed national-ID hash of the person the card is bound to (never the ID itself).</param>
    ValueTask<IReadOnlyList<SessionRole>> RolesForCitizenCertificateAsync(string issuerKeyId, string serialNumber, string personKey, CancellationToken cancellationToken);
}
