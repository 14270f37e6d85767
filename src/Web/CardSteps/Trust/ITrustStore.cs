using Domain.Certificates.Cards;
using Pkix.Revocation;
using Pkix.Validation;

namespace Web.CardSteps.Trust;

/// <summary>
/// Everything the validator needs to judge a card certificate: anchors and issuing CAs per kind, the test-CA
/// deny-list, the loaded CRLs and the revocation policy. Immutable: a new source of trust hands out a new snapshot.
/// </summary>
/// <param name="Ocsp">OCSP settings, or null when responders are not to be asked.</param>
/// <param name="Problems">Anchors and issuing CAs that could never validate a card, as <see cref="TrustAudit"/> found them at load.</param>
public sealed record TrustSnapshot(TrustConfiguration Configuration, CrlStore Crls, RevocationOptions Revocation, OcspOptions? Ocsp,
    IReadOnlyList<TrustProblem>? Problems = null);

/// <summary>
/// Where trust comes from. Today <see cref="FileTrustStore"/> reads <c>Web:Trust</c>'s files once; an
/// administrator's import of trust anchors as events can replace it by registering another implementation that
/// returns a new <see cref="TrustSnapshot"/> whenever the imported material changes (the card steps rebuild their
/// validator when the snapshot instance changes, and reuse it otherwise).
/// </summary>
public interface ITrustStore
{
    /// <summary>The current trust material; loads it on first use (implementations cache it).</summary>
    /// <exception cref="TrustConfigurationException">The configured material is missing or unreadable (broken set-up, not bad input).</exception>
    ValueTask<TrustSnapshot> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>The trust configuration cannot be loaded: an operator must fix the set-up.</summary>
public sealed class TrustConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
