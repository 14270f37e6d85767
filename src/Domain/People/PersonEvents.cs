using Domain.Common;
using Domain.Registration;

namespace Domain.People;

// The language of a person's stream, person-{personKey}: the citizen certificate bound to the person's eCPA
// identity. The person is named by the keyed hash of the national ID and shown by the masked ID; no event of
// this stream holds the whole ID (the personnel records hold it, the binding does not need it).

/// <summary>The base of every event of a person's stream.</summary>
public abstract record PersonEvent
{
    /// <summary>Every event type of the stream, for the schema tests.</summary>
    public static IReadOnlyList<Type> Types { get; } = [typeof(CitizenCertificateBound), typeof(CitizenCertificateReplaced)];
}

/// <summary>A person's first citizen certificate was bound (first card sign-in, or "my area → upload").</summary>
/// <param name="PersonKey">The keyed hash of the national ID (the stream's key).</param>
/// <param name="MaskedNationalId">A12****789, for screens.</param>
/// <param name="Name">The name in the personnel records at the time.</param>
/// <param name="Path">Which page bound it: <c>first-sign-in</c>, <c>update-certificate</c> or <c>my-area</c>.</param>
[EventType("CitizenCertificateBound", 1)]
public sealed record CitizenCertificateBound(
    string PersonKey,
    string MaskedNationalId,
    string Name,
    CitizenCertificateInfo Certificate,
    string Path,
    string BoundBy,
    DateTimeOffset BoundAt) : PersonEvent;

/// <summary>A renewed card's certificate replaced the one bound before; the old binding ends.</summary>
[EventType("CitizenCertificateReplaced", 1)]
public sealed record CitizenCertificateReplaced(
    string PersonKey,
    string MaskedNationalId,
    string Name,
    string PreviousIssuerKeyId,
    string PreviousSerialNumber,
    CitizenCertificateInfo Certificate,
    string Path,
    string ReplacedBy,
    DateTimeOffset ReplacedAt) : PersonEvent;
