using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Keys = EventStore.Kurrent.KurrentProtocol.MetadataKeys;
using ProtoEmpty = EventStore.Kurrent.Protocol.Empty;
using RecordedMessage = EventStore.Kurrent.Protocol.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace EventStore.Grpc.Streams;

/// <summary>Our recorded events and positions as <c>ReadResp</c> messages.</summary>
internal static class EventMapping
{
    public static ReadResp Event(RecordedEvent e, bool structuredIds)
    {
        var commit = KurrentProtocol.Commit(e.Position);
        var recorded = new RecordedMessage
        {
            Id = KurrentProtocol.Uuid(e.EventId, structuredIds),
            StreamIdentifier = KurrentProtocol.Stream(e.StreamId),
            StreamRevision = (ulong)e.Revision.Value,
            CommitPosition = commit,
            PreparePosition = commit,
            // The recorded event's buffers are never written again, so they can back the message without a copy.
            CustomMetadata = UnsafeByteOperations.UnsafeWrap(e.Metadata),
            Data = UnsafeByteOperations.UnsafeWrap(e.Data),
        };
        recorded.Metadata.Add(Keys.Type, e.Type);
        recorded.Metadata.Add(Keys.ContentType, KurrentProtocol.JsonContentType);
        recorded.Metadata.Add(Keys.Created, KurrentProtocol.CreatedTicks(e.Created));
        recorded.Metadata.Add(Keys.Hash, Convert.ToHexStringLower(e.Hash.Span));
        recorded.Metadata.Add(Keys.PreviousHash, Convert.ToHexStringLower(e.PreviousHash.Span));
        return new ReadResp { Event = new ReadResp.Types.ReadEvent { Event = recorded, CommitPosition = commit } };
    }

    /// <summary>
    /// The <c>$metadata</c> event a read of <c>$$stream</c> answers with: our store keeps a stream's metadata as one record,
    /// so its metadata stream always has exactly one event, at revision 0 (docs/event-store.md, "What is not implemented").
    /// </summary>
    public static ReadResp MetadataEvent(string stream, StreamMetadata metadata, DateTimeOffset now, bool structuredIds)
    {
        var recorded = new RecordedMessage
        {
            Id = KurrentProtocol.Uuid(MetadataEventId(stream), structuredIds),
            StreamIdentifier = KurrentProtocol.Stream("$$" + stream),
            StreamRevision = 0,
            CustomMetadata = ByteString.Empty,
            Data = ByteString.CopyFrom(KurrentProtocol.MetadataJson(metadata)),
        };
        recorded.Metadata.Add(Keys.Type, KurrentProtocol.MetadataEventType);
        recorded.Metadata.Add(Keys.ContentType, KurrentProtocol.JsonContentType);
        recorded.Metadata.Add(Keys.Created, KurrentProtocol.CreatedTicks(now));
        return new ReadResp { Event = new ReadResp.Types.ReadEvent { Event = recorded, NoPosition = new ProtoEmpty() } };
    }

    public static ReadResp StreamNotFound(string stream) =>
        new() { StreamNotFound = new ReadResp.Types.StreamNotFound { StreamIdentifier = KurrentProtocol.Stream(stream) } };

    public static ReadResp Confirmation(string id) => new() { Confirmation = new ReadResp.Types.SubscriptionConfirmation { SubscriptionId = id } };

    public static ReadResp Checkpoint(Position position, DateTimeOffset now) => new()
    {
        Checkpoint = new ReadResp.Types.Checkpoint
        {
            CommitPosition = KurrentProtocol.Commit(position),
            PreparePosition = KurrentProtocol.Commit(position),
            Timestamp = Timestamp.FromDateTimeOffset(now),
        },
    };

    public static ReadResp CaughtUp(Position? position, long? revision, DateTimeOffset now)
    {
        var caughtUp = new ReadResp.Types.CaughtUp { Timestamp = Timestamp.FromDateTimeOffset(now) };
        if (position is { Value: > 0 } p)
            caughtUp.Position = PositionOf(p);
        if (revision is { } r)
            caughtUp.StreamRevision = r;
        return new ReadResp { CaughtUp = caughtUp };
    }

    public static ReadResp FellBehind(Position? position, long? revision, DateTimeOffset now)
    {
        var fellBehind = new ReadResp.Types.FellBehind { Timestamp = Timestamp.FromDateTimeOffset(now) };
        if (position is { Value: > 0 } p)
            fellBehind.Position = PositionOf(p);
        if (revision is { } r)
            fellBehind.StreamRevision = r;
        return new ReadResp { FellBehind = fellBehind };
    }

    private static ReadResp.Types.Position PositionOf(Position p) =>
        new() { CommitPosition = KurrentProtocol.Commit(p), PreparePosition = KurrentProtocol.Commit(p) };

    /// <summary>A stable id per metadata stream, so two reads of unchanged metadata answer the same event.</summary>
    private static Guid MetadataEventId(string stream)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("$$" + stream));
        return new Guid(digest.AsSpan(0, 16));
    }
}
