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

    /// <summary>Length of the bytes one <c>$all</c> link hashes: tag, previous link, position, event hash.</summary>
    public const int AllLinkInputLength = 9 + HashLength + 8 + HashLength;

    /// <summary>
    /// One link of the chain over <c>$all</c>: <c>SHA-256("evs-all/1" ‖ previous ‖ position ‖ eventHash)</c>, the previous
    /// link being that of position − 1 (32 zero bytes before position 1). Each event's own hash already covers its stream,
    /// revision and contents, so this chain binds every event to its global position: a removed, inserted or reordered
    /// event anywhere in the store changes every later link.
    /// </summary>
    public static byte[] AllLink(ReadOnlySpan<byte> previousAllHash, long position, ReadOnlySpan<byte> eventHash)
    {
        var result = new byte[HashLength];
        AllLink(previousAllHash, position, eventHash, result);
        return result;
    }

    /// <summary><see cref="AllLink(ReadOnlySpan{byte}, long, ReadOnlySpan{byte})"/> into a caller's buffer (no allocation).</summary>
    public static void AllLink(ReadOnlySpan<byte> previousAllHash, long position, ReadOnlySpan<byte> eventHash, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[AllLinkInputLength];
        WriteAllLinkInput(input, previousAllHash, position, eventHash);
        SHA256.HashData(input, destination);
    }

    /// <summary>Lays out the bytes of one <c>$all</c> link; hashes of another length (edited rows) are cut or zero-padded to 32 bytes.</summary>
    public static void WriteAllLinkInput(Span<byte> input, ReadOnlySpan<byte> previousAllHash, long position, ReadOnlySpan<byte> eventHash)
    {
        "evs-all/1"u8.CopyTo(input);
        input.Slice(9, 2 * HashLength + 8).Clear();
        previousAllHash[..Math.Min(previousAllHash.Length, HashLength)].CopyTo(input[9..]);
        BinaryPrimitives.WriteInt64BigEndian(input[(9 + HashLength)..], position);
        eventHash[..Math.Min(eventHash.Length, HashLength)].CopyTo(input[(17 + HashLength)..]);
    }

    /// <summary>Computes the hash of one event given the previous link.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previousHash, string streamId, long revision, Guid eventId, string type,
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> metadata, long createdUnixMicroseconds)
    {
        if (previousHash.Length != HashLength)
            throw new ArgumentException("a previous hash is 32 bytes", nameof(previousHash));

        // The canonical bytes are laid out once in a pooled buffer and hashed in one call.
        var length = DomainTag.Length + HashLength + 4 + Encoding.UTF8.GetByteCount(streamId) + 8 + 16
            + 4 + Encoding.UTF8.GetByteCount(type) + 4 + data.Length + 4 + metadata.Length + 8;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var span = buffer.AsSpan(0, length);
            var at = 0;
            DomainTag.CopyTo(span);
            at += DomainTag.Length;
            previousHash.CopyTo(span[at..]);
            at += HashLength;
            at += WriteString(span[at..], streamId);
            BinaryPrimitives.WriteInt64BigEndian(span[at..], revision);
            at += 8;
            eventId.TryWriteBytes(span[at..], bigEndian: true, out _);
            at += 16;
            at += WriteString(span[at..], type);
            at += WriteBytes(span[at..], data);
            at += WriteBytes(span[at..], metadata);
            BinaryPrimitives.WriteInt64BigEndian(span[at..], createdUnixMicroseconds);
            return SHA256.HashData(span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)written);
        return 4 + written;
    }

    private static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)bytes.Length);
        bytes.CopyTo(destination[4..]);
        return 4 + bytes.Length;
    }
}

/// <summary>The result of verifying a stream's hash chain: intact, or the first event whose link is broken and why.</summary>
public sealed record HashChainVerification(bool IsIntact, int VerifiedCount, RecordedEvent? FirstBroken, string? Reason)
{
    public static HashChainVerification Intact(int count) => new(true, count, null, null);

    public static HashChainVerification Broken(RecordedEvent at, int verifiedBefore, string reason) => new(false, verifiedBefore, at, reason);
}
