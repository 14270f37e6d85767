using Domain.Ecpa;
using SignInWithOrganisationCard = Web.Pages.Account.SignIn.SignInWithOrganisationCard;
using Web.Pages.Ecpa.OrganisationCertificate;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Ecpa.OrganisationCertificate;

/// <summary>機關憑證上傳 through the real pipeline: the agency's eCPA stream in the store file, and the certificate index card sign-in reads.</summary>
public sealed class UploadOrganisationCertificateTests(UploadOrganisationCertificateTests.App app) : IClassFixture<UploadOrganisationCertificateTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    private const string Agency = DemoDataHandlerApp.Agency;

    [Fact]
    public async Task The_officers_upload_binds_the_card_so_it_signs_in_at_once_and_a_second_upload_appends_nothing()
    {
        var officer = await app.PersonSessionAsync(EcpaSessions.OfficerId);
        var card = app.Card("org-gca-rsa", IndexModel.Step.Name);
        var before = await app.HeadAsync();

        var uploaded = (await app.SendAsync(new UploadOrganisationCertificate(card, Agency, officer))).Value;

        uploaded.ShouldBe(new OrganisationCertificateUploaded(Agency, "人事行政總處", Replaced: false, AlreadyBound: false, NotShownNotice: null));
        var (stream, _, @event) = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem();
        stream.ShouldBe($"ecpa-agency-{Agency}");
        @event.ShouldBeOfType<OrganisationCertificateBound>().UploaderName.ShouldBe("王小明");
        // Card sign-in reads the certificate index: the answer came only once the index knew the card.
        (await app.SendAsync(new SignInWithOrganisationCard(card))).Value.Agencies.ShouldBe([Agency]);

        var head = await app.HeadAsync();
        var again = (await app.SendAsync(new UploadOrganisationCertificate(card, Agency, officer))).Value;

        again.AlreadyBound.ShouldBeTrue();
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Someone_who_is_not_a_personnel_officer_is_refused_and_nothing_is_written()
    {
        var staff = await app.PersonSessionAsync(EcpaSessions.OtherAgencyStaffId);
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new UploadOrganisationCertificate(app.Card("org-gca-rsa", IndexModel.Step.Name), Agency, staff));

        refused.Rejections.ShouldHaveSingleItem().ShouldBe(OrganisationUploadRejections.NotAPersonnelOfficer);
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_agencys_card_is_refused_at_the_agency_code_and_nothing_is_written()
    {
        var officer = await app.PersonSessionAsync(EcpaSessions.OfficerId);
        var before = await app.HeadAsync();

        var refused = await app.SendAsync(new UploadOrganisationCertificate(app.Card("org-gca-ec", IndexModel.Step.Name), Agency, officer));

        refused.Rejections.ShouldHaveSingleItem().Code.ShouldBe("oid-does-not-match-agency");
        (await app.EventsAfterAsync(before)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agency_code_of_the_wrong_shape_is_refused_at_the_field_before_the_handler_runs()
    {
        var officer = await app.PersonSessionAsync(EcpaSessions.OfficerId);

        var refused = await app.SendAsync(new UploadOrganisationCertificate(app.Card("org-gca-rsa", IndexModel.Step.Name), "32-30", officer));

        refused.Rejections.ShouldHaveSingleItem().Field.ShouldBe(nameof(UploadOrganisationCertificate.AgencyCode));
    }
}
