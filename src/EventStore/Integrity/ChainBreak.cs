namespace EventStore.Integrity;

/// <summary>What kind of damage a verification found at one place in the store.</summary>
public enum ChainBreakKind
{
    /// <summary>The stored hash is not the hash of the event's stored contents: its type, data, metadata, id, revision or time was changed.</summary>
    ContentAltered,

    /// <summary>The event's previous hash is not the stored hash of the event before it in its stream (or not the genesis link at revision 0).</summary>
    LinkBroken,

    /// <summary>The event's revision skips ahead: the events in between are gone.</summary>
    RevisionMissing,

    /// <summary>The event's revision is not after the one before it in position order: events were reordered or repeated.</summary>
    RevisionOutOfOrder,

    /// <summary>Global positions have a hole: stored rows were deleted.</summary>
    PositionMissing,

    /// <summary>The stream's own record (last revision, last hash) disagrees with its last stored event: events were removed from its end, or the record was edited.</summary>
    StreamHeadMismatch,

    /// <summary>An event names a stream the store has no record of.</summary>
    UnknownStream,

    /// <summary>The event's stored <c>$all</c> link does not follow from the link before it and the event's hash: links were edited, or events moved.</summary>
    AllLinkBroken,

    /// <summary>The history recomputed from the stored events differs from a signed checkpoint: events were changed, removed, inserted or re-hashed after it was signed.</summary>
    CheckpointMismatch,

    /// <summary>A signed checkpoint vouches for events the store no longer has: its end was cut off, or an older backup was restored.</summary>
    BehindCheckpoint,

    /// <summary>A checkpoint cannot be relied on: unreadable, its signature does not verify, another store's, missing from the chain of checkpoints, or witnesses disagree.</summary>
    CheckpointInvalid,
}

/// <summary>
/// One place where the stored history is not what was written: the stream, revision and global position concerned
/// (null where the row itself is gone), the kind of damage, and what differs (expected against found).
/// </summary>
public sealed record ChainBreak(
    ChainBreakKind Kind,
    string? StreamId,
    long? Revision,
    long? Position,
    string Expected,
    string Found)
{
    /// <summary>One line for logs and the command line, e.g. <c>registration-12345 rev 3 @ 17: ContentAltered (expected …, found …)</c>.</summary>
    public override string ToString()
    {
        var where = StreamId is null ? $"position {Position}" : $"{StreamId} rev {Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} @ {Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
        return $"{where}: {Kind} (expected {Expected}; found {Found})";
    }

    /// <summary>Orders breaks as they occur in the store: by position, rows that are gone (no position) last.</summary>
    internal static int CompareByPlace(ChainBreak a, ChainBreak b) =>
        (a.Position ?? long.MaxValue).CompareTo(b.Position ?? long.MaxValue) is var byPosition && byPosition != 0
            ? byPosition
            : string.CompareOrdinal(a.StreamId, b.StreamId);
}
