using Domain.ReferenceData;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using ReadModels.ReferenceData;
using Web.Authentication;

namespace Web.Pages.Audit;

/// <summary>
/// Reads an agency's registration stream for auditors, straight from the store (never from a read model): every visible
/// event, deserialised through the registry (so retired shapes are upcast), with its metadata and hash-chain link. Actors
/// and functions are named as people and functions (the stream's own manager and agency names, the staff accounts,
/// the function catalogue the grant was issued under).
/// </summary>
public sealed class AgencyHistory(IEventStore store, EventTypeRegistry registry, ActorNames actors, FunctionCatalogueLookup catalogues)
{
    private const int PageSize = 1024;

    /// <summary>Every event of the agency's stream in order; empty when the agency never had one.</summary>
    public async Task<IReadOnlyList<AuditedEvent>> ReadAsync(AgencyCode agency, CancellationToken cancellationToken = default)
    {
        var stream = AgencyRegistration.StreamName(agency);
        var recorded = new List<(RecordedEvent Recorded, RegistrationEvent Event)>();
        var from = StreamRevision.Start;
        while (true)
        {
            var page = await store.ReadStreamAsync(stream, Direction.Forwards, from, PageSize, cancellationToken);
            if (page.Status != ReadStatus.Ok)
                break;
            recorded.AddRange(page.Events.Select(e => (e, Deserialize(e))));
            if (page.Events.Count < PageSize)
                break;
            from = new StreamRevision(page.Events[^1].Revision.Value + 1);
        }
        if (recorded.Count == 0)
            return [];

        var naming = await actors.LoadAsync(cancellationToken);
        var holders = CardHolders(recorded.Select(r => r.Event));
        var functions = new Dictionary<string, Domain.ReferenceData.FunctionCatalogue?>(StringComparer.Ordinal);
        foreach (var version in recorded.Select(r => r.Event).Select(CatalogueVersion).OfType<string>().Distinct(StringComparer.Ordinal))
            functions[version] = await catalogues.FindAsync(version, cancellationToken);
        string FunctionName(string version, string code) => functions.GetValueOrDefault(version)?.Find(code)?.Name ?? code;
        string? Holder(string issuerKeyId, string serial) => holders.GetValueOrDefault((issuerKeyId, serial));

        return recorded.Select(r => Audit(r.Recorded, r.Event, naming, Holder, FunctionName)).ToList();
    }

    /// <summary>
    /// The agency's state at <paramref name="instant"/>: the events recorded up to it (inclusive), folded through the
    /// domain's own <see cref="AgencyRegistration.Evolve"/> — the same fold the command handler decides on.
    /// </summary>
    public static AgencyRegistration StateAsOf(IEnumerable<AuditedEvent> history, DateTimeOffset instant) =>
        history.TakeWhile(e => e.RecordedAt <= instant).Aggregate(AgencyRegistration.Initial, (state, e) => AgencyRegistration.Evolve(state, e.Event));

    private RegistrationEvent Deserialize(RecordedEvent recorded) =>
        registry.Deserialize(recorded) as RegistrationEvent
            ?? throw new InvalidOperationException($"{recorded.StreamId} rev {recorded.Revision} holds {recorded.Type}, which is not a registration event.");

    /// <summary>Who held each card the stream recorded (issuer key id, serial): the managers by name, the agency's organisation cards by agency name.</summary>
    private static Dictionary<(string, string), string> CardHolders(IEnumerable<RegistrationEvent> events)
    {
        var holders = new Dictionary<(string, string), string>();
        var agencyName = "";
        void Manager(CitizenCertificateInfo c, string name) => holders[(c.IssuerKeyId, c.SerialNumber)] = $"{name}（授權管理者）";
        void Organisation(OrganisationCertificateInfo c) => holders[(c.IssuerKeyId, c.SerialNumber)] = $"{agencyName}（機關憑證）";
        foreach (var @event in events)
        {
            switch (@event)
            {
                case AgencyRegistered e:
                    agencyName = e.AgencyName;
                    Organisation(e.OrganisationCertificate);
                    Manager(e.ManagerCertificate, e.ManagerContact.Name);
                    break;
                case OrganisationCertificateReplaced e:
                    Organisation(e.OrganisationCertificate);
                    break;
                case ManagerCertificateReplaced e:
                    Manager(e.ManagerCertificate, e.ManagerContact.Name);
                    break;
                case OrganisationAndManagerCertificatesReplaced e:
                    Organisation(e.OrganisationCertificate);
                    Manager(e.ManagerCertificate, e.ManagerContact.Name);
                    break;
            }
        }
        return holders;
    }

    private static string? CatalogueVersion(RegistrationEvent @event) => @event switch
    {
        HandlerGrantIssued e => e.CatalogueVersion,
        HandlerGrantModified e => e.CatalogueVersion,
        _ => null,
    };

    private static AuditedEvent Audit(
        RecordedEvent recorded, RegistrationEvent @event, ActorNaming naming, Func<string, string, string?> holder, Func<string, string, string> functionName)
    {
        var metadata = EventMetadata.From(recorded);
        var text = AuditEventText.Describe(@event, functionName);
        return new AuditedEvent(
            recorded.Position.Value,
            recorded.Revision.Value,
            recorded.EventId,
            recorded.Type,
            recorded.Created,
            metadata?.Actor ?? AuditEventText.NotRecorded,
            metadata?.Actor is { } actor ? naming.Of(actor, holder) : AuditEventText.NotRecorded,
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
