using EventStore.Integrity;

namespace EventStore.Checkpoints;

/// <summary>
/// Where a verification finds the signed checkpoints and whom it trusts for them: the witnesses to read, the public
/// keys whose signatures count, and the store name the checkpoints must carry.
/// </summary>
public sealed record CheckpointSource(IReadOnlyList<ICheckpointWitness> Witnesses, CheckpointKeys Keys, string Store);

/// <summary>The checkpoints as read from every witness: those that can be relied on, and what is wrong with the rest.</summary>
public sealed record CheckpointReview(int Read, IReadOnlyList<SignedCheckpoint> Trusted, IReadOnlyList<ChainBreak> Problems)
{
    /// <summary>
    /// Reads every witness and keeps each checkpoint whose signature verifies with a trusted key and that names this
    /// store. Reported: unreadable entries, bad signatures, witnesses holding different checkpoints under one number,
    /// numbers missing from the sequence, and links (<c>previous</c>) that do not match the checkpoint before.
    /// </summary>
    public static async Task<CheckpointReview> ReadAsync(CheckpointSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<ChainBreak>();
        var bySequence = new SortedDictionary<long, (SignedCheckpoint Checkpoint, string Where)>();
        var read = 0;
        foreach (var witness in source.Witnesses)
        {
            foreach (var entry in await witness.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (entry.Checkpoint is not { } checkpoint)
                {
                    problems.Add(Problem(null, "a readable checkpoint", $"{entry.Where}: {entry.Problem}"));
                    continue;
                }

                var sequence = checkpoint.Body.Sequence;
                if (source.Keys.Check(checkpoint) is { } bad)
                    problems.Add(Problem(checkpoint, "a signature by a trusted checkpoint key", $"{entry.Where}: {bad}"));
                else if (checkpoint.Body.Store != source.Store)
                    problems.Add(Problem(checkpoint, $"a checkpoint of store '{source.Store}'", $"{entry.Where}: a checkpoint of store '{checkpoint.Body.Store}'"));
                else if (bySequence.TryGetValue(sequence, out var kept))
                {
                    if (!kept.Checkpoint.Payload.AsSpan().SequenceEqual(checkpoint.Payload))
                        problems.Add(Problem(checkpoint, $"the checkpoint kept at {kept.Where}", $"{entry.Where} keeps another checkpoint under the same number"));
                }
                else
                {
                    bySequence[sequence] = (checkpoint, entry.Where);
                }
            }
        }

        SignedCheckpoint? previous = null;
        foreach (var (sequence, (checkpoint, where)) in bySequence)
        {
            var expectedSequence = (previous?.Body.Sequence ?? 0) + 1;
            if (sequence != expectedSequence)
                problems.Add(Problem(checkpoint, $"checkpoint #{expectedSequence}", $"the next checkpoint kept is #{sequence}: checkpoints #{expectedSequence}..#{sequence - 1} are missing from every witness"));
            else if (!checkpoint.Body.Previous.AsSpan().SequenceEqual(previous?.Digest ?? HashChain.Genesis.Span))
                problems.Add(Problem(checkpoint, $"previous {Convert.ToHexStringLower(previous?.Digest ?? HashChain.Genesis.ToArray())}", $"{where}: previous {Convert.ToHexStringLower(checkpoint.Body.Previous)}"));
            else if (previous is { } p && checkpoint.Body.Position < p.Body.Position)
                problems.Add(Problem(checkpoint, $"a position at or after {p.Body.Position}", $"{where}: position {checkpoint.Body.Position}"));
            previous = checkpoint;
        }

        var trusted = bySequence.Values.Select(v => v.Checkpoint).OrderBy(c => c.Body.Position).ThenBy(c => c.Body.Sequence).ToList();
        return new CheckpointReview(read, trusted, problems);
    }

    private static ChainBreak Problem(SignedCheckpoint? checkpoint, string expected, string found) =>
        new(ChainBreakKind.CheckpointInvalid, checkpoint is null ? null : $"checkpoint #{checkpoint.Body.Sequence}", null, checkpoint?.Body.Position, expected, found);
}

/// <summary>
/// What the checkpoints let a verification state. <see cref="Proven"/> is the latest checkpoint the stored history
/// matches with nothing broken up to its position: the store is then intact up to it, as its signer saw it;
/// <see cref="EventsAfter"/> later events are covered by no checkpoint yet.
/// </summary>
public sealed record CheckpointSummary(int Read, int Trusted, SignedCheckpoint? Latest, SignedCheckpoint? Proven, long EventsAfter)
{
    /// <summary>For the command line and logs: "intact up to checkpoint #k of &lt;time&gt;, signed by &lt;key id&gt;" and what follows it.</summary>
    public string Statement(bool intact)
    {
        if (Proven is not { } proven)
            return Trusted == 0 ? "no signed checkpoint was found: the chains prove only that the stored history is consistent with itself" : "no checkpoint is matched by the stored history";
        var head = $"{(intact ? "intact" : "matches")} up to checkpoint #{proven.Body.Sequence} of {proven.Body.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (position {proven.Body.Position}), signed by {proven.KeyId}";
        return EventsAfter == 0 ? head : $"{head}; {EventsAfter} later event(s) are not yet covered by a checkpoint";
    }
}
