using System.Runtime.CompilerServices;
using System.Text.Json;

namespace EventStore.Storage;

/// <summary>The stored head of the <c>$all</c> chain (<see cref="RelationalEventStore.ReadChainStateAsync"/>).</summary>
public sealed record ChainState(long Position, byte[] AllHash, long EventsSince, byte[]? LinkAtSince);

/// <summary>
/// The base of the SQL adapters (not for use outside this assembly). What they share: argument checks, the group-commit writer, lazy schema creation and the
/// catch-up-then-live subscription built on <see cref="ReadAllAsync"/>. Adapters supply sessions and reads.
/// </summary>
public abstract class RelationalEventStore : IEventStore
{
    /// <summary>Events read per page by subscriptions; a live subscription reading a full page has fallen behind.</summary>
    internal const int SubscriptionPageSize = 1024;

    private readonly Lazy<Task> _schema;
    private readonly Lazy<GroupCommitWriter> _writer;
    private int _disposed;

    private protected RelationalEventStore(TimeProvider time, TimeSpan pollInterval)
    {
        Time = time;
        PollInterval = pollInterval;
        _schema = new Lazy<Task>(() => CreateSchemaAsync(CancellationToken.None));
        _writer = new Lazy<GroupCommitWriter>(() => new GroupCommitWriter(BeginSessionAfterSchemaAsync, time, Signal.Notify));
    }

    /// <summary>The clock stamped on events and used for $maxAge; polling always uses real time.</summary>
    protected TimeProvider Time { get; }

    /// <summary>How often a live subscription looks for commits it was not told about (another process's).</summary>
    protected TimeSpan PollInterval { get; }

    internal CommitSignal Signal { get; } = new();

    protected abstract Task CreateSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens one drain's write transaction; <paramref name="drain"/> are the requests it will apply, for adapters that
    /// fetch ahead. With <paramref name="rememberedState"/> an adapter may start from what it remembers of its last
    /// drain instead (<see cref="IWriteSession.RememberedState"/>).
    /// </summary>
    private protected abstract Task<IWriteSession> BeginWriteSessionAsync(IReadOnlyList<WriteRequest> drain, bool rememberedState, CancellationToken cancellationToken);

    protected abstract Task<ReadStreamResult> ReadStreamCoreAsync(string streamId, Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<RecordedEvent>> ReadAllCoreAsync(Direction direction, long from, int maxCount, long nowMicroseconds, CancellationToken cancellationToken);

    protected abstract Task<long> ReadHeadCoreAsync(CancellationToken cancellationToken);

    /// <summary>A read connection of the adapter, for the few reads the port does not cover (the chain's head).</summary>
    private protected abstract Task<System.Data.Common.DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The stored head of the <c>$all</c> chain, for signing checkpoints: the last position and its link, how many events
    /// are stored after <paramref name="since"/> up to it, and the link stored at <paramref name="since"/> (null when no
    /// event is stored there) — so a checkpointer can tell that the history it signed before is still the one stored.
    /// </summary>
    public async Task<ChainState> ReadChainStateAsync(long since, CancellationToken cancellationToken = default)
    {
        await ReadyAsync().ConfigureAwait(false);
        var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement: one snapshot in either database.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT h.position, h.all_hash,
                       (SELECT count(*) FROM events WHERE position > @since AND position <= h.position),
                       (SELECT all_hash FROM events WHERE position = @since)
                FROM (SELECT position, all_hash FROM events ORDER BY position DESC LIMIT 1) h
                """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@since";
            parameter.Value = since;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return new ChainState(0, HashChain.Genesis.ToArray(), 0, since == 0 ? HashChain.Genesis.ToArray() : null);
            return new ChainState(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1),
                reader.GetInt64(2),
                since == 0 ? HashChain.Genesis.ToArray() : reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
        }
    }

    protected abstract Task<StreamMetadata> GetStreamMetadataCoreAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Waits for the schema; every public operation calls it first.</summary>
    protected Task ReadyAsync() => _schema.Value;

    private async Task<IWriteSession> BeginSessionAfterSchemaAsync(IReadOnlyList<WriteRequest> drain, bool rememberedState, CancellationToken cancellationToken)
    {
        await ReadyAsync().ConfigureAwait(false);
        return await BeginWriteSessionAsync(drain, rememberedState, cancellationToken).ConfigureAwait(false);
    }

    public Task<AppendResult> AppendToStreamAsync(string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        ArgumentNullException.ThrowIfNull(events);
        CheckEvents(events);
        return Write(new WriteRequest(WriteKind.Append, streamId, expected, events, null, cancellationToken));
    }

    public Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.MaxCount is <= 0)
            throw new ArgumentOutOfRangeException(nameof(metadata), "$maxCount must be positive");
        if (metadata.MaxAge is { } age && age <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(metadata), "$maxAge must be positive");
        if (metadata.TruncateBefore is { Value: < 0 })
            throw new ArgumentOutOfRangeException(nameof(metadata), "truncate-before is a revision, never negative");
        return Write(new WriteRequest(WriteKind.SetMetadata, streamId, StreamState.Any, [], metadata, cancellationToken));
    }

    public Task DeleteStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        return Write(new WriteRequest(WriteKind.SoftDelete, streamId, expected, [], null, cancellationToken));
    }

    public Task TombstoneStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        return Write(new WriteRequest(WriteKind.Tombstone, streamId, expected, [], null, cancellationToken));
    }

    private Task<AppendResult> Write(WriteRequest request)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.Value.EnqueueAsync(request);
    }

    public async Task<ReadStreamResult> ReadStreamAsync(string streamId, Direction direction, StreamRevision from, int maxCount, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(from.Value, nameof(from));
        await ReadyAsync().ConfigureAwait(false);
        return await ReadStreamCoreAsync(streamId, direction, from.Value, maxCount, Now(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(Direction direction, Position from, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(from.Value, nameof(from));
        await ReadyAsync().ConfigureAwait(false);
        return await ReadAllCoreAsync(direction, from.Value, maxCount, Now(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Position> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync().ConfigureAwait(false);
        return new Position(await ReadHeadCoreAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default)
    {
        CheckStreamId(streamId);
        await ReadyAsync().ConfigureAwait(false);
        return await GetStreamMetadataCoreAsync(streamId, cancellationToken).ConfigureAwait(false);
    }

    public virtual async IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(FromAll start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var checkpoint = start.IsEnd ? await ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false) : start.AfterPosition ?? Position.Start;
        var live = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Take the wake-up before reading: a commit landing after the read still wakes us.
            var nextCommit = Signal.NextCommit;
            var page = await ReadAllAsync(Direction.Forwards, new Position(checkpoint.Value + 1), SubscriptionPageSize, cancellationToken).ConfigureAwait(false);
            if (live && page.Count == SubscriptionPageSize)
            {
                live = false;
                yield return new SubscriptionMessage.FellBehind(checkpoint);
            }

            foreach (var recorded in page)
            {
                checkpoint = recorded.Position;
                yield return new SubscriptionMessage.Event(recorded);
            }

            if (page.Count == SubscriptionPageSize)
                continue;
            if (!live)
            {
                live = true;
                yield return new SubscriptionMessage.CaughtUp(checkpoint);
            }

            // Poll fallback: commits by another process do not ring our in-process signal. The time-out is the idle case,
            // several times a second per subscriber: awaited without throwing it.
            await nextCommit.WaitAsync(PollInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    protected long Now() => HashChain.ToUnixMicroseconds(Time.GetUtcNow());

    internal static void CheckStreamId(string streamId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (streamId.StartsWith('$'))
            throw new ArgumentException("stream ids starting with '$' are reserved", nameof(streamId));
    }

    internal static void CheckEvents(IReadOnlyList<EventData> events)
    {
        if (events.Count == 0)
            throw new ArgumentException("an append needs at least one event", nameof(events));
        var ids = new HashSet<Guid>();
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (e.EventId == Guid.Empty)
                throw new ArgumentException("an event id must not be empty", nameof(events));
            if (!ids.Add(e.EventId))
                throw new ArgumentException($"event id {e.EventId} appears twice in one append", nameof(events));
            ArgumentException.ThrowIfNullOrWhiteSpace(e.Type, nameof(events));
            CheckJson(e.Data.Span, "data");
            CheckJson(e.Metadata.Span, "metadata");
        }
    }

    private static void CheckJson(ReadOnlySpan<byte> json, string what)
    {
        if (json.IsEmpty)
            throw new ArgumentException($"event {what} is empty; use {{}} for nothing", "events");
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
            }
        }
        catch (JsonException invalid)
        {
            throw new ArgumentException($"event {what} is not valid JSON: {invalid.Message}", "events", invalid);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (_writer.IsValueCreated)
            await _writer.Value.DisposeAsync().ConfigureAwait(false);
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
