using System.Text;
using Domain.Common;
using Domain.Registration;
using Web.Pages.Audit;
using Web.Pages.Audit.AsOf;
using Web.Pages.Audit.Diff;
using Web.Pages.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Audit;

/// <summary>
/// The auditors' queries over a real agency stream in the store file: registered on one day (through 首次註冊's handler),
/// a handler grant added two days later (through 新增授權經辦人's handler); then the timeline, the state as of the
/// first day, the difference between the two days, the chain check and the export read that stream back.
/// </summary>
public sealed class AgencyHistoryQueriesTests(AgencyHistoryQueriesTests.App app) : IClassFixture<AgencyHistoryQueriesTests.App>
{
    public sealed class App : DemoDataHandlerApp
    {
        private Task<DateOnly>? _given;

        /// <summary>The Given of every test (run once per class): the registration day; the grant is two days later.</summary>
        public Task<DateOnly> RegisteredThenGrantedAsync()
        {
            lock (this)
                return _given ??= GivenAsync();
        }

        private async Task<DateOnly> GivenAsync()
        {
            var registeredOn = RocDate.TaiwanDate(Clock.GetUtcNow());
            await RegisterAsync();
            Clock.Advance(TimeSpan.FromDays(2));
            var sitting = await this.SittingAsync();
            var catalogue = await this.CatalogueAsync();
            var added = await SendAsync(new AddHandlerGrant(sitting, HandlerGrantSittingSupport.Form(catalogue, "0C0C01"), catalogue, Guid.CreateVersion7()));
            added.Succeeded.ShouldBeTrue(string.Join(", ", added.Rejections.Select(r => r.Code)));
            return registeredOn;
        }
    }

    private const string Agency = DemoDataHandlerApp.Agency;

    [Fact]
    public async Task The_timeline_lists_the_stream_in_order_with_the_directory_name_and_an_unbroken_chain_of_hashes()
    {
        await app.RegisteredThenGrantedAsync();

        var timeline = (await app.SendAsync(new GetAgencyTimeline(Agency))).Value;

        timeline.DirectoryName.ShouldBe("人事行政總處");
        timeline.Events.Select(e => e.StoredType).ShouldBe(["AgencyRegistered.v1", "GrantIssued.v2"]);
        timeline.Events[1].PreviousHash.ShouldBe(timeline.Events[0].Hash);
        timeline.Events[1].Actor.ShouldStartWith("cert:");
        timeline.Events.SelectMany(e => e.Details.Append(e.What)).ShouldNotContain(line => line.Contains("B220612340", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_state_as_of_the_registration_day_holds_the_registration_and_not_the_later_grant()
    {
        var registeredOn = await app.RegisteredThenGrantedAsync();

        var asOf = (await app.SendAsync(new GetAgencyStateAsOf(Agency, RocDate.FormatShort(registeredOn), null))).Value;

        asOf.State.Registered.ShouldNotBeNull();
        asOf.State.Grants.ShouldBeEmpty();
        asOf.Included.ShouldHaveSingleItem().Event.ShouldBeOfType<AgencyRegistered>();
        asOf.Later.ShouldBe(1);
    }

    [Fact]
    public async Task The_difference_between_the_two_days_is_the_grant()
    {
        var registeredOn = await app.RegisteredThenGrantedAsync();
        var grantedOn = registeredOn.AddDays(2);

        var diff = (await app.SendAsync(new GetAgencyDiff(Agency, RocDate.FormatShort(registeredOn), null, RocDate.FormatShort(grantedOn), null))).Value;

        diff.Between.ShouldHaveSingleItem().Event.ShouldBeOfType<HandlerGrantIssued>().HandlerCertificateSerial.ShouldBe("0C0C01");
        var change = diff.Changes.ShouldHaveSingleItem();
        change.Section.ShouldBe(AgencyStateLines.GrantSection);
        change.Before.ShouldBeNull();
        change.After.ShouldNotBeNull().ShouldContain("憑證序號 0C0C01");
        change.After.ShouldContain("B22****340");
    }

    [Fact]
    public async Task A_difference_that_ends_before_it_starts_is_refused_at_the_end_date()
    {
        var registeredOn = await app.RegisteredThenGrantedAsync();

        var refused = await app.SendAsync(new GetAgencyDiff(Agency, RocDate.FormatShort(registeredOn.AddDays(2)), null, RocDate.FormatShort(registeredOn), null));

        refused.Rejections.ShouldHaveSingleItem().Field.ShouldBe(nameof(GetAgencyDiff.ToDate));
    }

    [Fact]
    public async Task The_chain_check_of_the_stream_as_written_finds_no_break()
    {
        await app.RegisteredThenGrantedAsync();

        var check = (await app.SendAsync(new VerifyAgencyChain(Agency))).Value;

        check.Report.IsIntact.ShouldBeTrue();
        check.Report.EventsVerified.ShouldBe(2);
        check.FirstBrokenEvent.ShouldBeNull();
    }

    [Fact]
    public async Task The_json_export_carries_both_events_with_their_hashes_and_masks_the_handlers_id()
    {
        await app.RegisteredThenGrantedAsync();
        var timeline = (await app.SendAsync(new GetAgencyTimeline(Agency))).Value;

        var file = (await app.SendAsync(new ExportAgencyHistory(Agency, "json", "staff:auditor"))).Value;

        var text = Encoding.UTF8.GetString(file.Content);
        file.ContentType.ShouldStartWith("application/json");
        text.ShouldContain("\"GrantIssued.v2\"");
        text.ShouldContain(timeline.Events[1].Hash);
        text.ShouldContain("B22****340");
        text.ShouldNotContain("B220612340");
    }
}
