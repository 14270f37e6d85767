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
    /// <summary>Most events applied in one transaction (for every projection fed by one subscription together).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Wait before retrying after a projection threw (a bug or a broken database).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Projections whose checkpoints lie within this many positions of each other share one subscription to
    /// <c>$all</c> and one transaction per batch; one further behind catches up on its own, so it never holds the
    /// others back.
    /// </summary>
    public long ShareSubscriptionWithin { get; init; } = 10_000;

    /// <summary>
    /// A projection first met when the store already holds more events than this is built like a rebuild (rows first,
    /// indexes after) while its empty live tables answer queries, and swapped in when it has caught up.
    /// </summary>
    public long BuildAsRebuildAbove { get; init; } = 10_000;

    /// <summary>The page cache of each write connection to the read-model file, in MiB.</summary>
    public int CacheMegabytes { get; init; } = 256;

    /// <summary>
    /// Read models on PostgreSQL: how often a node renews its lease on the projections it feeds and tries to take
    /// those nobody holds (so a node whose leader died takes over within about this long).
    /// </summary>
    public TimeSpan LeaseRenewEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Read models on PostgreSQL: a leader that has not renewed its lease for this long is taken for hung; the next
    /// node to try its projections cuts its sessions off (their open batch rolls back) and takes over.
    /// </summary>
    public TimeSpan LeaseExpiresAfter { get; init; } = TimeSpan.FromSeconds(3);
}
