using System.Globalization;
using System.Runtime.CompilerServices;
using EventStore.Kurrent.Protocol;
using EventStore.Storage;
using Google.Protobuf;
using Grpc.Core;
using Keys = EventStore.Kurrent.KurrentProtocol.MetadataKeys;
using ReadOptions = EventStore.Kurrent.Protocol.ReadReq.Types.Options;

namespace EventStore.Kurrent;

/// <summary>
/// Our port on a KurrentDB server (<c>EventStore:Provider=kurrentdb</c>), through KurrentDB's gRPC protocol generated
/// from the same .proto files as our endpoint. It passes our conformance suite against our endpoint; what only a real
/// KurrentDB cluster can confirm (leader election, gossip, certificates, its idempotency window) is listed in
/// docs/event-store.md, "Our app on a real KurrentDB".
/// </summary>
/// <remarks>
/// Differences a real KurrentDB shows through this adapter: its <c>$all</c> holds system events, which are skipped
/// here; it has no hash chain, so <see cref="RecordedEvent.Hash"/> is empty; it answers a partly repeated append with
/// a wrong expectation, not an idempotency conflict.
/// </remarks>
public sealed class KurrentDbEventStore : IEventStore
{
    private const int ReadPage = 4096;

    private readonly KurrentConnection _connection;

    public KurrentDbEventStore(string connectionString, HttpMessageHandler? handler = null)
        : this(KurrentConnectionString.Parse(connectionString), handler)
    {
    }

    public KurrentDbEventStore(KurrentConnectionString settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _connection = new KurrentConnection(settings, handler);
    }

    public async Task<AppendResult> AppendToStreamAsync(string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        ArgumentNullException.ThrowIfNull(events);
        RelationalEventStore.CheckEvents(events);
        return await AppendAsync(streamId, expected, events, cancellationToken);
    }

    private async Task<AppendResult> AppendAsync(string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        var (response, trailers) = await CallAsync(streams => AppendCallAsync(streams, streamId, expected, events, cancellationToken), streamId, cancellationToken);
        if (response.ResultCase == AppendResp.ResultOneofCase.Success)
        {
            var success = response.Success;
            var position = success.PositionOptionCase == AppendResp.Types.Success.PositionOptionOneofCase.Position ? new Position((long)success.Position.CommitPosition) : Position.Start;
            return new AppendResult(new StreamRevision((long)success.CurrentRevision), position);
        }

        var wrong = response.WrongExpectedVersion;
        var detail = trailers.GetValue(KurrentProtocol.ErrorKeys.Detail);
        if (detail == KurrentProtocol.Errors.IdempotencyConflict)
            throw new IdempotencyConflictException(streamId, "the server found some of the event ids already stored");
        StreamRevision? actual = wrong.CurrentRevisionOptionCase == AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentRevision
            ? new StreamRevision((long)wrong.CurrentRevision)
            : null;
        throw new WrongExpectedVersionException(streamId, expected, actual, actual is not null && detail != KurrentProtocol.Errors.NoLiveEvents);
    }

    private async Task<(AppendResp Response, Metadata Trailers)> AppendCallAsync(
        Streams.StreamsClient streams, string streamId, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        using var call = streams.Append(_connection.Headers, cancellationToken: cancellationToken);
        var options = new AppendReq.Types.Options { StreamIdentifier = KurrentProtocol.Stream(streamId) };
        Expect(expected, () => options.Any = new(), () => options.NoStream = new(), () => options.StreamExists = new(), r => options.Revision = r);

        try
        {
            await call.RequestStream.WriteAsync(new AppendReq { Options = options }, cancellationToken);
            foreach (var e in events)
            {
                var message = new AppendReq.Types.ProposedMessage
                {
                    Id = KurrentProtocol.Uuid(e.EventId, structured: false),
                    Data = UnsafeByteOperations.UnsafeWrap(e.Data),
                    CustomMetadata = UnsafeByteOperations.UnsafeWrap(e.Metadata),
                };
                message.Metadata.Add(Keys.Type, e.Type);
                message.Metadata.Add(Keys.ContentType, KurrentProtocol.JsonContentType);
                await call.RequestStream.WriteAsync(new AppendReq { ProposedMessage = message }, cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // The server answered before reading everything (a refusal): its answer, with the trailers that say why, follows.
        }

        var response = await call.ResponseAsync;
        return (response, call.GetTrailers());
    }

    public async Task<ReadStreamResult> ReadStreamAsync(string streamId, Direction direction, StreamRevision from, int maxCount, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(from.Value, nameof(from));
        var page = await ReadStreamPageAsync(streamId, direction, from, maxCount, cancellationToken);
        if (page.Status != ReadStatus.Ok || page.LastRevision is not null)
            return page;
        // A server older than 23.10 sends no last_stream_position: ask for the last event instead.
        var last = await ReadStreamPageAsync(streamId, Direction.Backwards, StreamRevision.End, 1, cancellationToken);
        return page with { LastRevision = last.Events is [var newest] ? newest.Revision : null };
    }

    private Task<ReadStreamResult> ReadStreamPageAsync(string streamId, Direction direction, StreamRevision from, int maxCount, CancellationToken cancellationToken)
    {
        var stream = new ReadOptions.Types.StreamOptions { StreamIdentifier = KurrentProtocol.Stream(streamId) };
        if (from == StreamRevision.End)
            stream.End = new Empty();
        else
            stream.Revision = (ulong)from.Value;
        var options = Options(direction);
        options.Stream = stream;
        options.Count = (ulong)maxCount;
        return CallAsync(
            async streams =>
            {
                var events = new List<RecordedEvent>();
                StreamRevision? last = null;
                using var call = streams.Read(new ReadReq { Options = options }, _connection.Headers, cancellationToken: cancellationToken);
                try
                {
                    await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
                    {
                        switch (response.ContentCase)
                        {
                            case ReadResp.ContentOneofCase.StreamNotFound:
                                return ReadStreamResult.NotFound;
                            case ReadResp.ContentOneofCase.Event:
                                events.Add(ToRecorded(response.Event.Event));
                                break;
                            case ReadResp.ContentOneofCase.LastStreamPosition:
                                last = new StreamRevision((long)response.LastStreamPosition);
                                break;
                        }
                    }
                }
                catch (RpcException e) when (e.Trailers.GetValue(KurrentProtocol.ErrorKeys.Exception) == KurrentProtocol.Errors.StreamDeleted)
                {
                    return ReadStreamResult.Deleted;
                }

                return new ReadStreamResult(ReadStatus.Ok, events, last);
            },
            streamId,
            cancellationToken);
    }

    /// <summary>
    /// <c>$all</c> in our terms: <paramref name="from"/> included in both directions, system events (KurrentDB's
    /// <c>$</c> streams and types) left out and the page filled past them.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(Direction direction, Position from, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(from.Value, nameof(from));
        var result = new List<RecordedEvent>(Math.Min(maxCount, ReadPage));
        Position? cursor = from;
        if (direction == Direction.Backwards && from != Position.End)
        {
            // KurrentDB reads backwards from before a position; ours include it, so fetch the event at it first.
            var at = await ReadAllPageAsync(Direction.Forwards, from, 1, cancellationToken);
            if (at is [var first] && first.Position == from)
            {
                if (!IsSystem(first))
                    result.Add(first);
            }
        }
        else if (direction == Direction.Forwards)
        {
            // The next page starts at the last event read, not one past it: KurrentDB positions are byte offsets and
            // only an event's own position is a valid place to read from. That event comes back first and is dropped.
            Position? last = null;
            while (cursor is { } position && result.Count < maxCount)
            {
                var wanted = Math.Min(ReadPage, maxCount - result.Count) + (last is null ? 0 : 1);
                var page = await ReadAllPageAsync(Direction.Forwards, position, wanted, cancellationToken);
                var fresh = page.SkipWhile(e => e.Position == last).ToList();
                result.AddRange(fresh.Where(e => !IsSystem(e)).Take(maxCount - result.Count));
                last = page.Count > 0 ? page[^1].Position : last;
                cursor = page.Count < wanted || fresh.Count == 0 ? null : last;
            }

            return result;
        }

        while (cursor is { } position && result.Count < maxCount)
        {
            var wanted = Math.Min(ReadPage, maxCount - result.Count);
            var page = await ReadAllPageAsync(Direction.Backwards, position, wanted, cancellationToken);
            result.AddRange(page.Where(e => !IsSystem(e)).Take(maxCount - result.Count));
            cursor = page.Count < wanted ? null : page[^1].Position;
        }

        return result;
    }

    /// <summary>One protocol read of <c>$all</c>: forwards from a position included, backwards from one excluded (or the end).</summary>
    private Task<List<RecordedEvent>> ReadAllPageAsync(Direction direction, Position from, int count, CancellationToken cancellationToken)
    {
        var all = new ReadOptions.Types.AllOptions();
        if (from == Position.End)
            all.End = new Empty();
        else if (from == Position.Start)
            all.Start = new Empty();
        else
            all.Position = new ReadOptions.Types.Position { CommitPosition = (ulong)from.Value, PreparePosition = (ulong)from.Value };
        var options = Options(direction);
        options.All = all;
        options.Count = (ulong)count;
        return CallAsync(
            async streams =>
            {
                var events = new List<RecordedEvent>(count);
                using var call = streams.Read(new ReadReq { Options = options }, _connection.Headers, cancellationToken: cancellationToken);
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (response.ContentCase == ReadResp.ContentOneofCase.Event)
                        events.Add(ToRecorded(response.Event.Event));
                }

                return events;
            },
            null,
            cancellationToken);
    }

    public async Task<Position> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        var newest = await ReadAllAsync(Direction.Backwards, Position.End, 1, cancellationToken);
        return newest is [var e] ? e.Position : Position.Start;
    }

    public async IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(FromAll start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var all = new ReadOptions.Types.AllOptions();
        // From the end means after the head as it is now: subscribing after that position (rather than from the
        // server's end, a moment later) leaves no event between the two undelivered.
        var after = start.IsEnd ? await ReadHeadPositionAsync(cancellationToken) : start.AfterPosition;
        Position? delivered = null;
        if (after is { Value: > 0 })
        {
            all.Position = new ReadOptions.Types.Position { CommitPosition = (ulong)after.Value.Value, PreparePosition = (ulong)after.Value.Value };
            delivered = after;
        }
        else
        {
            all.Start = new Empty();
        }

        var options = Options(Direction.Forwards);
        options.All = all;
        options.Subscription = new ReadOptions.Types.SubscriptionOptions();
        var streams = await _connection.StreamsAsync(cancellationToken);
        using var call = streams.Read(new ReadReq { Options = options }, _connection.Headers, cancellationToken: cancellationToken);
        var responses = call.ResponseStream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextAsync(responses, cancellationToken))
            {
                var response = responses.Current;
                switch (response.ContentCase)
                {
                    case ReadResp.ContentOneofCase.Event:
                        var recorded = ToRecorded(response.Event.Event);
                        delivered = recorded.Position;
                        if (!IsSystem(recorded))
                            yield return new SubscriptionMessage.Event(recorded);
                        break;
                    case ReadResp.ContentOneofCase.CaughtUp:
                        yield return new SubscriptionMessage.CaughtUp(response.CaughtUp.Position is { } caughtUp ? new Position((long)caughtUp.CommitPosition) : delivered ?? Position.Start);
                        break;
                    case ReadResp.ContentOneofCase.FellBehind:
                        yield return new SubscriptionMessage.FellBehind(response.FellBehind.Position is { } behind ? new Position((long)behind.CommitPosition) : delivered ?? Position.Start);
                        break;
                }
            }
        }
        finally
        {
            await responses.DisposeAsync();
        }
    }

    /// <summary>The next subscription message; a call cancelled by our token ends as cancellation, not as an RPC error.</summary>
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<ReadResp> responses, CancellationToken cancellationToken)
    {
        try
        {
            return await responses.MoveNextAsync();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public async Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        ArgumentNullException.ThrowIfNull(metadata);
        var e = new EventData(Guid.NewGuid(), KurrentProtocol.MetadataEventType, KurrentProtocol.MetadataJson(metadata), EventData.EmptyMetadata);
        await AppendAsync("$$" + streamId, StreamState.Any, [e], cancellationToken);
    }

    public async Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        var newest = await ReadStreamPageAsync("$$" + streamId, Direction.Backwards, StreamRevision.End, 1, cancellationToken);
        if (newest.Status == ReadStatus.Deleted)
            throw new StreamDeletedException(streamId);
        return newest.Events is [var e] ? KurrentProtocol.ParseMetadataJson(e.Data.Span, out _) : StreamMetadata.None;
    }

    public Task DeleteStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        var options = new DeleteReq.Types.Options { StreamIdentifier = KurrentProtocol.Stream(streamId) };
        Expect(expected, () => options.Any = new(), () => options.NoStream = new(), () => options.StreamExists = new(), r => options.Revision = r);

        return CallAsync(async streams => await streams.DeleteAsync(new DeleteReq { Options = options }, _connection.Headers, cancellationToken: cancellationToken), streamId, cancellationToken, expected);
    }

    public Task TombstoneStreamAsync(string streamId, StreamState expected, CancellationToken cancellationToken = default)
    {
        RelationalEventStore.CheckStreamId(streamId);
        var options = new TombstoneReq.Types.Options { StreamIdentifier = KurrentProtocol.Stream(streamId) };
        Expect(expected, () => options.Any = new(), () => options.NoStream = new(), () => options.StreamExists = new(), r => options.Revision = r);

        return CallAsync(async streams => await streams.TombstoneAsync(new TombstoneReq { Options = options }, _connection.Headers, cancellationToken: cancellationToken), streamId, cancellationToken, expected);
    }

    /// <summary>Runs a call on the leader and turns KurrentDB's refusals into the port's exceptions.</summary>
    private async Task<T> CallAsync<T>(Func<Streams.StreamsClient, Task<T>> call, string? streamId, CancellationToken cancellationToken, StreamState? expected = null)
    {
        try
        {
            return await _connection.CallAsync(call, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException e) when (Refusal(e, streamId, expected) is { } refusal)
        {
            throw refusal;
        }
    }

    private static Exception? Refusal(RpcException e, string? streamId, StreamState? expected)
    {
        var stream = e.Trailers.GetValue(KurrentProtocol.ErrorKeys.StreamName) ?? streamId ?? "";
        switch (e.Trailers.GetValue(KurrentProtocol.ErrorKeys.Exception))
        {
            case KurrentProtocol.Errors.StreamDeleted:
                return new StreamDeletedException(stream.StartsWith("$$", StringComparison.Ordinal) ? stream[2..] : stream);
            case KurrentProtocol.Errors.WrongExpectedVersion:
                var actualText = e.Trailers.GetValue(KurrentProtocol.ErrorKeys.ActualVersion);
                StreamRevision? actual = long.TryParse(actualText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var revision) && revision >= 0 ? new StreamRevision(revision) : null;
                var expectedState = expected ?? (long.TryParse(e.Trailers.GetValue(KurrentProtocol.ErrorKeys.ExpectedVersion), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? KurrentProtocol.FromExpectedVersionNumber(number)
                    : StreamState.Any);
                var exists = actual is not null && e.Trailers.GetValue(KurrentProtocol.ErrorKeys.Detail) != KurrentProtocol.Errors.NoLiveEvents;
                return new WrongExpectedVersionException(stream, expectedState, actual, exists);
            case KurrentProtocol.Errors.AccessDenied:
                return new UnauthorizedAccessException($"KurrentDB refused access{(streamId is null ? "" : $" to '{streamId}'")}: {e.Status.Detail}", e);
        }

        return e.StatusCode switch
        {
            StatusCode.Unauthenticated => new UnauthorizedAccessException($"KurrentDB did not accept the connection string's credentials: {e.Status.Detail}", e),
            StatusCode.PermissionDenied => new UnauthorizedAccessException($"KurrentDB refused access{(streamId is null ? "" : $" to '{streamId}'")}: {e.Status.Detail}", e),
            StatusCode.InvalidArgument => new ArgumentException(e.Status.Detail, nameof(streamId), e),
            _ => null,
        };
    }

    /// <summary>Sets an expectation on whichever request's options: each message has its own oneof of the same four cases.</summary>
    private static void Expect(StreamState expected, Action any, Action noStream, Action streamExists, Action<ulong> revision)
    {
        switch (expected.Kind)
        {
            case StreamStateKind.Any:
                any();
                break;
            case StreamStateKind.NoStream:
                noStream();
                break;
            case StreamStateKind.StreamExists:
                streamExists();
                break;
            default:
                revision((ulong)expected.Revision);
                break;
        }
    }

    private static ReadOptions Options(Direction direction) => new()
    {
        ReadDirection = direction == Direction.Backwards ? ReadOptions.Types.ReadDirection.Backwards : ReadOptions.Types.ReadDirection.Forwards,
        NoFilter = new Empty(),
        UuidOption = new ReadOptions.Types.UUIDOption { Structured = new Empty() },
        // 2: last_stream_position on stream reads and fell_behind on subscriptions.
        ControlOption = new ReadOptions.Types.ControlOption { Compatibility = 2 },
    };

    private static RecordedEvent ToRecorded(ReadResp.Types.ReadEvent.Types.RecordedEvent e)
    {
        e.Metadata.TryGetValue(Keys.Type, out var type);
        e.Metadata.TryGetValue(Keys.Created, out var created);
        return new RecordedEvent(
            new Position((long)e.CommitPosition),
            KurrentProtocol.Name(e.StreamIdentifier),
            new StreamRevision((long)e.StreamRevision),
            KurrentProtocol.ToGuid(e.Id),
            type ?? "",
            e.Data.Memory,
            e.CustomMetadata.IsEmpty ? EventData.EmptyMetadata : e.CustomMetadata.Memory,
            KurrentProtocol.FromCreatedTicks(created),
            Hex(e, Keys.PreviousHash),
            Hex(e, Keys.Hash));
    }

    private static ReadOnlyMemory<byte> Hex(ReadResp.Types.ReadEvent.Types.RecordedEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var hex) && hex.Length > 0 ? Convert.FromHexString(hex) : ReadOnlyMemory<byte>.Empty;

    /// <summary>KurrentDB's own records in <c>$all</c> (metadata, deletes, projections' links), which our port does not have.</summary>
    private static bool IsSystem(RecordedEvent e) => e.StreamId.StartsWith('$') || e.Type.StartsWith('$');

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
