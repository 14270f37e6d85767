using Domain.Registration;
using ReadModels.Grants;
using Web.Messaging;
using Web.Pages.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Grants;

/// <summary>A grant saved while the list's read model is held back: the answer says so, and is not an error.</summary>
public sealed class HandlerGrantWhileTheListIsBehindTests(HandlerGrantWhileTheListIsBehindTests.App app) : IClassFixture<HandlerGrantWhileTheListIsBehindTests.App>
{
    public sealed class App : DemoDataHandlerApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Web:ReadModelWait", "00:00:00.300")];
    }

    [Fact]
    public async Task The_grant_is_in_the_store_and_the_answer_says_the_list_shows_it_shortly()
    {
        var sitting = await app.SittingAsync();
        var catalogue = await app.CatalogueAsync();
        var before = await app.HeadAsync();

        using (app.Hold(HandlerGrantsProjection.ProjectionName))
        {
            var changed = (await app.SendAsync(new AddHandlerGrant(sitting, HandlerGrantSittingSupport.Form(catalogue, "0B0B01"), catalogue, Guid.CreateVersion7()))).Value;

            changed.Appended.ShouldBeTrue();
            changed.NotShownNotice.ShouldBe(ReadModelWait.SavedNotShownYet);
            (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<HandlerGrantIssued>();
            (await app.Get<AgencyHandlerGrantsQuery>().GrantAsync(DemoDataHandlerApp.Agency, changed.GrantNumber)).ShouldBeNull();
        }
    }
}
