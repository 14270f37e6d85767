namespace EventStore.Storage;

/// <summary>The kinds of write the single writer executes.</summary>
internal enum WriteKind
{
    Append,
    SetMetadata,
    SoftDelete,
    Tombstone,
}

/// <summary>One caller's write waiting in the writer's queue; completed after the drain that holds it commits.</summary>
internal sealed class WriteRequest(WriteKind kind, string streamId, StreamState expected, IReadOnlyList<EventData> events, StreamMetadata? metadata, CancellationToken cancellationToken)
{
    public WriteKind Kind { get; } = kind;

    public string StreamId { get; } = streamId;

    public StreamState Expected { get; } = expected;

    public IReadOnlyList<EventData> Events { get; } = events;

    public StreamMetadata? Metadata { get; } = metadata;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
