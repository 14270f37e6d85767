namespace EventStore.Integrity;

/// <summary>
/// The result of verifying the hash chains of the whole store or of one stream: how much was checked, how long it
/// took, and every break found in store order (empty when the history is intact).
/// </summary>
/// <param name="Scope">The stream verified, or null for the whole store.</param>
/// <param name="Head">The last position the verification covered.</param>
public sealed record IntegrityReport(
    string? Scope,
    long EventsVerified,
    int StreamsVerified,
    long Head,
    IReadOnlyList<ChainBreak> Breaks,
    TimeSpan Elapsed)
{
    public bool IsIntact => Breaks.Count == 0;

    /// <summary>The earliest break in the store (by position), the one an auditor looks at first.</summary>
    public ChainBreak? FirstBreak => Breaks.Count == 0 ? null : Breaks[0];

    /// <summary>The hash of the stream's last stored event after a stream verification (hex), for an auditor to note down and compare later.</summary>
    public string? LastHash { get; init; }

    /// <summary>What the signed checkpoints prove (whole-store verifications with checkpoints configured), else null.</summary>
    public Checkpoints.CheckpointSummary? Checkpoints { get; init; }

    /// <summary>One line for people: what was proven, or the first break.</summary>
    public string Statement => IsIntact
        ? Checkpoints?.Statement(intact: true) ?? "intact: every hash chain verifies (no checkpoints were checked)"
        : $"BROKEN at {FirstBreak}";

    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? EventsVerified / Elapsed.TotalSeconds : 0;
}

/// <summary>How far a verification has come: events checked so far out of those stored, and breaks found so far.</summary>
public readonly record struct IntegrityProgress(long EventsVerified, long EventsTotal, int BreaksFound)
{
    /// <summary>0–1.</summary>
    public double Fraction => EventsTotal <= 0 ? 1 : Math.Min(1, (double)EventsVerified / EventsTotal);
}
