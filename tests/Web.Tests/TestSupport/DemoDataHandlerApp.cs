using DemoHost.DemoData;
using Domain.Certificates;
using Domain.ReferenceData;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using Web.CardSteps;
using Web.Pages.Registration;
using Web.Pages.Registration.Wizard;

namespace Web.Tests.TestSupport;

/// <summary>
/// <see cref="HandlerApp"/> with the demo reference data imported once (every test PKI holder in the directory and
/// the personnel records, the office calendar, the terms of use, the function catalogue), and the Given/When/Then
/// helpers the feature handler tests share: the test PKI's cards as the card steps would have verified them, the
/// events written after a position, and a first registration through the registration wizard's own handler.
/// </summary>
public class DemoDataHandlerApp : HandlerApp, IAsyncLifetime
{
    /// <summary>人事行政總處: org-gca-rsa is its card; 王小明 (citizen-moica2-rsa, A123456789) works there.</summary>
    public const string Agency = "3230000";

    public const string ManagerId = "A123456789";

    public async Task InitializeAsync() => await DemoDataSeeder.SeedReferenceDataAsync(Services, Pki);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public IEventStore Store => Get<IEventStore>();

    /// <summary>A test PKI card as a card step verified it just now in this test's browser session.</summary>
    public VerifiedCard Card(string leaf, string step = "test-step")
    {
        var certificate = Pki.Leaf(leaf);
        var facts = CertificateParser.Parse(certificate.CertificateDer()).Facts.ShouldNotBeNull();
        return new VerifiedCard(step, facts.Kind, facts, certificate.CardNumber, Clock.GetUtcNow());
    }

    public Task<Position> HeadAsync() => Store.ReadHeadPositionAsync();

    /// <summary>Every event written after <paramref name="since"/>, as (stream, stored type, the event itself).</summary>
    public async Task<IReadOnlyList<(string Stream, string Type, object Event)>> EventsAfterAsync(Position since)
    {
        var registry = Get<EventTypeRegistry>();
        var events = await Store.ReadAllAsync(Direction.Forwards, new Position(since.Value + 1), 1000);
        return events.Select(e => (e.StreamId, e.Type, registry.Deserialize(e))).ToList();
    }

    /// <summary>Registers <paramref name="agency"/> through 首次註冊's confirmation handler, unless an earlier test of the class did.</summary>
    public async Task RegisterAsync(string agency = Agency, string organisation = "org-gca-rsa", string manager = "citizen-moica2-rsa", string managerId = ManagerId)
    {
        if ((await Pipeline.LoadRegistrationAsync(AgencyCode.Of(agency), CancellationToken.None)).Registered is not null)
            return;
        var outcome = await SendAsync(Confirm(RegistrationFlow.FirstRegistration, agency, organisation, manager, managerId, expectedVersion: 0));
        outcome.Succeeded.ShouldBeTrue(string.Join(", ", outcome.Rejections.Select(r => r.Code)));
    }

    /// <summary>The confirmation of a registration wizard as its page sends it, with the demo terms in force and a valid contact.</summary>
    public ConfirmCardWizard Confirm(RegistrationFlow flow, string agency, string organisation, string manager, string managerId, long expectedVersion, Guid? commandId = null) =>
        new(flow, commandId ?? Guid.CreateVersion7(), Guid.CreateVersion7(), AgencyCode.Of(agency), DemoTerms.Version, Card(organisation), Card(manager),
            Domain.Common.NationalId.Parse(managerId).Id!.Value, expectedVersion,
            new ContactInput { Name = "王小明", Email = "wang@dgpa.gov.tw", Phone = "(02)2397-9298" });
}
