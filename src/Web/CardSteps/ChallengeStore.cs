using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Domain.Certificates.Cards;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection;

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
/// One-time card-step challenges: five minutes, bound to a session and a step, usable once, whichever node issued it.
/// </summary>
public interface IChallengeStore
{
    IssuedChallenge Issue(string sessionId, string step);

    /// <summary>Atomically spends the challenge: at most one caller is ever accepted for a value.</summary>
    ChallengeTake Take(string challenge, string sessionId, string step);
}

/// <summary>
/// Challenges sealed rather than stored: issuing one writes nothing (so a flood of card-step pages, or of cookie-less
/// GETs, costs no database write), and spending one is a single conditional INSERT of its "spent" row in the state
/// table, so of two nodes racing for the same challenge exactly one is accepted.
/// </summary>
/// <remarks>
/// A challenge is 53 bytes in base64url (71 characters): version, expiry (Unix milliseconds), 16 random bytes, then
/// HMAC-SHA256 tags, cut short, that bind it to its browser session (8 bytes) and its step (4 bytes), and one over all
/// of that (16 bytes) that says this service issued it. The separate tags let a refusal say why (another session,
/// another step) instead of only "unknown". The HMAC key is shared by every node through the state table, sealed with
/// the data-protection keys like the other secrets there (docs/architecture.md, server-side state).
/// </remarks>
public sealed class SealedChallengeStore(IStateStore state, IDataProtectionProvider protection, TimeProvider time) : IChallengeStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a spent challenge's row outlives the challenge: after expiry a replay is refused as expired anyway, and
    /// the margin covers nodes whose clocks differ a little (one sweeping a row another still needs).
    /// </summary>
    public static readonly TimeSpan SpentMargin = TimeSpan.FromMinutes(1);

    /// <summary>Where the HMAC key lives in the state table (never expires, never swept).</summary>
    public const string KeyOwner = "challenges";

    private const string KeyName = "hmac-v1";
    private const byte Version = 1;
    private const int RandomBytes = 16, SessionTagBytes = 8, StepTagBytes = 4, IssuedTagBytes = 16;
    private const int BodyBytes = 1 + 8 + RandomBytes;
    private const int TotalBytes = BodyBytes + SessionTagBytes + StepTagBytes + IssuedTagBytes;
    private static readonly byte[] NoValue = [0];

    private byte[]? _key;

    public IssuedChallenge Issue(string sessionId, string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(step);
        var expiresAt = time.GetUtcNow() + Lifetime;
        var bytes = new byte[TotalBytes];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1, 8), expiresAt.ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(bytes.AsSpan(9, RandomBytes));
        var key = Key;
        Tag(key, "session", bytes.AsSpan(0, BodyBytes), sessionId, bytes.AsSpan(BodyBytes, SessionTagBytes));
        Tag(key, "step", bytes.AsSpan(0, BodyBytes), step, bytes.AsSpan(BodyBytes + SessionTagBytes, StepTagBytes));
        Tag(key, "issued", bytes.AsSpan(0, TotalBytes - IssuedTagBytes), "", bytes.AsSpan(TotalBytes - IssuedTagBytes));
        return new IssuedChallenge(Base64Url.EncodeToString(bytes), DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.ToUnixTimeMilliseconds()));
    }

    public ChallengeTake Take(string challenge, string sessionId, string step)
    {
        var bytes = new byte[TotalBytes];
        if (string.IsNullOrEmpty(challenge) || challenge.Length > 96 || !Base64Url.IsValid(challenge, out var length) || length != TotalBytes
            || Base64Url.DecodeFromChars(challenge, bytes) != TotalBytes || bytes[0] != Version
            || !TagMatches(Key, "issued", bytes.AsSpan(0, TotalBytes - IssuedTagBytes), "", bytes.AsSpan(TotalBytes - IssuedTagBytes)))
            return ChallengeTake.Fail(CardCheck.ChallengeUnknown, "no such challenge was issued");
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8)));
        var body = bytes.AsSpan(0, BodyBytes);
        // Session and step are checked before spending, so a stolen challenge cannot burn the owner's; a spent one says
        // so to anyone (a replay from the same browser comes with its rotated session id).
        if (!TagMatches(Key, "session", body, sessionId, bytes.AsSpan(BodyBytes, SessionTagBytes)))
            return Spent(challenge) ?? ChallengeTake.Fail(CardCheck.ChallengeWrongSession, "the challenge belongs to another session");
        if (!TagMatches(Key, "step", body, step, bytes.AsSpan(BodyBytes + SessionTagBytes, StepTagBytes)))
            return Spent(challenge) ?? ChallengeTake.Fail(CardCheck.ChallengeWrongStep, "the challenge was issued for another step");
        if (time.GetUtcNow() > expiresAt)
            return Spent(challenge) ?? ChallengeTake.Fail(CardCheck.ChallengeExpired, $"the challenge expired at {expiresAt:u}");
        return state.TryAdd(StateKinds.Challenge, "", challenge, NoValue, expiresAt + SpentMargin)
            ? ChallengeTake.Ok
            : ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");
    }

    private ChallengeTake? Spent(string challenge) =>
        state.Find(StateKinds.Challenge, "", challenge) is null ? null : ChallengeTake.Fail(CardCheck.ChallengeUsed, "the challenge was already used");

    /// <summary>The HMAC key every node shares: made once by whichever node needs it first, then read and kept.</summary>
    private byte[] Key => Volatile.Read(ref _key) ?? LoadKey();

    private byte[] LoadKey()
    {
        var protector = protection.CreateProtector("evs-card-challenge-key");
        while (true)
        {
            if (state.Find(StateKinds.ChallengeKey, KeyOwner, KeyName) is { } row)
            {
                try
                {
                    return Volatile.Read(ref _key) ?? Interlocked.CompareExchange(ref _key, protector.Unprotect(row.Value), null) ?? _key!;
                }
                catch (CryptographicException)
                {
                    // Sealed under a key ring this deployment no longer has: a new key only voids challenges issued in the last minutes.
                    state.Remove(StateKinds.ChallengeKey, KeyOwner, KeyName);
                }
            }
            // Of two nodes making the key at once, the first insert wins and both read it back.
            state.TryAdd(StateKinds.ChallengeKey, KeyOwner, KeyName, protector.Protect(RandomNumberGenerator.GetBytes(32)), DateTimeOffset.MaxValue);
        }
    }

    private static void Tag(byte[] key, string purpose, ReadOnlySpan<byte> data, string bound, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Input(purpose, data, bound), mac);
        mac[..tag.Length].CopyTo(tag);
    }

    private static bool TagMatches(byte[] key, string purpose, ReadOnlySpan<byte> data, string bound, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[tag.Length];
        Tag(key, purpose, data, bound, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    /// <summary>purpose, 0, data, bound value (UTF-8): the purpose keeps one tag from standing in for another.</summary>
    private static byte[] Input(string purpose, ReadOnlySpan<byte> data, string bound)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(purpose) + 1 + data.Length + Encoding.UTF8.GetByteCount(bound)];
        var at = Encoding.UTF8.GetBytes(purpose, input);
        input[at++] = 0;
        data.CopyTo(input.AsSpan(at));
        Encoding.UTF8.GetBytes(bound, input.AsSpan(at + data.Length));
        return input;
    }
}
