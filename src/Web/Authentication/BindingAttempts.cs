using System.Collections.Concurrent;
using Web.CardSteps;

namespace Web.Authentication;

/// <summary>
/// Caps the failed "whose card is this?" answers per verified card: after <see cref="MaxFailures"/> the card must
/// be verified again (PIN and signature), so a card holder cannot probe the personnel records by typing account
/// after account. Failures are counted per (browser session, card step, verification instant).
/// </summary>
public sealed class BindingAttempts(TimeProvider time)
{
    public const int MaxFailures = 5;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset At)> _failures = new(StringComparer.Ordinal);

    public bool Exhausted(string browserSession, VerifiedCard card) =>
        _failures.TryGetValue(Key(browserSession, card), out var entry) && entry.Failures >= MaxFailures;

    /// <summary>Counts a failure; true when the card has now used up its attempts.</summary>
    public bool Fail(string browserSession, VerifiedCard card)
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _failures)
        {
            if (now - entry.At > InMemoryVerifiedCardStore.Retention)
                _failures.TryRemove(key, out _);
        }

        return _failures.AddOrUpdate(Key(browserSession, card), _ => (1, now), (_, e) => (e.Failures + 1, now)).Failures >= MaxFailures;
    }

    private static string Key(string browserSession, VerifiedCard card) =>
        $"{browserSession}|{card.Step}|{card.VerifiedAt.UtcTicks}";
}
