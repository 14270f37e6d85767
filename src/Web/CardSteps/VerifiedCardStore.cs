using EventStore.State;
using Web.State;

namespace Web.CardSteps;

/// <summary>
/// The cards each browser session has verified, so a flow of several steps can ask "which cards, when"
/// (registration: the organisation card, then the manager's; grants: both within N minutes).
/// </summary>
public interface IVerifiedCardStore
{
    /// <summary>Remembers a card for the session; it replaces the card the session verified earlier at the same step.</summary>
    void Remember(string sessionId, VerifiedCard card);

    /// <summary>The session's cards still remembered, the most recent first.</summary>
    IReadOnlyList<VerifiedCard> Recall(string sessionId);

    /// <summary>Forgets every card of the session (signing out, or a flow that must start over).</summary>
    void Forget(string sessionId);
}

/// <summary>
/// Verified cards in the event store's database (<see cref="IStateStore"/>): one row per (browser session, step), kept for
/// <see cref="Retention"/> after verification, encrypted (<see cref="StatePayload"/>), seen by every node.
/// </summary>
public sealed class DatabaseVerifiedCardStore(IStateStore state, StatePayload payload) : IVerifiedCardStore
{
    /// <summary>How long a verified card is remembered. Flows that need a fresher card compare <see cref="VerifiedCard.VerifiedAt"/> themselves.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public void Remember(string sessionId, VerifiedCard card)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(card);
        state.Put(StateKinds.VerifiedCard, sessionId, card.Step, payload.Write(card), card.VerifiedAt + Retention);
    }

    public IReadOnlyList<VerifiedCard> Recall(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
            return [];
        return state.List(StateKinds.VerifiedCard, sessionId)
            .Select(row => payload.Read<VerifiedCard>(row.Value))
            .OfType<VerifiedCard>()
            .OrderByDescending(c => c.VerifiedAt)
            .ToArray();
    }

    public void Forget(string sessionId)
    {
        if (!string.IsNullOrEmpty(sessionId))
            state.RemoveOwner(StateKinds.VerifiedCard, sessionId);
    }
}
