using System.Buffers.Binary;

namespace EventStore.Integrity;

/// <summary>
/// The bytes an event's hash covers, laid out straight from docs/event-store.md ("The hash chain") rather than through
/// the writer's code, so a drift between what is written and what is documented shows up as breaks. Works on the
/// UTF-8 spans read from the database.
/// </summary>
internal static class CanonicalLayout
{
    private static ReadOnlySpan<byte> DomainTag => "evs-chain/1"u8;

    public static int Length(int previousHash, int streamId, int type, int data, int metadata) =>
        DomainTag.Length + previousHash + 4 + streamId + 8 + 16 + 4 + type + 4 + data + 4 + metadata + 8;

    /// <summary>Writes the event's canonical bytes at the start of <paramref name="destination"/> and returns how many.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> streamIdUtf8, long revision, Guid eventId,
        ReadOnlySpan<byte> typeUtf8, ReadOnlySpan<byte> data, ReadOnlySpan<byte> metadata, long createdUnixMicroseconds)
    {
        var at = Put(destination, DomainTag);
        at += Put(destination[at..], previousHash);
        at += PutWithLength(destination[at..], streamIdUtf8);
        BinaryPrimitives.WriteInt64BigEndian(destination[at..], revision);
        at += 8;
        eventId.TryWriteBytes(destination[at..], bigEndian: true, out _);
        at += 16;
        at += PutWithLength(destination[at..], typeUtf8);
        at += PutWithLength(destination[at..], data);
        at += PutWithLength(destination[at..], metadata);
        BinaryPrimitives.WriteInt64BigEndian(destination[at..], createdUnixMicroseconds);
        return at + 8;
    }

    private static int Put(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private static int PutWithLength(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)bytes.Length);
        bytes.CopyTo(destination[4..]);
        return 4 + bytes.Length;
    }
}
