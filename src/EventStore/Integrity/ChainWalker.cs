using System.Globalization;

namespace EventStore.Integrity;

/// <summary>
/// Checks stored events in position order against their streams' hash chains (docs/event-store.md, "The hash
/// chain"): revisions consecutive and in position order, each previous hash equal to the stored hash before it,
/// each hash equal to the hash of the stored contents, each stream record equal to its last event, and (for the
/// whole store) positions without holes, each stored <c>$all</c> link following from the one before, and the chain
/// recomputed from the stored contents equal to every signed checkpoint (<paramref name="checkpoints"/>, by position).
/// After a break it carries on from what is stored, so one edit is one break.
/// </summary>
internal sealed class ChainWalker(IReadOnlyDictionary<long, StreamRecord> streams, bool wholeStore, IReadOnlyList<Checkpoints.SignedCheckpoint> checkpoints)
{
    private readonly Dictionary<long, Track> _tracks = [];
    private readonly byte[] _lastStoredAll = new byte[64];
    private int _lastStoredAllLength = HashChain.HashLength;
    private int _nextCheckpoint;
    private Checkpoints.SignedCheckpoint? _lastMatched;
    private readonly List<Checkpoints.SignedCheckpoint> _matched = [];
    private bool _checkpointBroken;
    private readonly List<ChainBreak> _breaks = [];
    private readonly Dictionary<(long Stream, long Revision), int> _missingRevisions = [];
    private long _lastPosition;

    public long EventsVisited { get; private set; }

    /// <summary>False for a store written before the <c>$all</c> chain: its links are recomputed (for checkpoints) but none are stored to check.</summary>
    public bool CheckStoredAllLinks { get; init; } = true;

    public int BreaksFound => _breaks.Count;

    /// <summary>Checks the <paramref name="i"/>-th event of a hashed batch.</summary>
    public void Visit(HashBatch batch, int i)
    {
        var row = new Row(batch, i);
        EventsVisited++;
        var gap = wholeStore && row.Position != _lastPosition + 1;
        if (gap)
            AddPositionGap(_lastPosition + 1, row.Position - 1, $"next stored position {row.Position}");
        _lastPosition = row.Position;
        var breaksBefore = _breaks.Count;

        var track = TrackOf(row);
        var expectedRevision = track.SeenRevision + 1;
        var sequenceBroken = false;
        if (row.Revision > expectedRevision)
        {
            sequenceBroken = true;
            _missingRevisions.TryAdd((row.StreamKey, expectedRevision), _breaks.Count);
            _breaks.Add(Break(ChainBreakKind.RevisionMissing, track, row, $"revision {expectedRevision}", $"revision {row.Revision}"));
        }
        else if (row.Revision < expectedRevision)
        {
            sequenceBroken = true;
            _breaks.Add(Break(ChainBreakKind.RevisionOutOfOrder, track, row, $"revision {expectedRevision}", $"revision {row.Revision}"));
            // The revision thought missing turned up later in position order: it was moved, not removed.
            if (_missingRevisions.Remove((row.StreamKey, row.Revision), out var earlier))
                _breaks[earlier] = _breaks[earlier] with { Kind = ChainBreakKind.RevisionOutOfOrder };
        }

        // A sequence break already says the link is wrong; the link is checked only where the sequence holds.
        if (!sequenceBroken)
        {
            var expectedPrevious = track.SeenRevision < 0 ? HashChain.Genesis.Span : track.SeenHash;
            if (!row.PreviousHash.SequenceEqual(expectedPrevious))
                _breaks.Add(Break(ChainBreakKind.LinkBroken, track, row, $"previous hash {Hex(expectedPrevious)}", $"previous hash {Hex(row.PreviousHash)}"));
        }

        if (!row.Hash.SequenceEqual(row.Computed))
            _breaks.Add(Break(ChainBreakKind.ContentAltered, track, row, $"hash {Hex(row.Hash)} (as stored)", $"hash of the stored contents {Hex(row.Computed)}"));

        if (wholeStore)
            VisitAll(batch, i, row, track, quiet: gap || _breaks.Count > breaksBefore);

        if (row.Revision > track.SeenRevision)
        {
            track.SeenRevision = row.Revision;
            track.SeenHashLength = row.Hash.Length;
            row.Hash.CopyTo(track.SeenHashBuffer);
            track.LastPosition = row.Position;
        }
    }

    /// <summary>
    /// The <c>$all</c> chain at this event. The stored link normally equals the one recomputed from the stored contents;
    /// when it does not, and nothing else about this event is already reported (<paramref name="quiet"/>), it is checked
    /// against the stored link before it, so a link edited or moved on its own is named. Then the signed checkpoints at
    /// this position are compared with the recomputed chain.
    /// </summary>
    private void VisitAll(HashBatch batch, int i, Row row, Track track, bool quiet)
    {
        var stored = batch.AllHash(i);
        if (CheckStoredAllLinks && !quiet && !stored.SequenceEqual(row.ComputedAll))
        {
            Span<byte> expected = stackalloc byte[HashChain.HashLength];
            HashChain.AllLink(_lastStoredAll.AsSpan(0, _lastStoredAllLength), row.Position, row.Hash, expected);
            if (!stored.SequenceEqual(expected))
                _breaks.Add(Break(ChainBreakKind.AllLinkBroken, track, row, $"$all link {Hex(expected)}", $"$all link {Hex(stored)} (as stored)"));
        }

        stored.CopyTo(_lastStoredAll);
        _lastStoredAllLength = stored.Length;

        while (_nextCheckpoint < checkpoints.Count && checkpoints[_nextCheckpoint].Body.Position <= row.Position)
        {
            var checkpoint = checkpoints[_nextCheckpoint++];
            var body = checkpoint.Body;
            if (body.Position == row.Position && body.EventCount == EventsVisited && row.ComputedAll.SequenceEqual(body.AllHash))
            {
                if (!_checkpointBroken)
                {
                    _lastMatched = checkpoint;
                    _matched.Add(checkpoint);
                }

                continue;
            }

            var found = body.Position == row.Position
                ? $"$all link {Hex(row.ComputedAll)} over {EventsVisited} events, recomputed from the stored events"
                : $"no stored event at position {body.Position}";
            AddCheckpointBreak(ChainBreakKind.CheckpointMismatch, checkpoint, $"$all link {Hex(body.AllHash)} over {body.EventCount} events at position {body.Position}", found);
        }
    }

    /// <summary>
    /// The first checkpoint the store contradicts is reported (every later one follows from it), at the first position
    /// that may be affected: the one after the last checkpoint the store still matches.
    /// </summary>
    private void AddCheckpointBreak(ChainBreakKind kind, Checkpoints.SignedCheckpoint checkpoint, string expected, string found)
    {
        if (_checkpointBroken)
            return;
        _checkpointBroken = true;
        var from = (_lastMatched?.Body.Position ?? 0) + 1;
        var matched = _lastMatched is { } m ? $"the store still matches checkpoint #{m.Body.Sequence} at position {m.Body.Position}" : "no earlier checkpoint vouches for any position";
        _breaks.Add(new ChainBreak(kind, null, null, from,
            $"{expected}, signed in checkpoint #{checkpoint.Body.Sequence} of {checkpoint.Body.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by key {checkpoint.KeyId}",
            $"{found}; {matched}, so the history was changed at a position from {from} to {checkpoint.Body.Position}"));
    }

    /// <summary>The checkpoints the stored history matches, in position order, up to the first one it contradicts.</summary>
    public IReadOnlyList<Checkpoints.SignedCheckpoint> MatchedCheckpoints => _matched;

    /// <summary>Closes the walk: compares each stream record with its last stored event, and the store's head counter with the last position.</summary>
    public List<ChainBreak> Finish(long? recordedHead)
    {
        foreach (var record in streams.Values)
        {
            var track = _tracks.GetValueOrDefault(record.Key);
            var seenRevision = track?.SeenRevision ?? -1;
            ReadOnlySpan<byte> seenHash = track is null ? default : track.SeenHash;
            var recordHash = record.LastHash ?? [];
            if (record.LastRevision != seenRevision || !recordHash.AsSpan().SequenceEqual(seenHash))
            {
                _breaks.Add(new ChainBreak(ChainBreakKind.StreamHeadMismatch, record.Name, record.LastRevision, null,
                    $"last event revision {record.LastRevision}, hash {Hex(recordHash)} (the stream's record)",
                    seenRevision < 0 ? "no stored event" : $"last stored event revision {seenRevision} at position {track!.LastPosition}, hash {Hex(seenHash)}"));
            }
        }

        if (wholeStore && recordedHead is { } head && head > _lastPosition)
            AddPositionGap(_lastPosition + 1, head, $"last stored position {_lastPosition}");
        while (wholeStore && _nextCheckpoint < checkpoints.Count)
        {
            var behind = checkpoints[_nextCheckpoint++];
            AddCheckpointBreak(ChainBreakKind.BehindCheckpoint, behind, $"events up to position {behind.Body.Position} ({behind.Body.EventCount} events)",
                _lastPosition == 0 ? "an empty store" : $"the store ends at position {_lastPosition} ({EventsVisited} events)");
        }

        _breaks.Sort(ChainBreak.CompareByPlace);
        return _breaks;
    }

    private void AddPositionGap(long from, long to, string found) =>
        _breaks.Add(new ChainBreak(ChainBreakKind.PositionMissing, null, null, from,
            from == to ? $"position {from}" : $"positions {from}–{to}", found));

    /// <summary>The UTF-8 name an event's hash covers: its stream record's name (a made-up one when the record is missing).</summary>
    public ReadOnlySpan<byte> StreamNameOf(long streamKey) =>
        streams.TryGetValue(streamKey, out var record) ? record.NameUtf8 : System.Text.Encoding.UTF8.GetBytes(UnknownName(streamKey));

    private static string UnknownName(long streamKey) => $"#{streamKey.ToString(CultureInfo.InvariantCulture)}";

    private Track TrackOf(Row row)
    {
        if (_tracks.TryGetValue(row.StreamKey, out var track))
            return track;
        if (streams.TryGetValue(row.StreamKey, out var record))
        {
            track = new Track(record.Name);
        }
        else
        {
            var name = UnknownName(row.StreamKey);
            track = new Track(name);
            _breaks.Add(new ChainBreak(ChainBreakKind.UnknownStream, name, row.Revision, row.Position, $"a stream record with key {row.StreamKey}", "none"));
        }

        _tracks[row.StreamKey] = track;
        return track;
    }

    private static ChainBreak Break(ChainBreakKind kind, Track track, Row row, string expected, string found) =>
        new(kind, track.Name, row.Revision, row.Position, expected, found);

    internal static string Hex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "(none)" : Convert.ToHexStringLower(bytes);

    /// <summary>One event of a batch, as the checks read it.</summary>
    private readonly ref struct Row(HashBatch batch, int i)
    {
        public long Position => batch.Position(i);

        public long StreamKey => batch.StreamKey(i);

        public long Revision => batch.Revision(i);

        public ReadOnlySpan<byte> PreviousHash => batch.PreviousHash(i);

        public ReadOnlySpan<byte> Hash => batch.Hash(i);

        public ReadOnlySpan<byte> Computed => batch.Computed(i);

        public ReadOnlySpan<byte> ComputedAll => batch.ComputedAll(i);
    }

    /// <summary>What the walk has seen of one stream so far: its highest revision and that event's stored hash.</summary>
    private sealed class Track(string name)
    {
        public string Name { get; } = name;

        public long SeenRevision { get; set; } = -1;

        public byte[] SeenHashBuffer { get; } = new byte[64];

        public int SeenHashLength { get; set; }

        public ReadOnlySpan<byte> SeenHash => SeenHashBuffer.AsSpan(0, SeenHashLength);

        public long LastPosition { get; set; }
    }
}
