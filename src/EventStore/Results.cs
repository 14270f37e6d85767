namespace EventStore;

/// <summary>A successful append: the stream's new last revision and the global position of the last event written.</summary>
public readonly record struct AppendResult(StreamRevision NextExpectedRevision, Position Position);

/// <summary>Whether a stream read found the stream.</summary>
public enum ReadStatus
{
    Ok,

    /// <summary>The stream has never had events, or was soft-deleted and not written since.</summary>
    NotFound,

    /// <summary>The stream was tombstoned: gone for good.</summary>
    Deleted,
}

/// <summary>The answer to a stream read; events are empty unless <see cref="Status"/> is <see cref="ReadStatus.Ok"/>.</summary>
public sealed record ReadStreamResult(ReadStatus Status, IReadOnlyList<RecordedEvent> Events, StreamRevision? LastRevision)
{
    public static ReadStreamResult NotFound { get; } = new(ReadStatus.NotFound, [], null);

    public static ReadStreamResult Deleted { get; } = new(ReadStatus.Deleted, [], null);
}

/// <summary>Retention settings of a stream, applied to every read (stream, <c>$all</c> and subscriptions).</summary>
public sealed record StreamMetadata(TimeSpan? MaxAge = null, long? MaxCount = null, StreamRevision? TruncateBefore = null)
{
    public static StreamMetadata None { get; } = new();
}
