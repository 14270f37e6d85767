using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration;

/// <summary>A registered agency whose both-cards swap (manager A123456789 → B220612340) waits for its cooling-off period.</summary>
internal static class PendingBothSwap
{
    private static readonly ManagerContact Contact = new("王小明", "wang@example.gov.tw", "(02)2701-3411", null, null);

    private static OrganisationCertificateInfo Organisation(string serial) => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", "GCAKEY", "OU=人事行政總處,O=行政院,C=TW", null,
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), "2.16.886.101.20003.20012", null, "T" + serial);

    private static CitizenCertificateInfo Citizen(string serial, string lastFour) => new(
        serial, "OU=內政部憑證管理中心,O=內政部,C=TW", "MOICA2KEY", "CN=王小明,C=TW", "王小明",
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), lastFour, null, "T" + serial);

    /// <summary>Appends the registration and the request (effective at <paramref name="due"/>), waits for the read models; answers the stream.</summary>
    public static async Task<string> AppendAsync(HandlerApp app, string agency, DateTimeOffset due)
    {
        var now = app.Clock.GetUtcNow();
        var stream = $"registration-{agency}";
        var registry = app.Get<EventTypeRegistry>();
        RegistrationEvent[] history =
        [
            new AgencyRegistered(agency, "人事行政總處", "2025-01", Organisation("11"), null, Citizen("21", "6789"), "A123456789", Contact, "cert:MOICA2KEY:21", now.AddDays(-30)),
            new BothCertificatesSwapRequested(agency, 1, "人事行政總處", "2025-01", "GCAKEY", "11", Organisation("12"), null, "MOICA2KEY", "21", "A123456789", Contact,
                Citizen("22", "2340"), "B220612340", Contact with { Name = "陳美玲" }, due, "cert:MOICA2KEY:22", now),
        ];
        await app.Get<IEventStore>().AppendToStreamAsync(stream, StreamState.NoStream,
            history.Select(e => registry.ToEventData(e, Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test"))).ToArray());
        await app.CaughtUpAsync();
        return stream;
    }
}
