using System.Collections.Concurrent;

namespace Web.CardSteps;

/// <summary>
/// The cards each browser session has verified, so a flow of several steps can ask "which cards, when"
/// (registration: the organisation card, then the manager's; grants: both within N minutes). An interface so
/// the in-memory store can give way to a shared one behind several servers, like the challenge store.
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

/// <summary>The in-memory store: per session, the latest card of each step, kept for <see cref="Retention"/> after verification.</summary>
public sealed class InMemoryVerifiedCardStore(TimeProvider time) : IVerifiedCardStore
{
    /// <summary>How long a verified card is remembered. Flows that need a fresher card compare <see cref="VerifiedCard.VerifiedAt"/> themselves.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, VerifiedCard[]> _sessions = new(StringComparer.Ordinal);
    private readonly SweepSchedule _sweeps = new(TimeSpan.FromMinutes(1));

    public int SessionCount => _sessions.Count;

    public void Remember(string sessionId, VerifiedCard card)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(card);
        var now = time.GetUtcNow();
        if (_sweeps.TryClaim(now))
            Sweep();
        _sessions.AddOrUpdate(
            sessionId,
            _ => [card],
            (_, cards) => [card, .. cards.Where(c => c.Step != card.Step && Current(c, now))]);
    }

    public IReadOnlyList<VerifiedCard> Recall(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId) || !_sessions.TryGetValue(sessionId, out var cards))
            return [];
        var now = time.GetUtcNow();
        return cards.Where(c => Current(c, now)).ToArray();
    }

    public void Forget(string sessionId)
    {
        if (!string.IsNullOrEmpty(sessionId))
            _sessions.TryRemove(sessionId, out _);
    }

    /// <summary>Drops sessions whose every card is past retention; runs at most once a minute, on remember.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (session, cards) in _sessions)
        {
            if (!cards.Any(c => Current(c, now)))
                _sessions.TryRemove(new KeyValuePair<string, VerifiedCard[]>(session, cards));
        }
    }

    private static bool Current(VerifiedCard card, DateTimeOffset now) => now - card.VerifiedAt <= Retention;
}
