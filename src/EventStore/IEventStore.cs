namespace EventStore;

/// <summary>
/// The event store port, shaped like EventStoreDB's contract. Every adapter passes the same conformance
/// suite (tests/EventStore.Tests/Conformance); docs/event-store.md states the semantics.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>
    /// Appends events atomically if the stream is in the expected state. Repeating an append whose event ids
    /// are all already in the stream, at the same expectation, returns the original result and writes nothing.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not in the expected state.</exception>
    /// <exception cref="StreamDeletedException">The stream was tombstoned.</exception>
    /// <exception cref="IdempotencyConflictException">Some event ids repeat earlier events and some do not.</exception>
    Task<AppendResult> AppendToStreamAsync(string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> visible events of a stream starting at (and including) <paramref name="from"/>.</summary>
    Task<ReadStreamResult> ReadStreamAsync(string streamId, Direction direction, StreamRevision from, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> visible events of <c>$all</c> starting at (and including) <paramref name="from"/>.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(Direction direction, Position from, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The position of the last committed event (<see cref="Position.Start"/> when empty).</summary>
    Task<Position> ReadHeadPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Catch-up then live subscription to <c>$all</c>: every visible event after the start point exactly once,
    /// in position order; <see cref="SubscriptionMessage.CaughtUp"/> each time it reaches the head,
    /// <see cref="SubscriptionMessage.FellBehind"/> when live delivery falls a page or more behind.
    /// </summary>
    IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(FromAll start, CancellationToken cancellationToken = default);

    Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default);

    Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Soft delete: the stream reads as not found until written again; numbering continues where it stopped.</summary>
    Task DeleteStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default);

    /// <summary>Hard delete: every later read or append of the stream answers deleted.</summary>
    Task TombstoneStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default);
}

/// <summary>What a subscription yields: an event, or a change between catching up and live.</summary>
public abstract record SubscriptionMessage
{
    private SubscriptionMessage()
    {
    }

    /// <summary>The next event in position order.</summary>
    public sealed record Event(RecordedEvent Recorded) : SubscriptionMessage;

    /// <summary>Every event up to <paramref name="Checkpoint"/> has been delivered; what follows is live.</summary>
    public sealed record CaughtUp(Position Checkpoint) : SubscriptionMessage;

    /// <summary>The subscription is a page or more behind the head and is catching up again.</summary>
    public sealed record FellBehind(Position Checkpoint) : SubscriptionMessage;
}
