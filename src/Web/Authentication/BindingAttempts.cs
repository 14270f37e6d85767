using System.Collections.Concurrent;
using Domain.Registration;
using Web.CardSteps;

namespace Web.Authentication;

/// <summary>
/// Caps the failed "whose card is this?" answers per certificate: after <see cref="MaxFailures"/> within
/// <see cref="Window"/> the card gets no more answers until the window has passed, so a card holder cannot probe the
/// personnel records by typing account after account or ID after ID. Verifying the card again (a new PIN, a new
/// browser) does not reset the count: it is kept per certificate, for the first sign-in and 我要更新憑證 alike.
/// </summary>
public sealed class BindingAttempts(TimeProvider time)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<CertificateKey, (int Failures, DateTimeOffset First)> _failures = new();

    public bool Exhausted(VerifiedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return _failures.TryGetValue(CertificateKey.Of(card.Facts), out var entry) && entry.Failures >= MaxFailures && time.GetUtcNow() - entry.First < Window;
    }

    /// <summary>Counts a failure; true when the certificate has now used up its attempts for the window.</summary>
    public bool Fail(VerifiedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _failures)
        {
            if (now - entry.First >= Window)
                _failures.TryRemove(key, out _);
        }

        return _failures.AddOrUpdate(CertificateKey.Of(card.Facts), _ => (1, now), (_, e) => (e.Failures + 1, e.First)).Failures >= MaxFailures;
    }
}
