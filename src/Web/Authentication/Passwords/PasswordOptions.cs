using Domain.Accounts;

namespace Web.Authentication.Passwords;

/// <summary>
/// The <c>Authentication:Passwords</c> section: Argon2id cost and the lockout. Default cost 64 MiB, 2 passes,
/// 1 lane: above OWASP's minimums (19 MiB × 2, 46 MiB × 1) and about half a second on the 2-core reference
/// machine; docs/authentication.md has the figures measured there and why t=3 was not chosen.
/// </summary>
public sealed class PasswordOptions
{
    public const string Section = "Authentication:Passwords";

    /// <summary>Argon2 memory in KiB (65536 = 64 MiB).</summary>
    public int MemoryKiB { get; set; } = 65536;

    /// <summary>Argon2 passes over the memory (t).</summary>
    public int Iterations { get; set; } = 2;

    /// <summary>Argon2 lanes (p).</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>
    /// At most this many hashes at once; others wait. Each holds <see cref="MemoryKiB"/> for its duration, so a burst
    /// of sign-ins (or an attack) cannot take the machine's memory.
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = 2;

    /// <summary>
    /// At most this many more wait for a slot; a password post beyond that is answered at once with "busy, try again
    /// shortly". With the defaults a sign-in that is let in waits at most one hash (about half a second on the
    /// reference machine) before its own, instead of behind the minutes of queue a flood would build.
    /// </summary>
    public int MaxQueuedHashes { get; set; } = 2;

    /// <summary>Wrong passwords in a row that lock an account.</summary>
    public int MaxFailures { get; set; } = LockoutPolicy.Default.MaxFailures;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan CoolDown { get; set; } = LockoutPolicy.Default.CoolDown;

    public LockoutPolicy Lockout => new(MaxFailures, CoolDown);
}
