using Domain.Common;
using Domain.Registration;
using ReadModels.Grants;
using Web.Pages.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Grants;

/// <summary>新增、修改、刪除授權經辦人 through the real pipeline: the sitting's agency stream in the store file, the grant list read model.</summary>
public sealed class HandlerGrantChangesTests(HandlerGrantChangesTests.App app) : IClassFixture<HandlerGrantChangesTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    [Fact]
    public async Task An_added_handler_grant_is_recorded_and_in_the_list_when_the_page_answers()
    {
        var sitting = await app.SittingAsync();
        var catalogue = await app.CatalogueAsync();
        var before = await app.HeadAsync();

        var changed = (await app.SendAsync(new AddHandlerGrant(sitting, HandlerGrantSittingSupport.Form(catalogue, "0A0A01"), catalogue, Guid.CreateVersion7()))).Value;

        changed.Appended.ShouldBeTrue();
        changed.NotShownNotice.ShouldBeNull();
        var issued = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<HandlerGrantIssued>();
        issued.GrantNumber.ShouldBe(changed.GrantNumber);
        var row = (await app.Get<AgencyHandlerGrantsQuery>().GrantAsync(DemoDataHandlerApp.Agency, changed.GrantNumber)).ShouldNotBeNull();
        row.Serial.ShouldBe("0A0A01");
        row.MaskedNationalId.ShouldBe("B22****340");
    }

    [Fact]
    public async Task An_edit_with_the_id_left_blank_keeps_the_id_the_grant_holds()
    {
        var sitting = await app.SittingAsync();
        var catalogue = await app.CatalogueAsync();
        var added = (await app.SendAsync(new AddHandlerGrant(sitting, HandlerGrantSittingSupport.Form(catalogue, "0A0A02"), catalogue, Guid.CreateVersion7()))).Value;
        var version = (await app.Get<HandlerGrantAgencyQuery>().AgencyAsync(DemoDataHandlerApp.Agency))!.StreamVersion;
        var before = await app.HeadAsync();

        var renewed = HandlerGrantSittingSupport.Form(catalogue, "0A0A99", nationalId: null);
        var changed = (await app.SendAsync(new EditHandlerGrant(sitting, added.GrantNumber, version, renewed, catalogue, Guid.CreateVersion7()))).Value;

        changed.Appended.ShouldBeTrue();
        var modified = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem().Event.ShouldBeOfType<HandlerGrantModified>();
        modified.HandlerCertificateSerial.ShouldBe("0A0A99");
        modified.HandlerNationalId.ShouldBe("B220612340");
    }

    [Fact]
    public async Task A_deletion_from_a_list_older_than_the_agency_is_refused_as_changed_meanwhile_and_writes_nothing()
    {
        var sitting = await app.SittingAsync();
        var catalogue = await app.CatalogueAsync();
        var added = (await app.SendAsync(new AddHandlerGrant(sitting, HandlerGrantSittingSupport.Form(catalogue, "0A0A03"), catalogue, Guid.CreateVersion7()))).Value;
        var staleVersion = (await app.Get<HandlerGrantAgencyQuery>().AgencyAsync(DemoDataHandlerApp.Agency))!.StreamVersion - 1;
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new DeleteHandlerGrant(sitting, added.GrantNumber, staleVersion, "離職", Guid.CreateVersion7()));

        refused.Rejections.ShouldHaveSingleItem().Code.ShouldBe(Rejection.ChangedMeanwhileCode);
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_the_two_card_steps_nothing_is_written()
    {
        var catalogue = await app.CatalogueAsync();
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new AddHandlerGrant(null, HandlerGrantSittingSupport.Form(catalogue, "0A0A04"), catalogue, Guid.CreateVersion7()));

        refused.Rejections.ShouldHaveSingleItem().ShouldBe(HandlerGrantPageRejections.SittingMissing);
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }
}
