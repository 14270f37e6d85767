using EventStore.Grpc.Access;
using EventStore.Kurrent;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Keys = EventStore.Kurrent.KurrentProtocol.MetadataKeys;

namespace EventStore.Grpc.Streams;

/// <summary>What an append came to, for the streaming and the batch append to answer each in its own shape.</summary>
internal abstract record AppendOutcome
{
    private AppendOutcome()
    {
    }

    /// <summary>Written (or found already written): the stream's last revision and, for events, the last one's position.</summary>
    public sealed record Written(StreamRevision Revision, Position? Position) : AppendOutcome;

    /// <summary>
    /// The expectation did not hold (or the event ids partly repeat stored ones, which KurrentDB also answers this way);
    /// <paramref name="Detail"/> is our extension trailer for facts the protocol cannot carry.
    /// </summary>
    public sealed record WrongExpectation(StreamState Expected, StreamRevision? Actual, string? Detail) : AppendOutcome;
}

/// <summary>
/// One append, shared by the streaming and the batch append: access, the proposed messages turned into our events,
/// the store's answer as an <see cref="AppendOutcome"/>. Writes to <c>$$stream</c> set the stream's metadata.
/// Refusals that are not about the expectation throw the protocol's <see cref="Grpc.Core.RpcException"/>.
/// </summary>
internal sealed class Appends(IEventStore store)
{
    public async Task<AppendOutcome> AppendAsync(KurrentCaller caller, string stream, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        if (stream.Length == 0)
            throw ProtocolErrors.InvalidArgument("the append names no stream");
        if (stream.StartsWith("$$", StringComparison.Ordinal))
            return await SetMetadataAsync(caller, stream[2..], expected, events, cancellationToken);
        if (stream.StartsWith('$') || !caller.MayWrite(stream))
            throw ProtocolErrors.AccessDenied();
        try
        {
            var result = await store.AppendToStreamAsync(stream, expected, events, cancellationToken);
            return new AppendOutcome.Written(result.NextExpectedRevision, result.Position);
        }
        catch (WrongExpectedVersionException refused)
        {
            return new AppendOutcome.WrongExpectation(
                refused.Expected, refused.ActualRevision, refused.ActualRevision is not null && !refused.ActualExists ? KurrentProtocol.Errors.NoLiveEvents : null);
        }
        catch (IdempotencyConflictException)
        {
            var current = await store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1, cancellationToken);
            return new AppendOutcome.WrongExpectation(expected, current.LastRevision, KurrentProtocol.Errors.IdempotencyConflict);
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
    /// A proposed message as our event. Our store keeps JSON only, so other content types are refused rather than
    /// stored and read back as something else; missing custom metadata becomes <c>{}</c>.
    /// </summary>
    public static EventData ToEventData(Kurrent.Protocol.UUID id, MapField<string, string> metadata, ByteString customMetadata, ByteString data)
    {
        Guid eventId;
        try
        {
            eventId = KurrentProtocol.ToGuid(id);
        }
        catch (FormatException bad)
        {
            throw ProtocolErrors.InvalidArgument(bad.Message);
        }

        if (!metadata.TryGetValue(Keys.Type, out var type) || string.IsNullOrEmpty(type))
            throw ProtocolErrors.InvalidArgument($"event {eventId} has no type");
        if (!metadata.TryGetValue(Keys.ContentType, out var contentType) || contentType != KurrentProtocol.JsonContentType)
            throw ProtocolErrors.InvalidArgument($"event {eventId} is '{contentType}'; this store keeps application/json events only");
        return new EventData(eventId, type, data.Memory, customMetadata.IsEmpty ? EventData.EmptyMetadata : customMetadata.Memory);
    }

    /// <summary>
    /// A <c>$metadata</c> event appended to <c>$$stream</c>: the retention settings it carries replace the stream's.
    /// The metadata stream always holds one event (revision 0), so an expectation is checked against that.
    /// </summary>
    private async Task<AppendOutcome> SetMetadataAsync(KurrentCaller caller, string stream, StreamState expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        if (stream.Length == 0 || stream.StartsWith('$') || !caller.MayWrite(stream))
            throw ProtocolErrors.AccessDenied();
        if (events is not [{ Type: KurrentProtocol.MetadataEventType } metadataEvent])
            throw ProtocolErrors.InvalidArgument($"a metadata stream takes one {KurrentProtocol.MetadataEventType} event");
        StreamMetadata metadata;
        try
        {
            metadata = KurrentProtocol.ParseMetadataJson(metadataEvent.Data.Span, out var unsupported);
            if (unsupported.Count > 0)
                throw ProtocolErrors.InvalidArgument($"this store keeps $maxAge, $maxCount and $tb only, not {string.Join(", ", unsupported)}");
        }
        catch (Exception bad) when (bad is FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw ProtocolErrors.InvalidArgument($"the stream metadata is not valid: {bad.Message}");
        }

        try
        {
            var exists = await store.GetStreamMetadataAsync(stream, cancellationToken) != StreamMetadata.None;
            var holds = expected.Kind switch
            {
                StreamStateKind.Any => true,
                StreamStateKind.NoStream => !exists,
                StreamStateKind.StreamExists => exists,
                _ => exists && expected.Revision == 0,
            };
            if (!holds)
                return new AppendOutcome.WrongExpectation(expected, exists ? StreamRevision.Start : null, null);
            await store.SetStreamMetadataAsync(stream, metadata, cancellationToken);
        }
        catch (StreamDeletedException)
        {
            throw ProtocolErrors.StreamDeleted(stream);
        }
        catch (ArgumentException bad)
        {
            throw ProtocolErrors.InvalidArgument(bad.Message);
        }

        return new AppendOutcome.Written(StreamRevision.Start, null);
    }
}
