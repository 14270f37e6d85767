using Domain.Registration;
using EventStore.State;
using Web.CardSteps;

namespace Web.Authentication;

/// <summary>
/// Caps the failed "whose card is this?" answers per certificate: after <see cref="MaxFailures"/> misses, none more than
/// <see cref="Window"/> after the one before, the card gets no more answers until a window has passed without a miss, so a
/// card holder cannot probe the personnel records by typing account after account or ID after ID. Verifying the card
/// again (a new PIN, a new browser) does not reset the count: it is kept per certificate, for the first sign-in and
/// 我要更新憑證 alike, in the event store's database, so neither another node nor a restart resets it either.
/// </summary>
public sealed class BindingAttempts(IStateStore state, TimeProvider time)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const string Key = "misses";

    public bool Exhausted(VerifiedCard card) =>
        state.Find(StateKinds.BindingFailures, Owner(card), Key) is { Uses: >= MaxFailures };

    /// <summary>Counts a failure; true when the certificate has now used up its attempts for the window.</summary>
    public bool Fail(VerifiedCard card) =>
        state.Increment(StateKinds.BindingFailures, Owner(card), Key, [], time.GetUtcNow() + Window) >= MaxFailures;

    private static string Owner(VerifiedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var key = CertificateKey.Of(card.Facts);
        return $"cert:{key.IssuerKeyId}:{key.SerialNumber}";
    }
}
