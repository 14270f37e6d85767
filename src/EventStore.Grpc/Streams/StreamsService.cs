using System.Threading.Channels;
using EventStore.Grpc.Access;
using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Grpc.Core;
using CountOption = EventStore.Kurrent.Protocol.ReadReq.Types.Options.CountOptionOneofCase;
using ProtoEmpty = EventStore.Kurrent.Protocol.Empty;
using StreamOption = EventStore.Kurrent.Protocol.ReadReq.Types.Options.StreamOptionOneofCase;
using WellKnownEmpty = Google.Protobuf.WellKnownTypes.Empty;

namespace EventStore.Grpc.Streams;

/// <summary>KurrentDB's streams service (<c>event_store.client.streams.Streams</c>) over our <see cref="IEventStore"/>.</summary>
public sealed class StreamsService(IEventStore store, CallerResolver callers, TimeProvider clock) : Kurrent.Protocol.Streams.StreamsBase
{
    /// <summary>How many appends of one batch-append call may be in the store at once.</summary>
    private const int BatchAppendsInFlight = 256;

    private readonly Reads _reads = new(store, clock);
    private readonly Subscriptions _subscriptions = new(store, clock);
    private readonly Appends _appends = new(store);

    public override Task Read(ReadReq request, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var caller = callers.Resolve(context);
        var options = request.Options ?? throw ProtocolErrors.InvalidArgument("the read has no options");
        var token = context.CancellationToken;
        var output = new ResponseBatcher(responseStream, context);
        return (options.StreamOptionCase, options.CountOptionCase) switch
        {
            (StreamOption.Stream, CountOption.Subscription) => _subscriptions.SubscribeToStreamAsync(caller, options, output, token),
            (StreamOption.All, CountOption.Subscription) => _subscriptions.SubscribeToAllAsync(caller, options, output, token),
            (StreamOption.Stream, _) => _reads.ReadStreamAsync(caller, options, output, token),
            (StreamOption.All, _) => _reads.ReadAllAsync(caller, options, output, token),
            _ => throw ProtocolErrors.InvalidArgument("the read names neither a stream nor $all"),
        };
    }

    public override async Task<AppendResp> Append(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var caller = callers.Resolve(context);
        if (!caller.CanWrite)
            throw ProtocolErrors.AccessDenied();
        var token = context.CancellationToken;
        if (!await requestStream.MoveNext(token) || requestStream.Current.ContentCase != AppendReq.ContentOneofCase.Options)
            throw ProtocolErrors.InvalidArgument("an append begins with its options");
        var options = requestStream.Current.Options;
        var stream = KurrentProtocol.Name(options.StreamIdentifier);
        var expected = Expected(options.ExpectedStreamRevisionCase.ToString(), options.Revision);
        var events = new List<EventData>();
        while (await requestStream.MoveNext(token))
        {
            var message = requestStream.Current.ProposedMessage ?? throw ProtocolErrors.InvalidArgument("only proposed messages follow an append's options");
            events.Add(Appends.ToEventData(message.Id, message.Metadata, message.CustomMetadata, message.Data));
        }

        switch (await _appends.AppendAsync(caller, stream, expected, events, token))
        {
            case AppendOutcome.Written written:
                var success = new AppendResp.Types.Success { CurrentRevision = (ulong)written.Revision.Value };
                if (written.Position is { } position)
                    success.Position = new AppendResp.Types.Position { CommitPosition = KurrentProtocol.Commit(position), PreparePosition = KurrentProtocol.Commit(position) };
                else
                    success.NoPosition = new ProtoEmpty();
                return new AppendResp { Success = success };
            case AppendOutcome.WrongExpectation wrong:
                if (wrong.Detail is not null)
                    context.ResponseTrailers.Add(KurrentProtocol.ErrorKeys.Detail, wrong.Detail);
                return new AppendResp { WrongExpectedVersion = ProtocolErrors.AppendWrongExpectedVersion(wrong.Expected, wrong.Actual) };
            default:
                throw new InvalidOperationException("unknown append outcome");
        }
    }

    /// <summary>
    /// Appends arrive as requests tagged with a correlation id, each complete at <c>is_final</c>; they are stored
    /// concurrently (the store commits concurrent appends together) and answered as they finish, one writer at a time.
    /// </summary>
    public override async Task BatchAppend(IAsyncStreamReader<BatchAppendReq> requestStream, IServerStreamWriter<BatchAppendResp> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var caller = callers.Resolve(context);
        var token = context.CancellationToken;
        var answers = Channel.CreateUnbounded<BatchAppendResp>(new UnboundedChannelOptions { SingleReader = true });
        var answering = Task.Run(async () =>
        {
            await foreach (var answer in answers.Reader.ReadAllAsync(token))
                await responseStream.WriteAsync(answer, token);
        }, token);
        using var inFlight = new SemaphoreSlim(BatchAppendsInFlight);
        var running = new List<Task>();
        var pending = new Dictionary<Guid, (BatchAppendReq.Types.Options Options, List<EventData> Events, RpcException? Refused)>();
        try
        {
            while (await requestStream.MoveNext(token))
            {
                var request = requestStream.Current;
                var correlation = request.CorrelationId;
                Guid key;
                try
                {
                    key = KurrentProtocol.ToGuid(correlation);
                }
                catch (FormatException)
                {
                    throw ProtocolErrors.InvalidArgument("each batch append request carries a correlation id");
                }

                if (!pending.TryGetValue(key, out var entry))
                {
                    if (request.Options is null)
                        throw ProtocolErrors.InvalidArgument("the first request of a batch append carries its options");
                    entry = (request.Options, [], null);
                }

                try
                {
                    foreach (var message in request.ProposedMessages)
                        entry.Events.Add(Appends.ToEventData(message.Id, message.Metadata, message.CustomMetadata, message.Data));
                }
                catch (RpcException refused)
                {
                    entry.Refused ??= refused;
                }

                if (!request.IsFinal)
                {
                    pending[key] = entry;
                    continue;
                }

                pending.Remove(key);
                await inFlight.WaitAsync(token);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(AnswerAsync(caller, correlation, entry.Options, entry.Events, entry.Refused, answers.Writer, inFlight, token));
            }
        }
        finally
        {
            // Every append started is answered (or cancelled with the call) before the call ends.
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
            answers.Writer.TryComplete();
        }

        await answering;
    }

    private async Task AnswerAsync(
        KurrentCaller caller,
        UUID correlation,
        BatchAppendReq.Types.Options options,
        List<EventData> events,
        RpcException? refusedEarlier,
        ChannelWriter<BatchAppendResp> answers,
        SemaphoreSlim inFlight,
        CancellationToken cancellationToken)
    {
        var stream = KurrentProtocol.Name(options.StreamIdentifier);
        var answer = new BatchAppendResp { CorrelationId = correlation, StreamIdentifier = options.StreamIdentifier };
        StreamState expected;
        switch (options.ExpectedStreamPositionCase)
        {
            case BatchAppendReq.Types.Options.ExpectedStreamPositionOneofCase.StreamPosition:
                expected = Exact(options.StreamPosition);
                answer.StreamPosition = options.StreamPosition;
                break;
            case BatchAppendReq.Types.Options.ExpectedStreamPositionOneofCase.NoStream:
                expected = StreamState.NoStream;
                answer.NoStream = new WellKnownEmpty();
                break;
            case BatchAppendReq.Types.Options.ExpectedStreamPositionOneofCase.StreamExists:
                expected = StreamState.StreamExists;
                answer.StreamExists = new WellKnownEmpty();
                break;
            default:
                expected = StreamState.Any;
                answer.Any = new WellKnownEmpty();
                break;
        }

        try
        {
            if (refusedEarlier is not null)
                throw refusedEarlier;
            if (!caller.CanWrite)
                throw ProtocolErrors.AccessDenied();
            switch (await _appends.AppendAsync(caller, stream, expected, events, cancellationToken))
            {
                case AppendOutcome.Written written:
                    var success = new BatchAppendResp.Types.Success { CurrentRevision = (ulong)written.Revision.Value };
                    if (written.Position is { } position)
                        success.Position = new AllStreamPosition { CommitPosition = KurrentProtocol.Commit(position), PreparePosition = KurrentProtocol.Commit(position) };
                    else
                        success.NoPosition = new WellKnownEmpty();
                    answer.Success = success;
                    break;
                case AppendOutcome.WrongExpectation wrong:
                    answer.Error = ProtocolErrors.BatchWrongExpectedVersion(stream, wrong.Expected, wrong.Actual);
                    break;
            }
        }
        catch (RpcException refused)
        {
            answer.Error = ProtocolErrors.BatchStatus(refused, stream);
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            // The client waits for an answer to each correlation id: a store failure must answer too, without its details.
            answer.Error = ProtocolErrors.BatchStatus(new RpcException(new Status(StatusCode.Unavailable, "the store could not take the append")), stream);
        }
        finally
        {
            inFlight.Release();
        }

        await answers.WriteAsync(answer, cancellationToken);
    }

    public override async Task<DeleteResp> Delete(DeleteReq request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? throw ProtocolErrors.InvalidArgument("the delete has no options");
        var expected = Expected(options.ExpectedStreamRevisionCase.ToString(), options.Revision);
        await DeleteAsync("Delete", options.StreamIdentifier, expected, store.DeleteStreamAsync, context);
        return new DeleteResp { NoPosition = new ProtoEmpty() };
    }

    public override async Task<TombstoneResp> Tombstone(TombstoneReq request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? throw ProtocolErrors.InvalidArgument("the tombstone has no options");
        var expected = Expected(options.ExpectedStreamRevisionCase.ToString(), options.Revision);
        await DeleteAsync("Tombstone", options.StreamIdentifier, expected, store.TombstoneStreamAsync, context);
        return new TombstoneResp { NoPosition = new ProtoEmpty() };
    }

    private async Task DeleteAsync(string operation, StreamIdentifier identifier, StreamState expected, Func<string, StreamState, CancellationToken, Task> delete, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = callers.Resolve(context);
        var stream = KurrentProtocol.Name(identifier);
        if (stream.Length == 0)
            throw ProtocolErrors.InvalidArgument($"the {operation.ToLowerInvariant()} names no stream");
        if (stream.StartsWith('$') || !caller.MayWrite(stream))
            throw ProtocolErrors.AccessDenied();
        try
        {
            await delete(stream, expected, context.CancellationToken);
        }
        catch (WrongExpectedVersionException refused)
        {
            throw ProtocolErrors.WrongExpectedVersion(operation, refused);
        }
        catch (StreamDeletedException)
        {
            throw ProtocolErrors.StreamDeleted(stream);
        }
        catch (ArgumentException bad)
        {
            throw ProtocolErrors.InvalidArgument(bad.Message);
        }
    }

    /// <summary>
    /// The expectation a request's oneof carries. Append, delete and tombstone each generate their own case enum, with
    /// the same four names; no case at all means any, as in KurrentDB.
    /// </summary>
    private static StreamState Expected(string oneofCase, ulong revision) => oneofCase switch
    {
        "Revision" => Exact(revision),
        "NoStream" => StreamState.NoStream,
        "StreamExists" => StreamState.StreamExists,
        _ => StreamState.Any,
    };

    private static StreamState Exact(ulong revision) =>
        revision <= long.MaxValue ? StreamState.At((long)revision) : throw ProtocolErrors.InvalidArgument($"revision {revision} is out of range");
}
