using Domain.Ecpa;
using ReadModels.Ecpa;
using Web.Pages.Ecpa.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Ecpa.Grants;

/// <summary>應用系統授權 through the real pipeline: the agency's <c>ecpa-grants-</c> stream in the store file, and the grant list the page shows next.</summary>
public sealed class ApplicationSystemGrantChangesTests(ApplicationSystemGrantChangesTests.App app) : IClassFixture<ApplicationSystemGrantChangesTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    private const string Agency = DemoDataHandlerApp.Agency;

    [Fact]
    public async Task A_grant_to_current_staff_is_recorded_and_listed_when_the_page_answers_and_ticking_it_again_changes_nothing()
    {
        var officer = await app.PersonAsync(EcpaSessions.OfficerId);
        var before = await app.HeadAsync();

        var changed = (await app.SendAsync(new AddApplicationSystemGrants(app.AgencySession(), "HRDATA", "QUERY", [officer.Standing!.IdHash]))).Value;

        changed.ShouldBe(new ApplicationSystemGrantsChanged(1, null));
        var (stream, _, @event) = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem();
        stream.ShouldBe($"ecpa-grants-{Agency}");
        @event.ShouldBeOfType<ApplicationSystemGrantIssued>();
        var panel = (await app.SendAsync(new ListApplicationGrants(Agency, "HRDATA", "QUERY"))).Value;
        var row = panel.Rows.ShouldHaveSingleItem();
        (row.Name, row.MaskedNationalId).ShouldBe(("王小明", "A12****789"));

        var head = await app.HeadAsync();
        var again = (await app.SendAsync(new AddApplicationSystemGrants(app.AgencySession(), "HRDATA", "QUERY", [officer.Standing.IdHash]))).Value;

        again.Count.ShouldBe(0);
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Staff_of_another_agency_are_refused_and_nothing_is_written()
    {
        var stranger = await app.PersonAsync(EcpaSessions.OtherAgencyStaffId);
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new AddApplicationSystemGrants(app.AgencySession(), "SALARY", "QUERY", [stranger.Standing!.IdHash]));

        refused.Rejections.ShouldHaveSingleItem().Code.ShouldBe(ApplicationSystemGrantRejections.NotInAgency("x").Code);
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
        // The search does not find them at all (issue 14 point 6: no nationwide directory), with the not-found answer.
        var found = await app.SendAsync(new FindGrantee(Agency, EcpaSessions.OtherAgencyStaffId));
        found.Rejections.ShouldHaveSingleItem().ShouldBe(ApplicationSystemGrantMessages.NoSuchPerson);
    }

    [Fact]
    public async Task A_removed_grant_leaves_the_list_and_removing_it_again_changes_nothing()
    {
        var officer = await app.PersonAsync(EcpaSessions.OfficerId);
        (await app.SendAsync(new AddApplicationSystemGrants(app.AgencySession(), "TRAINING", "REVIEW", [officer.Standing!.IdHash]))).Succeeded.ShouldBeTrue();
        var before = await app.HeadAsync();

        var removed = (await app.SendAsync(new RemoveApplicationSystemGrant(app.AgencySession(), "TRAINING", "REVIEW", officer.Standing.IdHash))).Value;

        removed.Count.ShouldBe(1);
        (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<ApplicationSystemGrantRevoked>();
        (await app.SendAsync(new ListApplicationGrants(Agency, "TRAINING", "REVIEW"))).Value.Rows.ShouldBeEmpty();
        var head = await app.HeadAsync();
        (await app.SendAsync(new RemoveApplicationSystemGrant(app.AgencySession(), "TRAINING", "REVIEW", officer.Standing.IdHash))).Value.Count.ShouldBe(0);
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_grant_saved_while_the_list_is_held_back_is_in_the_store_and_the_answer_says_the_list_shows_it_shortly()
    {
        var officer = await app.PersonAsync(EcpaSessions.OfficerId);
        var before = await app.HeadAsync();

        using (app.Hold(ApplicationSystemGrantsProjection.ProjectionName))
        {
            var changed = (await app.SendAsync(new AddApplicationSystemGrants(app.AgencySession(), "ATTENDANCE", "MANAGE", [officer.Standing!.IdHash]))).Value;

            changed.ShouldBe(new ApplicationSystemGrantsChanged(1, Web.Messaging.ReadModelWait.SavedNotShownYet));
            (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<ApplicationSystemGrantIssued>();
        }
    }
}
