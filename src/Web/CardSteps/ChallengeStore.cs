using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Domain.Certificates.Cards;
using EventStore.State;
using Web.State;

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
/// once, whichever node issued it.
/// </summary>
public interface IChallengeStore
{
    IssuedChallenge Issue(string sessionId, string step);

    /// <summary>Atomically spends the challenge: at most one caller is ever accepted for a value.</summary>
    ChallengeTake Take(string challenge, string sessionId, string step);
}

/// <summary>
/// The challenge store in the event store's database (<see cref="IStateStore"/>): every node sees every challenge, a
/// restart forgets none, and spending one is a single conditional UPDATE … RETURNING, so of two nodes racing for the
/// same challenge exactly one is accepted.
/// </summary>
public sealed class DatabaseChallengeStore(IStateStore state, TimeProvider time) : IChallengeStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long a spent or expired challenge is remembered, so a late replay says "used" or "expired" rather than "unknown".</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    private const int ChallengeBytes = 32;

    private sealed record Entry(string SessionId, string Step, DateTimeOffset ExpiresAt);

    public IssuedChallenge Issue(string sessionId, string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(step);
        var now = time.GetUtcNow();
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ChallengeBytes));
        var entry = new Entry(sessionId, step, now + Lifetime);
        state.Put(StateKinds.Challenge, "", value, JsonSerializer.SerializeToUtf8Bytes(entry, StatePayload.Json), now + Memory);
        return new IssuedChallenge(value, entry.ExpiresAt);
    }

    public ChallengeTake Take(string challenge, string sessionId, string step)
    {
        if (string.IsNullOrEmpty(challenge) || challenge.Length > 64 || state.Find(StateKinds.Challenge, "", challenge) is not { } row
            || JsonSerializer.Deserialize<Entry>(row.Value, StatePayload.Json) is not { } entry)
            return ChallengeTake.Fail(CardCheck.ChallengeUnknown, "no such challenge was issued");
        // A spent challenge says so to anyone (a replay from the same browser comes with its rotated session id).
        if (row.Uses > 0)
            return ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");
        // Session and step are checked before spending, so a stolen challenge cannot burn the owner's.
        if (!string.Equals(entry.SessionId, sessionId, StringComparison.Ordinal))
            return ChallengeTake.Fail(CardCheck.ChallengeWrongSession, "the challenge belongs to another session");
        if (!string.Equals(entry.Step, step, StringComparison.Ordinal))
            return ChallengeTake.Fail(CardCheck.ChallengeWrongStep, $"the challenge was issued for the step '{entry.Step}', not '{step}'");
        if (time.GetUtcNow() > entry.ExpiresAt)
            return ChallengeTake.Fail(CardCheck.ChallengeExpired, $"the challenge expired at {entry.ExpiresAt:u}");
        return state.Claim(StateKinds.Challenge, "", challenge) is not null
            ? ChallengeTake.Ok
            : ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");
    }
}
