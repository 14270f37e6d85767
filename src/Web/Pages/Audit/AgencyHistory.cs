using Domain.ReferenceData;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;

namespace Web.Pages.Audit;

/// <summary>
/// Reads an agency's registration stream for auditors, straight from the store (never from a read model): every visible
/// event, deserialised through the registry (so retired shapes are upcast), with its metadata and hash-chain link.
/// </summary>
public sealed class AgencyHistory(IEventStore store, EventTypeRegistry registry)
{
    private const int PageSize = 1024;

    /// <summary>Every event of the agency's stream in order; empty when the agency never had one.</summary>
    public async Task<IReadOnlyList<AuditedEvent>> ReadAsync(AgencyCode agency, CancellationToken cancellationToken = default)
    {
        var stream = AgencyRegistration.StreamName(agency);
        var events = new List<AuditedEvent>();
        var from = StreamRevision.Start;
        while (true)
        {
            var page = await store.ReadStreamAsync(stream, Direction.Forwards, from, PageSize, cancellationToken);
            if (page.Status != ReadStatus.Ok)
                return events;
            foreach (var recorded in page.Events)
                events.Add(Audit(recorded));
            if (page.Events.Count < PageSize)
                return events;
            from = new StreamRevision(page.Events[^1].Revision.Value + 1);
        }
    }

    /// <summary>
    /// The agency's state at <paramref name="instant"/>: the events recorded up to it (inclusive), folded through the
    /// domain's own <see cref="AgencyRegistration.Evolve"/> — the same fold the command handler decides on.
    /// </summary>
    public static AgencyRegistration StateAsOf(IEnumerable<AuditedEvent> history, DateTimeOffset instant) =>
        history.TakeWhile(e => e.RecordedAt <= instant).Aggregate(AgencyRegistration.Initial, (state, e) => AgencyRegistration.Evolve(state, e.Event));

    private AuditedEvent Audit(RecordedEvent recorded)
    {
        var @event = registry.Deserialize(recorded) as RegistrationEvent
            ?? throw new InvalidOperationException($"{recorded.StreamId} rev {recorded.Revision} holds {recorded.Type}, which is not a registration event.");
        var metadata = EventMetadata.From(recorded);
        var text = AuditEventText.Describe(@event);
        return new AuditedEvent(
            recorded.Position.Value,
            recorded.Revision.Value,
            recorded.EventId,
            recorded.Type,
            recorded.Created,
            metadata?.Actor ?? AuditEventText.NotRecorded,
            metadata?.CorrelationId,
            metadata?.CausationId,
            @event,
            text.What,
            text.Certificates,
            text.Details,
            Convert.ToHexStringLower(recorded.PreviousHash.Span),
            Convert.ToHexStringLower(recorded.Hash.Span));
    }
}
