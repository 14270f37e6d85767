using EventStore.Grpc.Access;
using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Grpc.Core;
using Options = EventStore.Kurrent.Protocol.ReadReq.Types.Options;

namespace EventStore.Grpc.Streams;

/// <summary>
/// Reads of a stream or of <c>$all</c> that end: the store is read in pages until the count is served or the events
/// run out. Directions and starting points follow KurrentDB: a revision is included either way; a <c>$all</c>
/// position is included forwards and excluded backwards (KurrentDB positions mark where an event begins).
/// </summary>
internal sealed class Reads(IEventStore store, TimeProvider clock)
{
    private const int PageSize = 1024;

    public async Task ReadStreamAsync(KurrentCaller caller, Options options, ResponseBatcher writer, CancellationToken cancellationToken)
    {
        var name = KurrentProtocol.Name(options.Stream.StreamIdentifier);
        if (name.Length == 0)
            throw ProtocolErrors.InvalidArgument("the read names no stream");
        var structured = StructuredIds(options);
        var backwards = options.ReadDirection == Options.Types.ReadDirection.Backwards;
        var from = options.Stream.RevisionOptionCase switch
        {
            Options.Types.StreamOptions.RevisionOptionOneofCase.Revision => options.Stream.Revision > long.MaxValue ? StreamRevision.End : new StreamRevision((long)options.Stream.Revision),
            Options.Types.StreamOptions.RevisionOptionOneofCase.End => StreamRevision.End,
            _ => StreamRevision.Start,
        };
        var remaining = (long)Math.Min(options.Count, long.MaxValue);

        if (name.StartsWith("$$", StringComparison.Ordinal))
        {
            await ReadMetadataStreamAsync(caller, name[2..], backwards, from, remaining, options, writer, cancellationToken);
            return;
        }

        if (name.StartsWith('$'))
        {
            // KurrentDB's system and projection streams ($et-, $ce-, $stats …) have no counterpart in our store.
            await writer.WriteAsync(EventMapping.StreamNotFound(name), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            return;
        }

        if (!caller.MayRead(name))
            throw ProtocolErrors.AccessDenied();

        StreamRevision? lastRevision = null;
        while (remaining > 0)
        {
            var wanted = (int)Math.Min(PageSize, remaining);
            var page = await store.ReadStreamAsync(name, backwards ? Direction.Backwards : Direction.Forwards, from, wanted, cancellationToken);
            if (page.Status == ReadStatus.Deleted)
                throw ProtocolErrors.StreamDeleted(name);
            if (page.Status == ReadStatus.NotFound)
            {
                if (lastRevision is null)
                    await writer.WriteAsync(EventMapping.StreamNotFound(name), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                return;
            }

            lastRevision = page.LastRevision;
            foreach (var e in page.Events)
                await writer.WriteAsync(EventMapping.Event(e, structured), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            remaining -= page.Events.Count;
            if (page.Events.Count < wanted)
                break;
            var last = page.Events[^1].Revision.Value;
            if (backwards && last == 0)
                break;
            from = new StreamRevision(backwards ? last - 1 : last + 1);
        }

        if (lastRevision is { } known && Compatibility(options) >= 1)
            await writer.WriteAsync(new ReadResp { LastStreamPosition = (ulong)known.Value }, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    public async Task ReadAllAsync(KurrentCaller caller, Options options, ResponseBatcher writer, CancellationToken cancellationToken)
    {
        if (!caller.CanRead)
            throw ProtocolErrors.AccessDenied();
        var filter = EventFilter.From(options);
        var structured = StructuredIds(options);
        var backwards = options.ReadDirection == Options.Types.ReadDirection.Backwards;
        var direction = backwards ? Direction.Backwards : Direction.Forwards;
        Position? from = options.All.AllOptionCase switch
        {
            Options.Types.AllOptions.AllOptionOneofCase.Position when backwards => options.All.Position.CommitPosition is > 1 and var p ? new Position((long)Math.Min(p - 1, long.MaxValue)) : null,
            Options.Types.AllOptions.AllOptionOneofCase.Position => new Position((long)Math.Min(options.All.Position.CommitPosition, long.MaxValue)),
            Options.Types.AllOptions.AllOptionOneofCase.End => backwards ? Position.End : null,
            _ => backwards ? null : Position.Start,
        };
        var remaining = (long)Math.Min(options.Count, long.MaxValue);
        var everything = filter is null && caller.Streams.IsEverything;

        while (from is { } position && remaining > 0)
        {
            // Without a filter a page holds exactly what is wanted; with one, read full pages and keep the matches.
            var wanted = everything ? (int)Math.Min(PageSize, remaining) : PageSize;
            var page = await store.ReadAllAsync(direction, position, wanted, cancellationToken);
            foreach (var e in page)
            {
                if (!caller.Streams.Allows(e.StreamId) || filter?.Matches(e) == false)
                    continue;
                await writer.WriteAsync(EventMapping.Event(e, structured), cancellationToken);
                if (--remaining == 0)
                    break;
            }

            await writer.FlushAsync(cancellationToken);

            if (page.Count < wanted)
                break;
            var last = page[^1].Position.Value;
            from = backwards ? (last > 1 ? new Position(last - 1) : null) : new Position(last + 1);
        }
    }

    /// <summary>
    /// <c>$$stream</c>: the stream's retention settings as one <c>$metadata</c> event at revision 0, or not found when
    /// none are set.
    /// </summary>
    private async Task ReadMetadataStreamAsync(
        KurrentCaller caller, string stream, bool backwards, StreamRevision from, long count, Options options, ResponseBatcher writer, CancellationToken cancellationToken)
    {
        if (!caller.MayRead(stream))
            throw ProtocolErrors.AccessDenied();
        StreamMetadata metadata;
        try
        {
            metadata = await store.GetStreamMetadataAsync(stream, cancellationToken);
        }
        catch (StreamDeletedException)
        {
            throw ProtocolErrors.StreamDeleted(stream);
        }

        if (metadata == StreamMetadata.None)
        {
            await writer.WriteAsync(EventMapping.StreamNotFound("$$" + stream), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            return;
        }

        if (count > 0 && (backwards || from.Value == 0))
            await writer.WriteAsync(EventMapping.MetadataEvent(stream, metadata, clock.GetUtcNow(), StructuredIds(options)), cancellationToken);
        if (Compatibility(options) >= 1)
            await writer.WriteAsync(new ReadResp { LastStreamPosition = 0 }, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    public static bool StructuredIds(Options options) => options.UuidOption?.ContentCase == Options.Types.UUIDOption.ContentOneofCase.Structured;

    public static uint Compatibility(Options options) => options.ControlOption?.Compatibility ?? 0;
}
