using Domain.Common;
using Domain.Registration;

namespace Domain.Ecpa;

// The language of the eCPA streams. ecpa-agency-{agencyCode}: the organisation certificate a personnel officer
// uploaded (bound) for the agency. ecpa-grants-{agencyCode}: the application-system rights the agency granted.
// People are named by the keyed hash of their national ID and shown masked; no event holds a whole ID.

/// <summary>The base of every event of an agency's eCPA certificate stream.</summary>
public abstract record EcpaAgencyEvent
{
    public static IReadOnlyList<Type> Types { get; } = [typeof(OrganisationCertificateBound)];
}

/// <summary>A personnel officer bound (uploaded) an organisation certificate to the agency; it replaces any bound before.</summary>
/// <param name="AgencyName">The directory's name at the time.</param>
/// <param name="PreviousIssuerKeyId">The certificate bound before, when there was one.</param>
/// <param name="UploaderPersonKey">The officer's keyed national-ID hash.</param>
/// <param name="UploaderName">The officer's name in the personnel records.</param>
[EventType("OrganisationCertificateBound", 1)]
public sealed record OrganisationCertificateBound(
    string AgencyCode,
    string AgencyName,
    OrganisationCertificateInfo Certificate,
    string? PreviousIssuerKeyId,
    string? PreviousSerialNumber,
    string UploaderPersonKey,
    string UploaderName,
    string BoundBy,
    DateTimeOffset BoundAt) : EcpaAgencyEvent;

/// <summary>The base of every event of an agency's application-system grant stream.</summary>
public abstract record ApplicationSystemGrantEvent
{
    public static IReadOnlyList<Type> Types { get; } = [typeof(ApplicationSystemGrantIssued), typeof(ApplicationSystemGrantRevoked)];
}

/// <summary>A person was granted a right of an application system (應用系統授權設定 → 確定).</summary>
/// <param name="PersonKey">The keyed hash of the person's national ID.</param>
/// <param name="PersonAccount">The person's self-chosen account at the time, if any.</param>
/// <param name="OrganisationIssuerKeyId">The organisation card the session was signed in with.</param>
[EventType("ApplicationSystemGrantIssued", 1)]
public sealed record ApplicationSystemGrantIssued(
    string AgencyCode,
    string SystemCode,
    string SystemName,
    string RightCode,
    string RightName,
    string CatalogueVersion,
    string PersonKey,
    string MaskedNationalId,
    string PersonName,
    string? PersonAccount,
    string OrganisationIssuerKeyId,
    string OrganisationSerialNumber,
    string IssuedBy,
    DateTimeOffset IssuedAt) : ApplicationSystemGrantEvent;

/// <summary>A granted right was taken back.</summary>
[EventType("ApplicationSystemGrantRevoked", 1)]
public sealed record ApplicationSystemGrantRevoked(
    string AgencyCode,
    string SystemCode,
    string RightCode,
    string PersonKey,
    string MaskedNationalId,
    string PersonName,
    string OrganisationIssuerKeyId,
    string OrganisationSerialNumber,
    string RevokedBy,
    DateTimeOffset RevokedAt) : ApplicationSystemGrantEvent;
