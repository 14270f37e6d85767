using System.Buffers.Binary;
using System.Security.Cryptography;
using Domain.Common;
using EventStore.Serialization;

namespace EventStore.CommandHandling;

/// <summary>
/// Runs a command against one stream: read, fold with <c>Evolve</c> (upcasting on the way), decide, append at the
/// revision read. On a version conflict it re-reads and re-decides once; if the new decision differs or the
/// stream moved again, the outcome is <see cref="CommandOutcome{TEvent}.Conflict"/>. Event ids are derived from
/// the command id, so re-sending a command appends nothing and returns its original outcome.
/// </summary>
public sealed class CommandHandler<TDecider, TState, TCommand, TEvent>(IEventStore store, EventTypeRegistry registry)
    where TDecider : IDecider<TState, TCommand, TEvent>
    where TEvent : class
{
    private const int PageSize = 1000;

    public static Rejection StreamDeleted { get; } = new("STREAM_DELETED", "這筆資料已被永久刪除，無法再變更。");

    public async Task<CommandOutcome<TEvent>> HandleAsync(string streamId, Guid commandId, TCommand command, CommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<TEvent>? firstDecision = null;
        for (var attempt = 0; ; attempt++)
        {
            var loaded = await LoadAsync(streamId, commandId, cancellationToken).ConfigureAwait(false);
            if (loaded is null)
                return new CommandOutcome<TEvent>.Rejected(StreamDeleted);
            if (loaded.Earlier is { } earlier)
                return earlier;

            var decision = TDecider.Decide(command, loaded.State);
            if (decision.Rejection is { } rejection)
                return new CommandOutcome<TEvent>.Rejected(rejection);
            if (decision.Events.Count == 0)
                return new CommandOutcome<TEvent>.NothingToDo();

            // While tracing is on, the events carry their append's span id: the projection that applies them later, on
            // any node, continues the same trace.
            using var append = EventStoreTracing.Source.StartActivity("append");
            append?.SetTag("evs.stream.category", streamId.Split('-', 2)[0]);
            var metadata = new EventMetadata(context.CorrelationId, commandId, context.Actor, append?.Id);
            var data = decision.Events.Select((e, i) => registry.ToEventData(e, DerivedEventId(commandId, i), metadata)).ToArray();
            if (firstDecision is not null && !SameEvents(firstDecision, decision.Events, commandId, metadata))
                return new CommandOutcome<TEvent>.Conflict();
            firstDecision = decision.Events;

            try
            {
                var expected = loaded.Revision is { } r ? StreamState.At(r) : StreamState.NoStream;
                var result = await store.AppendToStreamAsync(streamId, expected, data, cancellationToken).ConfigureAwait(false);
                append?.SetTag("evs.position", result.Position.Value);
                return new CommandOutcome<TEvent>.Appended(decision.Events, result.Position, result.NextExpectedRevision);
            }
            catch (WrongExpectedVersionException) when (attempt == 0)
            {
                // Someone wrote in between: read again and decide once more.
            }
            catch (WrongExpectedVersionException)
            {
                return new CommandOutcome<TEvent>.Conflict();
            }
            catch (StreamDeletedException)
            {
                return new CommandOutcome<TEvent>.Rejected(StreamDeleted);
            }
        }
    }

    /// <summary>Folds a stream into its state; null when the stream was tombstoned.</summary>
    public async Task<(TState State, StreamRevision? Revision)?> LoadStateAsync(string streamId, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(streamId, null, cancellationToken).ConfigureAwait(false);
        return loaded is null ? null : (loaded.State, loaded.Revision);
    }

    /// <summary>
    /// The id of the <paramref name="index"/>-th event a command produces: the same on every send of that command.
    /// The first six bytes are the command id's, which for a version-7 command id (<see cref="Guid.CreateVersion7()"/>,
    /// what callers should use) is its millisecond timestamp: ids then arrive in time order and the store's
    /// idempotency index grows at its end instead of being rewritten all over.
    /// </summary>
    public static Guid DerivedEventId(Guid commandId, int index)
    {
        Span<byte> input = stackalloc byte[16 + 16 + 4];
        "evs-command-id/1"u8.CopyTo(input);
        var command = input.Slice(16, 16);
        commandId.TryWriteBytes(command, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(input[32..], index);
        Span<byte> id = stackalloc byte[32];
        SHA256.HashData(input, id);
        command[..6].CopyTo(id);
        id[6] = (byte)((id[6] & 0x0F) | 0x80); // version 8: an id of our own making
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(id[..16], bigEndian: true);
    }

    private sealed record Loaded(TState State, StreamRevision? Revision, CommandOutcome<TEvent>? Earlier);

    private async Task<Loaded?> LoadAsync(string streamId, Guid? commandId, CancellationToken cancellationToken)
    {
        var state = TDecider.Initial;
        StreamRevision? revision = null;
        var firstId = commandId is { } c ? DerivedEventId(c, 0) : Guid.Empty;
        List<TEvent>? earlier = null;
        RecordedEvent? earlierLast = null;
        var from = StreamRevision.Start;
        while (true)
        {
            var page = await store.ReadStreamAsync(streamId, Direction.Forwards, from, PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Status == ReadStatus.Deleted)
                return null;
            foreach (var recorded in page.Events)
            {
                revision = recorded.Revision;
                var isEarlier = commandId is { } id && (recorded.EventId == firstId || (earlier is not null && recorded.EventId == DerivedEventId(id, earlier.Count)));
                // An unknown name is left to Deserialize, which says so.
                var folds = !registry.TryResolveType(recorded.Type, out var type) || TDecider.Folds(type);
                if (!folds && !isEarlier)
                    continue;
                var @event = registry.Deserialize(recorded) as TEvent
                    ?? throw new InvalidOperationException($"{recorded.Type} at {streamId}@{recorded.Revision} is not a {typeof(TEvent).Name}");
                if (folds)
                    state = TDecider.Evolve(state, @event);
                if (isEarlier)
                {
                    (earlier ??= []).Add(@event);
                    earlierLast = recorded;
                }
            }

            if (page.Events.Count < PageSize)
                break;
            from = new StreamRevision(page.Events[^1].Revision.Value + 1);
        }

        var earlierOutcome = earlier is null ? null : new CommandOutcome<TEvent>.Appended(earlier, earlierLast!.Position, earlierLast.Revision);
        return new Loaded(state, revision, earlierOutcome);
    }

    private bool SameEvents(IReadOnlyList<TEvent> first, IReadOnlyList<TEvent> second, Guid commandId, EventMetadata metadata) =>
        first.Count == second.Count && first.Zip(second).Select((pair, i) => (pair, i)).All(x =>
            registry.ToEventData(x.pair.First, DerivedEventId(commandId, x.i), metadata).Data.Span.SequenceEqual(
                registry.ToEventData(x.pair.Second, DerivedEventId(commandId, x.i), metadata).Data.Span));
}
