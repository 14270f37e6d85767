using Domain.Registration;
using EventStore;
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

    [Fact]
    public async Task A_swap_is_applied_only_once_its_period_has_ended_and_once_although_two_nodes_apply_it_at_the_same_moment()
    {
        var now = app.Clock.GetUtcNow();
        var due = now + app.Get<BothSwapSettings>().CoolingOff;
        var stream = await PendingBothSwap.AppendAsync(app, Agency, due);
        DueSwaps Node() => new(app.Get<BothSwapRequestsQuery>(), app.Pipeline, app.Clock, NullLogger<DueSwaps>.Instance);

        // Due is five days away (the default): nothing is applied a minute before.
        app.Clock.SetUtcNow(due.AddMinutes(-1));
        (await Node().ApplyDueAsync(CancellationToken.None)).ShouldBe(0);
        (await ReplacementsAsync(stream)).ShouldBe(0);

        app.Clock.SetUtcNow(due);
        var applied = await Task.WhenAll(Node().ApplyDueAsync(CancellationToken.None), Node().ApplyDueAsync(CancellationToken.None));

        // A node counts the swap if it sent the command (the loser of the race gets the winner's append back: same command
        // id) and not if its read model already showed it applied; never more than once …
        applied.ShouldAllBe(n => n <= 1);
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
