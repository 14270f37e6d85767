using Domain.Certificates;
using Domain.Common;
using Domain.Registration;
using EndToEnd.Tests.CardSteps;
using EventStore;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using ReadModels.Grants;
using ReadModels.Runner;
using DemoHost.DemoData;

namespace EndToEnd.Tests.Grants;

/// <summary>
/// The service for the grant tests: the card-step fixture (clock at the test PKI's reference instant), the demo
/// reference data (function catalogue, directory), and agency 3230000 registered with the TestPki organisation card
/// <c>org-gca-rsa</c> and 王小明's citizen card <c>citizen-moica2-rsa</c> as its manager — appended as the registration
/// stream's event, so these tests do not depend on the registration pages.
/// </summary>
public class GrantsFixture : CardStepFixture, IAsyncLifetime
{
    public const string Agency = "3230000";
    public const string OrganisationCard = "org-gca-rsa";
    public const string ManagerCard = "citizen-moica2-rsa";
    public const string ManagerId = "A123456789";

    async Task IAsyncLifetime.InitializeAsync() => await SetUpAsync();

    /// <summary>Starts the service and writes the reference data and the registration; subclasses add their own data after it.</summary>
    protected virtual async Task SetUpAsync()
    {
        await InitializeAsync();
        await DemoDataSeeder.SeedReferenceDataAsync(Services, Pki);
        await RegisterAsync(Agency, OrganisationCard, ManagerCard, ManagerId);
    }

    /// <summary>Appends <c>AgencyRegistered</c> for the agency with the two TestPki cards, and waits for the grant list to know it.</summary>
    public async Task RegisterAsync(string agency, string organisationLeaf, string managerLeaf, string managerId)
    {
        var organisation = Facts(organisationLeaf);
        var manager = Facts(managerLeaf);
        var registered = new AgencyRegistered(
            agency, Pki.Leaf(organisationLeaf).Agency!.AgencyName, "demo",
            new OrganisationCertificateInfo(organisation.SerialNumber, organisation.IssuerDn, organisation.IssuerKeyId, organisation.SubjectDn, organisation.OrganisationalUnit,
                organisation.NotBefore, organisation.NotAfter, organisation.AgencyOid!, Pki.Leaf(organisationLeaf).CardNumber, organisation.Sha256Thumbprint),
            null,
            new CitizenCertificateInfo(manager.SerialNumber, manager.IssuerDn, manager.IssuerKeyId, manager.SubjectDn, manager.CommonName,
                manager.NotBefore, manager.NotAfter, manager.NationalIdLastFour!, Pki.Leaf(managerLeaf).CardNumber, manager.Sha256Thumbprint),
            managerId, new ManagerContact(manager.CommonName ?? "管理者", "manager@example.gov.tw", "02-2397-9198", null, null),
            $"cert:{manager.IssuerKeyId}:{manager.SerialNumber}", Time!.GetUtcNow());
        await AppendAsync(agency, StreamState.NoStream, registered);
    }

    /// <summary>Appends registration-stream events of the agency as they are (grants with chosen times, for the searches), and waits for the grant list to show them.</summary>
    public async Task AppendAsync(string agency, StreamState expected, params RegistrationEvent[] events)
    {
        var registry = Services.GetRequiredService<EventTypeRegistry>();
        var store = Services.GetRequiredService<IEventStore>();
        var appended = await store.AppendToStreamAsync(
            AgencyRegistration.StreamName(Domain.ReferenceData.AgencyCode.Of(agency)), expected,
            events.Select(e => registry.ToEventData(e, Guid.CreateVersion7(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test"))).ToList());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Services.GetRequiredService<ProjectionRunner>().WaitForCheckpointAsync(HandlerGrantsProjection.ProjectionName, appended.Position, timeout.Token);
    }

    public CertificateFacts Facts(string leaf) => CertificateParser.Parse(Pki.Leaf(leaf).CertificateDer()).Facts!;
}
