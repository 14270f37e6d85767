using EventStore.State;
using Web.CardSteps;

namespace Web.Authentication;

/// <summary>
/// Caps the failed "whose card is this?" answers per verified card: after <see cref="MaxFailures"/> the card must
/// be verified again (PIN and signature), so a card holder cannot probe the personnel records by typing account
/// after account. Failures are counted per (browser session, card step, verification instant), in the event store's
/// database, so neither another node nor a restart resets the count.
/// </summary>
public sealed class BindingAttempts(IStateStore state)
{
    public const int MaxFailures = 5;

    public bool Exhausted(string browserSession, VerifiedCard card) =>
        state.Find(StateKinds.BindingFailures, browserSession, Key(card)) is { Uses: >= MaxFailures };

    /// <summary>Counts a failure; true when the card has now used up its attempts.</summary>
    public bool Fail(string browserSession, VerifiedCard card) =>
        state.Increment(StateKinds.BindingFailures, browserSession, Key(card), [], card.VerifiedAt + DatabaseVerifiedCardStore.Retention) >= MaxFailures;

    private static string Key(VerifiedCard card) => $"{card.Step}|{card.VerifiedAt.UtcTicks}";
}
