using System.Security.Cryptography;

namespace EventStore.Integrity;

/// <summary>
/// A run of stored events copied out of the cursor: each one's canonical bytes (<see cref="CanonicalLayout"/>) in one
/// arena, its place (position, stream, revision) and its stored links, then the hashes recomputed over the arena.
/// Verification fills one batch while another is hashed on the second core; both are reused for the whole walk.
/// </summary>
internal sealed class HashBatch
{
    public const int Capacity = 2048;

    /// <summary>Stored hash columns are kept up to this many bytes: an edited hash of another length still shows as different.</summary>
    private const int MaxHashBytes = 64;

    private readonly long[] _positions = new long[Capacity];
    private readonly long[] _streamKeys = new long[Capacity];
    private readonly long[] _revisions = new long[Capacity];
    private readonly int[] _offsets = new int[Capacity + 1];
    private readonly byte[] _storedLinks = new byte[Capacity * MaxHashBytes * 3];
    private readonly int[] _previousHashLengths = new int[Capacity];
    private readonly int[] _hashLengths = new int[Capacity];
    private readonly int[] _allHashLengths = new int[Capacity];
    private readonly byte[] _computed = new byte[Capacity * HashChain.HashLength];
    private readonly byte[] _computedAll = new byte[Capacity * HashChain.HashLength];
    private byte[] _arena = new byte[4 << 20];

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    public void Clear() => Count = 0;

    /// <summary>Copies the cursor's current row in; false (and nothing copied) when the arena has no room for it and the batch is not empty.</summary>
    public bool TryAdd(EventCursor row, ReadOnlySpan<byte> streamIdUtf8)
    {
        var previousHash = row.PreviousHash;
        var hash = row.Hash;
        var allHash = row.AllHash;
        var typeUtf8 = row.TypeUtf8;
        var data = row.Data;
        var metadata = row.Metadata;
        var start = _offsets[Count];
        var length = CanonicalLayout.Length(previousHash.Length, streamIdUtf8.Length, typeUtf8.Length, data.Length, metadata.Length);
        if (start + length > _arena.Length)
        {
            if (Count > 0)
                return false;
            _arena = new byte[Math.Max(length, _arena.Length)];
        }

        CanonicalLayout.Write(_arena.AsSpan(start), previousHash, streamIdUtf8, row.Revision, row.EventId, typeUtf8, data, metadata, row.CreatedMicroseconds);
        _offsets[Count + 1] = start + length;
        _positions[Count] = row.Position;
        _streamKeys[Count] = row.StreamKey;
        _revisions[Count] = row.Revision;
        _previousHashLengths[Count] = Copy(previousHash, StoredPreviousHash(Count));
        _hashLengths[Count] = Copy(hash, StoredHash(Count));
        _allHashLengths[Count] = Copy(allHash, StoredAllHash(Count));
        Count++;
        return true;
    }

    /// <summary>
    /// Recomputes every event's hash with one reused SHA-256 context and, given <paramref name="allChain"/> (whole-store
    /// walks, batches hashed in position order), the <c>$all</c> chain over those recomputed hashes, carried from batch to
    /// batch: what the links would be had nothing been changed since they were written.
    /// </summary>
    public void ComputeHashes(IncrementalHash sha256, byte[]? allChain)
    {
        Span<byte> link = stackalloc byte[HashChain.AllLinkInputLength];
        for (var i = 0; i < Count; i++)
        {
            var computed = _computed.AsSpan(i * HashChain.HashLength, HashChain.HashLength);
            sha256.AppendData(_arena, _offsets[i], _offsets[i + 1] - _offsets[i]);
            sha256.GetHashAndReset(computed);
            if (allChain is null)
                continue;
            HashChain.WriteAllLinkInput(link, allChain, _positions[i], computed);
            sha256.AppendData(link);
            sha256.GetHashAndReset(allChain);
            allChain.CopyTo(_computedAll.AsSpan(i * HashChain.HashLength, HashChain.HashLength));
        }
    }

    public long Position(int i) => _positions[i];

    public long StreamKey(int i) => _streamKeys[i];

    public long Revision(int i) => _revisions[i];

    public ReadOnlySpan<byte> PreviousHash(int i) => StoredPreviousHash(i)[.._previousHashLengths[i]];

    public ReadOnlySpan<byte> Hash(int i) => StoredHash(i)[.._hashLengths[i]];

    public ReadOnlySpan<byte> AllHash(int i) => StoredAllHash(i)[.._allHashLengths[i]];

    /// <summary>The <c>$all</c> link recomputed from the stored contents (after <see cref="ComputeHashes"/> with a chain).</summary>
    public ReadOnlySpan<byte> ComputedAll(int i) => _computedAll.AsSpan(i * HashChain.HashLength, HashChain.HashLength);

    /// <summary>The hash of the event's stored contents (after <see cref="ComputeHashes"/>).</summary>
    public ReadOnlySpan<byte> Computed(int i) => _computed.AsSpan(i * HashChain.HashLength, HashChain.HashLength);

    private Span<byte> StoredPreviousHash(int i) => _storedLinks.AsSpan(i * MaxHashBytes * 3, MaxHashBytes);

    private Span<byte> StoredHash(int i) => _storedLinks.AsSpan((i * MaxHashBytes * 3) + MaxHashBytes, MaxHashBytes);

    private Span<byte> StoredAllHash(int i) => _storedLinks.AsSpan((i * MaxHashBytes * 3) + (2 * MaxHashBytes), MaxHashBytes);

    private static int Copy(ReadOnlySpan<byte> stored, Span<byte> destination)
    {
        var length = Math.Min(stored.Length, destination.Length);
        stored[..length].CopyTo(destination);
        return length;
    }
}
