using Domain.Registration;
using ReadModels.Registration;
using ReadModels.Tests.TestSupport;
using static ReadModels.Tests.Registration.RegistrationStory;

namespace ReadModels.Tests.Registration;

/// <summary>The both-cards swaps in their cooling-off period and the notification outbox (issue 14 point 6), on both databases.</summary>
public abstract class BothSwapRequestsProjectionTests(ReadModelStore readModels) : IAsyncDisposable
{
    public sealed class OnSqlite() : BothSwapRequestsProjectionTests(ReadModelStore.Sqlite);

    public sealed class OnPostgres() : BothSwapRequestsProjectionTests(ReadModelStore.Postgres);

    private readonly ReadSide _readSide = new(readModels);

    public ValueTask DisposeAsync() => _readSide.DisposeAsync();

    private static BothCertificatesSwapRequested Requested(string agency, int number, DateTimeOffset at, DateTimeOffset effectiveAt) => new(
        agency, number, "人事行政總處", "2025-01", "GCAKEY", "11", Organisation("12"), null, "MOICA2KEY", "21", ManagerIdValue, Contact(),
        Citizen("22", "陳美玲", "2340"), "B220612340", Contact("陳美玲"), effectiveAt, "cert:MOICA2KEY:22", at);

    private static OrganisationAndManagerCertificatesReplaced Replaced(string agency, DateTimeOffset at) => new(
        agency, "2025-01", "GCAKEY", "11", Organisation("12"), null, "MOICA2KEY", "21", Citizen("22", "陳美玲", "2340"), "B220612340", Contact("陳美玲"), "cert:MOICA2KEY:22", at);

    [Fact]
    public async Task A_request_is_pending_with_both_recipients_in_the_outbox_and_no_national_id_in_clear()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "11", "21", Start), Requested("3230000", 1, Start.AddDays(1), Start.AddDays(6)));
        var projection = new BothSwapRequestsProjection(Registry);
        await story.ProjectAsync(projection);
        var query = new BothSwapRequestsQuery(_readSide.Database);

        var pending = (await query.PendingAsync()).ShouldHaveSingleItem();
        (pending.AgencyCode, pending.RequestNumber, pending.Status, pending.EffectiveAt).ShouldBe(("3230000", 1, SwapRequestStatus.Pending, Start.AddDays(6)));
        (pending.PreviousManagerMaskedId, pending.NewManagerMaskedId, pending.NewManagerName).ShouldBe(("A12****789", "B22****340", "陳美玲"));
        (await query.DueAsync(Start.AddDays(6).AddTicks(-10))).ShouldBeEmpty();
        (await query.DueAsync(Start.AddDays(6))).ShouldHaveSingleItem().RequestNumber.ShouldBe(1);
        (await query.PendingForAsync(["3230000"])).ShouldHaveSingleItem();
        (await query.PendingForAsync(["15023"])).ShouldBeEmpty();

        var outbox = await query.NotificationsAsync("3230000", 1);
        outbox.Select(n => (n.RecipientKind, n.RecipientName, n.RecipientMaskedId, n.RecipientEmail, n.CreatedAt)).ShouldBe(
        [
            (BothSwapRequestsProjection.PreviousManager, "王小明", "A12****789", "wang@example.gov.tw", Start.AddDays(1)),
            (BothSwapRequestsProjection.AgencyContact, "王小明", (string?)null, "wang@example.gov.tw", Start.AddDays(1)),
        ]);
        var stored = await _readSide.StoredTextAsync(projection);
        stored.ShouldContain("A12****789");
        stored.ShouldNotContain(ManagerIdValue);
        stored.ShouldNotContain("B220612340");
    }

    [Fact]
    public async Task Applied_approved_and_refused_requests_leave_the_pending_list_with_their_outcome()
    {
        var story = new RegistrationStory(_readSide);
        await story.AppendAsync("3230000", Registered("3230000", "人事行政總處", "11", "21", Start),
            Requested("3230000", 1, Start, Start.AddDays(5)), Replaced("3230000", Start.AddDays(5)));
        await story.AppendAsync("15023", Registered("15023", "明德高中", "11", "21", Start),
            Requested("15023", 1, Start, Start.AddDays(5)), new BothCertificatesSwapApproved("15023", 1, "staff:reviewer", Start.AddHours(3)), Replaced("15023", Start.AddHours(3)),
            Requested("15023", 2, Start.AddDays(1), Start.AddDays(6)), new BothCertificatesSwapRefused("15023", 2, "前任管理者不知情", "staff:reviewer", Start.AddDays(2)));
        await story.ProjectAsync(new BothSwapRequestsProjection(Registry));
        var query = new BothSwapRequestsQuery(_readSide.Database);

        (await query.PendingAsync()).ShouldBeEmpty();
        (await query.DueAsync(Start.AddDays(30))).ShouldBeEmpty();
        var settled = await query.RecentlySettledAsync(10);
        settled.Select(r => (r.AgencyCode, r.RequestNumber, r.Status, r.DecidedBy, r.DecidedAt, r.Reason)).ShouldBe(
        [
            ("3230000", 1, SwapRequestStatus.Applied, (string?)null, (DateTimeOffset?)Start.AddDays(5), (string?)null),
            ("15023", 2, SwapRequestStatus.Refused, "staff:reviewer", Start.AddDays(2), "前任管理者不知情"),
            ("15023", 1, SwapRequestStatus.Applied, "staff:reviewer", Start.AddHours(3), null),
        ]);
    }
}
