using Domain.Common;
using Domain.ReferenceData;

namespace Web.Authentication;

/// <summary>
/// Builds a person's session from the personnel records, the same way for a password and a citizen-card
/// sign-in: a current civil servant, and a personnel officer when the rule holds today at any agency.
/// </summary>
public sealed class PersonSessions(IReferenceLookups lookups, PersonalDataKey keys, TimeProvider time)
{
    /// <summary>Today in Taiwan: records and the officer rule are judged by this day.</summary>
    public DateOnly Today => RocDate.TaiwanDate(time.GetUtcNow());

    /// <summary>The session of the person <paramref name="record"/> describes (who must be current).</summary>
    public async Task<SignedInUser> ForPersonAsync(
        PersonnelRecord record, string subject, string method, string? account, string? certificate, IReadOnlyList<SessionRole> extraRoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(extraRoles);
        var today = Today;
        var effective = await lookups.EffectiveRecordsAsync(record.NationalId, today, cancellationToken).ConfigureAwait(false);
        var roles = new List<string> { Roles.CivilServant };
        if (effective.Any(r => PersonnelOfficerRule.IsPersonnelOfficer(r, today)))
            roles.Add(Roles.PersonnelOfficer);
        roles.AddRange(extraRoles.Select(r => r.Role));
        return new SignedInUser(
            subject,
            record.Name,
            method,
            roles.Distinct(StringComparer.Ordinal).ToList(),
            extraRoles.Where(r => r.Agency is not null).Select(r => r.Agency!).Distinct(StringComparer.Ordinal).ToList(),
            time.GetUtcNow(),
            PersonKey: keys.PersonKey(record.NationalId),
            Account: account,
            MaskedNationalId: record.NationalId.Masked,
            Certificate: certificate);
    }
}

/// <summary>A role a session holds, and the agency it holds it for (null when it is not about one agency).</summary>
public sealed record SessionRole(string Role, string? Agency);

/// <summary>
/// Roles a citizen card earns elsewhere in the system (an agency's authorization manager, a handler), asked at
/// every citizen-card sign-in. The registration features register their own; none is required.
/// </summary>
public interface ISignInRoleSource
{
    ValueTask<IReadOnlyList<SessionRole>> RolesForCitizenCertificateAsync(string issuerKeyId, string serialNumber, CancellationToken cancellationToken);
}
