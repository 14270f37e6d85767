using Domain.Registration;
using EventStore;
using EventStore.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Registration;
using Web.Pages.Registration;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration;

/// <summary>
/// Issue 14 point 6: a both-cards swap takes effect when its cooling-off period ends, through the applying process, once —
/// even when several nodes' processes find it due at the same moment.
/// </summary>
public sealed class DueSwapsTests(HandlerApp app) : IClassFixture<HandlerApp>
{
    private const string Agency = "3230000";

    private static OrganisationCertificateInfo Organisation(string serial) => new(
        serial, "OU=政府憑證管理中心,O=行政院,C=TW", "GCAKEY", "OU=人事行政總處,O=行政院,C=TW", null,
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), "2.16.886.101.20003.20012", null, "T" + serial);

    private static CitizenCertificateInfo Citizen(string serial, string lastFour) => new(
        serial, "OU=內政部憑證管理中心,O=內政部,C=TW", "MOICA2KEY", "CN=王小明,C=TW", "王小明",
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), lastFour, null, "T" + serial);

    private static readonly ManagerContact Contact = new("王小明", "wang@example.gov.tw", "(02)2701-3411", null, null);

    [Fact]
    public async Task A_swap_is_applied_only_once_its_period_has_ended_and_once_although_two_nodes_apply_it_at_the_same_moment()
    {
        var now = app.Clock.GetUtcNow();
        var due = now + app.Get<BothSwapSettings>().CoolingOff;
        var stream = $"registration-{Agency}";
        var registry = app.Get<EventTypeRegistry>();
        RegistrationEvent[] history =
        [
            new AgencyRegistered(Agency, "人事行政總處", "2025-01", Organisation("11"), null, Citizen("21", "6789"), "A123456789", Contact, "cert:MOICA2KEY:21", now.AddDays(-30)),
            new BothCertificatesSwapRequested(Agency, 1, "人事行政總處", "2025-01", "GCAKEY", "11", Organisation("12"), null, "MOICA2KEY", "21", "A123456789", Contact,
                Citizen("22", "2340"), "B220612340", Contact with { Name = "陳美玲" }, due, "cert:MOICA2KEY:22", now),
        ];
        await app.Get<IEventStore>().AppendToStreamAsync(stream, StreamState.NoStream,
            history.Select(e => registry.ToEventData(e, Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "test"))).ToArray());
        await app.CaughtUpAsync();
        DueSwaps Node() => new(app.Get<BothSwapRequestsQuery>(), app.Pipeline, app.Clock, NullLogger<DueSwaps>.Instance);

        // Due is five days away (the default): nothing is applied a minute before.
        app.Clock.SetUtcNow(due.AddMinutes(-1));
        (await Node().ApplyDueAsync(CancellationToken.None)).ShouldBe(0);
        (await ReplacementsAsync(stream)).ShouldBe(0);

        app.Clock.SetUtcNow(due);
        var applied = await Task.WhenAll(Node().ApplyDueAsync(CancellationToken.None), Node().ApplyDueAsync(CancellationToken.None));

        // Each node sees the swap take effect (the one that lost the race gets the winner's append back, same command id) …
        applied.ShouldBe([1, 1]);
        // … and the stream holds it once.
        (await ReplacementsAsync(stream)).ShouldBe(1);
        var state = await app.Pipeline.LoadAsync<RegistrationDecider, AgencyRegistration, RegistrationCommand, RegistrationEvent>(stream, CancellationToken.None);
        state.Registered!.ManagerNationalId.ShouldBe("B220612340");
        state.PendingSwap.ShouldBeNull();
        // Later rounds find nothing due.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Node().ApplyDueAsync(CancellationToken.None)).ShouldBe(0);
        (await ReplacementsAsync(stream)).ShouldBe(1);
    }

    [Fact]
    public void The_cooling_off_setting_defaults_to_five_days_and_refuses_what_is_not_a_period_from_a_minute_to_30_days()
    {
        BothSwapSettings.From(null).CoolingOff.ShouldBe(TimeSpan.FromDays(5));
        BothSwapSettings.From("2.00:00:00").CoolingOff.ShouldBe(TimeSpan.FromDays(2));
        foreach (var bad in new[] { "three days", "00:00:00", "-1.00:00:00", "31.00:00:00" })
            Should.Throw<InvalidOperationException>(() => BothSwapSettings.From(bad)).Message.ShouldStartWith("Registration:BothCardsSwapCoolingOff must be");
    }

    private async Task<int> ReplacementsAsync(string stream)
    {
        var read = await app.Get<IEventStore>().ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100);
        return read.Events.Count(e => e.Type == "OrganisationAndManagerCertificatesReplaced.v1");
    }
}
