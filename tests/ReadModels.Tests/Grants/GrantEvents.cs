using Domain.Common;
using Domain.Registration;
using EventStore;
using EventStore.Serialization;

namespace ReadModels.Tests.Grants;

/// <summary>Registration-stream events for the projection tests, appended as the command handler would (stream per agency, exact revisions).</summary>
public sealed class GrantEvents(IEventStore store)
{
    public static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(HandlerGrantIssued).Assembly);

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly GrantAuthorisation Authorisation = new("ORGKEY", "0A01", Start, "MGRKEY", "0B01", Start);

    private readonly Dictionary<string, StreamRevision> _revisions = [];

    public static NationalId Id(string firstNine) => NationalId.WithCheckDigit(firstNine);

    public static CitizenCertificateInfo Citizen(string serial, DateTimeOffset notAfter, string lastFour = "6789") =>
        new(serial, "CN=MOICA", "MOICAKEY", $"CN=holder {serial}", "holder", notAfter.AddYears(-5), notAfter, lastFour, null, new string('a', 64));

    public Task RegisterAsync(string agency, string name, CitizenCertificateInfo? manager = null) => AppendAsync(agency, new AgencyRegistered(
        agency, name, "2025-01",
        new OrganisationCertificateInfo($"0C{agency}", "CN=GCA", "GCAKEY", $"CN={name}", name, Start.AddYears(-1), Start.AddYears(4), "2.16.886.101.20003.1", null, new string('b', 64)),
        null, manager ?? Citizen($"0D{agency}", Start.AddYears(3)), Id("A12345678").Value,
        new ManagerContact("管理者", "m@example.tw", "02-2345-6789", null, null), "cert:MGRKEY:0B01", Start));

    /// <param name="issuerKeyId">The handler card's issuer, as a grant read from the card records it; null as for a typed serial.</param>
    public Task IssueAsync(string agency, int number, string serial, string name, NationalId id, IReadOnlyList<string> functions, DateTimeOffset at, string? issuerKeyId = null) =>
        AppendAsync(agency, new HandlerGrantIssued(agency, number, serial, name, id.Value, functions, "2022-11", Authorisation, "cert:MGRKEY:0B01", at, issuerKeyId));

    public Task ModifyAsync(string agency, int number, string serial, string name, NationalId id, IReadOnlyList<string> functions, DateTimeOffset at, string? issuerKeyId = null) =>
        AppendAsync(agency, new HandlerGrantModified(agency, number, serial, name, id.Value, functions, "2022-11", Authorisation, "cert:MGRKEY:0B01", at, issuerKeyId));

    public Task RevokeAsync(string agency, int number, DateTimeOffset at, string reason = "離職") =>
        AppendAsync(agency, new HandlerGrantRevoked(agency, number, reason, Authorisation, "cert:MGRKEY:0B01", at));

    public Task ReplaceManagerAsync(string agency, CitizenCertificateInfo manager) => AppendAsync(agency, new ManagerCertificateReplaced(
        agency, "2025-01", "MOICAKEY", $"0D{agency}", manager, Id("B12345678").Value,
        new ManagerContact("新管理者", "n@example.tw", "02-2345-6780", null, null), "cert:MGRKEY:0B02", Start.AddDays(1)));

    public async Task AppendAsync(string agency, RegistrationEvent @event)
    {
        var stream = AgencyRegistration.StreamName(Domain.ReferenceData.AgencyCode.Of(agency));
        var expected = _revisions.TryGetValue(stream, out var revision) ? StreamState.At(revision) : StreamState.NoStream;
        var result = await store.AppendToStreamAsync(stream, expected, [Registry.ToEventData(@event, Guid.CreateVersion7(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test"))]);
        _revisions[stream] = result.NextExpectedRevision;
    }
}
