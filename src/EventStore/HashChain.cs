using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventStore;

/// <summary>
/// The per-stream SHA-256 hash chain: each event's hash covers the previous event's hash and this event's
/// canonical bytes, so editing, removing or reordering any stored event breaks every later link.
/// The exact byte layout is in docs/event-store.md; auditors re-verify it with <see cref="Verify"/>.
/// </summary>
public static class HashChain
{
    public const int HashLength = 32;

    /// <summary>The previous hash of a stream's first event (revision 0): 32 zero bytes.</summary>
    public static ReadOnlyMemory<byte> Genesis { get; } = new byte[HashLength];

    private static readonly byte[] DomainTag = "evs-chain/1"u8.ToArray();

    /// <summary>Computes the hash of one event given the previous link.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previousHash, string streamId, long revision, Guid eventId, string type,
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> metadata, long createdUnixMicroseconds)
    {
        if (previousHash.Length != HashLength)
            throw new ArgumentException("a previous hash is 32 bytes", nameof(previousHash));

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> scratch = stackalloc byte[16];
        sha.AppendData(DomainTag);
        sha.AppendData(previousHash);
        AppendString(sha, streamId, scratch);
        BinaryPrimitives.WriteInt64BigEndian(scratch, revision);
        sha.AppendData(scratch[..8]);
        eventId.TryWriteBytes(scratch, bigEndian: true, out _);
        sha.AppendData(scratch[..16]);
        AppendString(sha, type, scratch);
        AppendBytes(sha, data, scratch);
        AppendBytes(sha, metadata, scratch);
        BinaryPrimitives.WriteInt64BigEndian(scratch, createdUnixMicroseconds);
        sha.AppendData(scratch[..8]);
        return sha.GetHashAndReset();
    }

    /// <summary>Recomputes the hash of a stored event from its fields and the previous hash it records.</summary>
    public static byte[] Compute(RecordedEvent recorded) => Link(recorded.PreviousHash.Span, recorded.StreamId, recorded.Revision.Value,
        recorded.EventId, recorded.Type, recorded.Data.Span, recorded.Metadata.Span, ToUnixMicroseconds(recorded.Created));

    /// <summary>
    /// Verifies the events of one stream, given in revision order and without gaps from <paramref name="expectedPrevious"/>
    /// (the genesis link when the first event is revision 0). Returns the first broken link, if any.
    /// </summary>
    public static HashChainVerification Verify(IEnumerable<RecordedEvent> streamEvents, ReadOnlyMemory<byte>? expectedPrevious = null)
    {
        ArgumentNullException.ThrowIfNull(streamEvents);
        ReadOnlyMemory<byte>? previous = expectedPrevious;
        long? previousRevision = null;
        var count = 0;
        foreach (var e in streamEvents)
        {
            if (previousRevision is { } pr && e.Revision.Value != pr + 1)
                return HashChainVerification.Broken(e, count, $"revision {e.Revision} follows {pr}: an event is missing or out of order");
            if (previousRevision is null && previous is null && e.Revision.Value == 0)
                previous = Genesis;
            if (previous is { } p && !p.Span.SequenceEqual(e.PreviousHash.Span))
                return HashChainVerification.Broken(e, count, "its previous hash does not match the hash of the event before it");
            if (!Compute(e).AsSpan().SequenceEqual(e.Hash.Span))
                return HashChainVerification.Broken(e, count, "its hash does not match its contents");
            previous = e.Hash;
            previousRevision = e.Revision.Value;
            count++;
        }

        return HashChainVerification.Intact(count);
    }

    /// <summary>Stored times are whole microseconds since the Unix epoch, UTC; this is the value hashed.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    private static void AppendString(IncrementalHash sha, string value, Span<byte> scratch)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, buffer);
            AppendBytes(sha, buffer.AsSpan(0, written), scratch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AppendBytes(IncrementalHash sha, ReadOnlySpan<byte> bytes, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt32BigEndian(scratch, (uint)bytes.Length);
        sha.AppendData(scratch[..4]);
        sha.AppendData(bytes);
    }
}

/// <summary>The result of verifying a stream's hash chain: intact, or the first event whose link is broken and why.</summary>
public sealed record HashChainVerification(bool IsIntact, int VerifiedCount, RecordedEvent? FirstBroken, string? Reason)
{
    public static HashChainVerification Intact(int count) => new(true, count, null, null);

    public static HashChainVerification Broken(RecordedEvent at, int verifiedBefore, string reason) => new(false, verifiedBefore, at, reason);
}
