using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domain.Certificates.Cards;

namespace Web.CardSteps;

/// <summary>A challenge as issued: the base64url text the agent signs, and when it stops being accepted.</summary>
public sealed record IssuedChallenge(string Value, DateTimeOffset ExpiresAt);

/// <summary>The outcome of taking a challenge back: accepted (and now spent), or why not.</summary>
public readonly record struct ChallengeTake(bool Accepted, CardFailure? Failure)
{
    public static ChallengeTake Ok => new(true, null);

    public static ChallengeTake Fail(CardCheck check, string detail) => new(false, CardFailure.Of(check, detail));
}

/// <summary>
/// One-time card-step challenges: 32 random bytes, five minutes, bound to a session and a step, usable
/// once. An interface so the in-memory store can give way to a shared one behind several servers.
/// </summary>
public interface IChallengeStore
{
    IssuedChallenge Issue(string sessionId, string step);

    /// <summary>Atomically spends the challenge: at most one caller is ever accepted for a value.</summary>
    ChallengeTake Take(string challenge, string sessionId, string step);
}

/// <summary>The in-memory challenge store: a concurrent dictionary with an expiry sweep on issue.</summary>
public sealed class InMemoryChallengeStore(TimeProvider time) : IChallengeStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long a spent or expired challenge is remembered, so a late replay says "used" or "expired" rather than "unknown".</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    private const int ChallengeBytes = 32;

    private sealed class Entry(string sessionId, string step, DateTimeOffset expiresAt)
    {
        public string SessionId { get; } = sessionId;
        public string Step { get; } = step;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        // 0 = open, 1 = spent; Interlocked makes the take atomic.
        public int Spent;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SweepSchedule _sweeps = new(TimeSpan.FromMinutes(1));

    public int Count => _entries.Count;

    public IssuedChallenge Issue(string sessionId, string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(step);
        var now = time.GetUtcNow();
        if (_sweeps.TryClaim(now))
            Sweep();
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ChallengeBytes));
        var entry = new Entry(sessionId, step, now + Lifetime);
        _entries[value] = entry;
        return new IssuedChallenge(value, entry.ExpiresAt);
    }

    public ChallengeTake Take(string challenge, string sessionId, string step)
    {
        if (string.IsNullOrEmpty(challenge) || !_entries.TryGetValue(challenge, out var entry))
            return ChallengeTake.Fail(CardCheck.ChallengeUnknown, "no such challenge was issued");
        // Session and step are checked before spending, so a stolen challenge cannot burn the owner's.
        if (!string.Equals(entry.SessionId, sessionId, StringComparison.Ordinal))
            return ChallengeTake.Fail(CardCheck.ChallengeWrongSession, "the challenge belongs to another session");
        if (!string.Equals(entry.Step, step, StringComparison.Ordinal))
            return ChallengeTake.Fail(CardCheck.ChallengeWrongStep, $"the challenge was issued for the step '{entry.Step}', not '{step}'");
        if (Volatile.Read(ref entry.Spent) == 1)
            return ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");
        if (time.GetUtcNow() > entry.ExpiresAt)
            return ChallengeTake.Fail(CardCheck.ChallengeExpired, $"the challenge expired at {entry.ExpiresAt:u}");
        return Interlocked.Exchange(ref entry.Spent, 1) == 0
            ? ChallengeTake.Ok
            : ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");
    }

    /// <summary>Forgets challenges past their memory; runs at most once a minute, on issue.</summary>
    public void Sweep()
    {
        var cutoff = time.GetUtcNow() - Memory + Lifetime;
        foreach (var (value, entry) in _entries)
        {
            if (entry.ExpiresAt < cutoff)
                _entries.TryRemove(value, out _);
        }
    }
}
