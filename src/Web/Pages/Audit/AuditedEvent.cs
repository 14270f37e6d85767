using Domain.Registration;

namespace Web.Pages.Audit;

/// <summary>One event of an agency's registration stream as an auditor reads it: where it sits, who and when, what it said, and its hash-chain link.</summary>
/// <param name="RecordedAt">The store's time of the append (UTC): what "as of an instant" compares with.</param>
/// <param name="Actor">Who acted, from the event's metadata (<c>staff:auditor</c>, <c>cert:{issuerKeyId}:{serial}</c> …); <c>（未記錄）</c> when absent. Exports carry it.</param>
/// <param name="ActorName">The same as the screens show it: the person and role (<see cref="Web.Authentication.ActorNaming"/>).</param>
/// <param name="What">The event in one zh-TW line, national IDs masked.</param>
/// <param name="Details">Further zh-TW lines (contact, functions, reasons), national IDs masked.</param>
/// <param name="PreviousHash">The hash this event links to (hex; 64 zeros for revision 0).</param>
/// <param name="Hash">This event's stored hash (hex).</param>
public sealed record AuditedEvent(
    long Position,
    long Revision,
    Guid EventId,
    string StoredType,
    DateTimeOffset RecordedAt,
    string Actor,
    string ActorName,
    Guid? CorrelationId,
    Guid? CausationId,
    RegistrationEvent Event,
    string What,
    IReadOnlyList<CertificateReliedOn> Certificates,
    IReadOnlyList<string> Details,
    string PreviousHash,
    string Hash);

/// <summary>A certificate an event relied on: its part in the event (機關憑證, 授權管理者自然人憑證 …), serial and issuer (DN, or key identifier where the event kept only that).</summary>
public sealed record CertificateReliedOn(string Role, string SerialNumber, string Issuer);
