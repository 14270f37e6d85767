namespace EventStore.Storage;

/// <summary>
/// A stream's bookkeeping row, shared by the adapters. <see cref="IncarnationStart"/> is the first revision
/// written since the last soft delete: older revisions are hidden, and numbering continues past them.
/// </summary>
internal sealed record StreamRow(
    long Id,
    string Name,
    long LastRevision,
    long IncarnationStart,
    bool SoftDeleted,
    bool Tombstoned,
    long? TruncateBefore,
    long? MaxCount,
    long? MaxAgeMicroseconds,
    byte[]? LastHash)
{
    /// <summary>Has live events: written at least once and not soft-deleted since.</summary>
    public bool Exists => LastRevision >= 0 && !SoftDeleted;

    public StreamMetadata Metadata => new(
        MaxAgeMicroseconds is { } age ? TimeSpan.FromTicks(age * 10) : null,
        MaxCount,
        TruncateBefore is { } tb ? new StreamRevision(tb) : null);
}

/// <summary>An event already stored under one of the ids an append carries.</summary>
internal readonly record struct StoredEventId(Guid EventId, long Revision, long Position);

/// <summary>A row to insert into the events table, its stream hash and its <c>$all</c> link already computed.</summary>
internal readonly record struct NewEvent(
    long Position, long StreamKey, long Revision, Guid EventId, string Type,
    ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata, long CreatedMicroseconds, byte[] PreviousHash, byte[] Hash, byte[] AllHash);

/// <summary>
/// One write transaction of an adapter, as the shared group-commit writer needs it. Reads inside the session
/// see its own earlier writes, so several requests in one drain can build on each other.
/// </summary>
internal interface IWriteSession : IAsyncDisposable
{
    /// <summary>The last position committed or written in this session.</summary>
    long Head { get; set; }

    /// <summary>The <c>$all</c> chain's link at <see cref="Head"/> (32 zero bytes for an empty store).</summary>
    byte[] AllHash { get; set; }

    /// <summary>
    /// The session started from what the store remembered of its own last drain (no read under the write lock): its
    /// refusals are provisional, and <see cref="CommitAsync"/> throws <see cref="StaleWriteStateException"/>, writing
    /// nothing, when another writer moved the store meanwhile.
    /// </summary>
    bool RememberedState { get; }

    ValueTask<StreamRow?> LoadStreamAsync(string name, CancellationToken cancellationToken);

    ValueTask<StreamRow> CreateStreamAsync(string name, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<StoredEventId>> FindEventIdsAsync(long streamKey, IReadOnlyList<Guid> eventIds, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts one append's events, or returns false and writes nothing when one of their ids is already in the
    /// stream (the caller then classifies the repeat). Each adapter picks its cheapest way to tell.
    /// </summary>
    ValueTask<bool> TryInsertEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken);

    ValueTask SaveStreamAsync(StreamRow row, CancellationToken cancellationToken);

    /// <summary>Makes everything durable (fsync) before returning; disposing without it rolls back.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A session's remembered state was stale (another writer committed since): nothing was written; run the drain again.</summary>
internal sealed class StaleWriteStateException(string message, Exception? inner = null) : Exception(message, inner);
