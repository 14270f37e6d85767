namespace EventStore;

/// <summary>An event to append: its id (the idempotency key), stable type name, JSON data and JSON metadata.</summary>
public sealed record EventData(Guid EventId, string Type, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata)
{
    /// <summary>Metadata <c>{}</c>, for callers that have none.</summary>
    public static ReadOnlyMemory<byte> EmptyMetadata { get; } = "{}"u8.ToArray();
}

/// <summary>An event as stored: where it sits, what it is, when it was written and its link in the stream's hash chain.</summary>
public sealed record RecordedEvent(
    Position Position,
    string StreamId,
    StreamRevision Revision,
    Guid EventId,
    string Type,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> Metadata,
    DateTimeOffset Created,
    ReadOnlyMemory<byte> PreviousHash,
    ReadOnlyMemory<byte> Hash);
