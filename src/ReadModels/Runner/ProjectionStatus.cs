namespace ReadModels.Runner;

/// <summary>Where one projection stands: the store's head, its live checkpoint and lag, its speed, and any rebuild under way.</summary>
public sealed record ProjectionStatus(
    string Name,
    int Version,
    long Head,
    long Checkpoint,
    double EventsPerSecond,
    RebuildStatus? Rebuild,
    string? LastError)
{
    /// <summary>How many positions the live tables are behind the store (head − checkpoint).</summary>
    public long Lag => Math.Max(0, Head - Checkpoint);
}

/// <summary>A rebuild into shadow tables: the version being built, its checkpoint and how far it is (0–1).</summary>
public sealed record RebuildStatus(int Version, long Checkpoint, double Progress);

/// <summary>Tuning of the runner.</summary>
public sealed record ProjectionRunnerOptions
{
    /// <summary>Most events applied in one transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Wait before retrying after a projection threw (a bug or a broken database).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
