using System.Runtime.CompilerServices;
using EventStore.Grpc.Access;
using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Grpc.Core;
using Options = EventStore.Kurrent.Protocol.ReadReq.Types.Options;

namespace EventStore.Grpc.Streams;

/// <summary>
/// Catch-up subscriptions to <c>$all</c> and to one stream, over the store's own <c>$all</c> subscription: confirmation,
/// every event after the starting point once and in order, <c>caught_up</c> when live, <c>fell_behind</c> (clients that
/// understand it) when a page or more behind again, and for filtered <c>$all</c> subscriptions a checkpoint every
/// window of events searched.
/// </summary>
internal sealed class Subscriptions(IEventStore store, TimeProvider clock)
{
    private const int StreamPageSize = 512;

    public async Task SubscribeToAllAsync(KurrentCaller caller, Options options, ResponseBatcher writer, CancellationToken cancellationToken)
    {
        if (!caller.CanRead)
            throw ProtocolErrors.AccessDenied();
        var filter = EventFilter.From(options);
        var structured = Reads.StructuredIds(options);
        var sendFellBehind = Reads.Compatibility(options) >= 2;
        var start = options.All.AllOptionCase switch
        {
            Options.Types.AllOptions.AllOptionOneofCase.Position => FromAll.After(new Position((long)Math.Min(options.All.Position.CommitPosition, long.MaxValue))),
            Options.Types.AllOptions.AllOptionOneofCase.End => FromAll.End,
            _ => FromAll.Start,
        };

        await writer.WriteAsync(EventMapping.Confirmation(Guid.NewGuid().ToString("N")), cancellationToken);
        var searched = 0;
        await using var messages = store.SubscribeToAllAsync(start, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await writer.MoveNextAsync(messages, cancellationToken))
        {
            switch (messages.Current)
            {
                case SubscriptionMessage.Event { Recorded: var e }:
                    if (caller.Streams.Allows(e.StreamId) && filter?.Matches(e) != false)
                        await writer.WriteAsync(EventMapping.Event(e, structured), cancellationToken);
                    if (filter is not null && ++searched >= filter.CheckpointInterval)
                    {
                        await writer.WriteAsync(EventMapping.Checkpoint(e.Position, clock.GetUtcNow()), cancellationToken);
                        searched = 0;
                    }

                    break;
                case SubscriptionMessage.CaughtUp { Checkpoint: var checkpoint }:
                    await writer.WriteAsync(EventMapping.CaughtUp(checkpoint, null, clock.GetUtcNow()), cancellationToken);
                    break;
                case SubscriptionMessage.FellBehind { Checkpoint: var checkpoint } when sendFellBehind:
                    await writer.WriteAsync(EventMapping.FellBehind(checkpoint, null, clock.GetUtcNow()), cancellationToken);
                    break;
            }
        }
    }

    public async Task SubscribeToStreamAsync(KurrentCaller caller, Options options, ResponseBatcher writer, CancellationToken cancellationToken)
    {
        var name = KurrentProtocol.Name(options.Stream.StreamIdentifier);
        if (name.Length == 0 || name.StartsWith('$'))
            throw ProtocolErrors.InvalidArgument(name.Length == 0 ? "the subscription names no stream" : $"subscriptions to '{name}' are not offered by this server");
        if (!caller.MayRead(name))
            throw ProtocolErrors.AccessDenied();
        var structured = Reads.StructuredIds(options);
        var sendFellBehind = Reads.Compatibility(options) >= 2;
        long? after = options.Stream.RevisionOptionCase switch
        {
            Options.Types.StreamOptions.RevisionOptionOneofCase.Revision => (long)Math.Min(options.Stream.Revision, long.MaxValue),
            _ => null,
        };
        var fromEnd = options.Stream.RevisionOptionCase == Options.Types.StreamOptions.RevisionOptionOneofCase.End;

        await writer.WriteAsync(EventMapping.Confirmation(Guid.NewGuid().ToString("N")), cancellationToken);
        long? lastRevision = after;
        try
        {
            await using var messages = FollowStreamAsync(name, after, fromEnd, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await writer.MoveNextAsync(messages, cancellationToken))
            {
                switch (messages.Current)
                {
                    case SubscriptionMessage.Event { Recorded: var e }:
                        lastRevision = e.Revision.Value;
                        await writer.WriteAsync(EventMapping.Event(e, structured), cancellationToken);
                        break;
                    case SubscriptionMessage.CaughtUp:
                        await writer.WriteAsync(EventMapping.CaughtUp(null, lastRevision, clock.GetUtcNow()), cancellationToken);
                        break;
                    case SubscriptionMessage.FellBehind when sendFellBehind:
                        await writer.WriteAsync(EventMapping.FellBehind(null, lastRevision, clock.GetUtcNow()), cancellationToken);
                        break;
                }
            }
        }
        catch (StreamDeletedException)
        {
            throw ProtocolErrors.StreamDeleted(name);
        }
    }

    /// <summary>
    /// One stream's events after <paramref name="afterRevision"/> (all of them when null; only new ones when
    /// <paramref name="fromEnd"/>): first read from the stream itself in pages, then followed live through <c>$all</c>
    /// from a position no event of the stream beyond those read can precede. The head is read before each page, and a
    /// position-ordered store never makes an event visible before the ones below it, so nothing falls between the two.
    /// </summary>
    private async IAsyncEnumerable<SubscriptionMessage> FollowStreamAsync(
        string stream, long? afterRevision, bool fromEnd, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = afterRevision is { } after ? after + 1 : 0;
        Position resumeAfter;
        if (fromEnd)
        {
            var head = await store.ReadHeadPositionAsync(cancellationToken);
            var last = await store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1, cancellationToken);
            if (last.Status == ReadStatus.Deleted)
                throw new StreamDeletedException(stream);
            resumeAfter = head;
            if (last.Events is [var newest])
            {
                next = newest.Revision.Value + 1;
                resumeAfter = newest.Position > head ? newest.Position : head;
            }
        }
        else
        {
            while (true)
            {
                var head = await store.ReadHeadPositionAsync(cancellationToken);
                var page = await store.ReadStreamAsync(stream, Direction.Forwards, new StreamRevision(next), StreamPageSize, cancellationToken);
                if (page.Status == ReadStatus.Deleted)
                    throw new StreamDeletedException(stream);
                resumeAfter = head;
                foreach (var e in page.Events)
                {
                    yield return new SubscriptionMessage.Event(e);
                    next = e.Revision.Value + 1;
                    if (e.Position > resumeAfter)
                        resumeAfter = e.Position;
                }

                if (page.Events.Count < StreamPageSize)
                    break;
            }
        }

        await foreach (var message in store.SubscribeToAllAsync(FromAll.After(resumeAfter), cancellationToken))
        {
            if (message is SubscriptionMessage.Event { Recorded: var e })
            {
                if (e.StreamId != stream || e.Revision.Value < next)
                    continue;
                next = e.Revision.Value + 1;
            }

            yield return message;
        }
    }
}
