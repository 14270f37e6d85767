using Domain.ReferenceData;
using Domain.Registration;
using ReadModels.Registration;
using Web.Pages.Registration;
using Web.Pages.Registration.Wizard;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration.Wizard;

/// <summary>
/// 首次註冊 and the swaps' confirmation through the real pipeline: the handler looks up the facts, the decider decides
/// on the stream in the store file, the read models the pages show next hold the result.
/// </summary>
public sealed class ConfirmCardWizardTests(ConfirmCardWizardTests.App app) : IClassFixture<ConfirmCardWizardTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    [Fact]
    public async Task A_first_registration_is_recorded_and_its_receipt_is_listed_when_the_page_answers()
    {
        const string agency = "3011400";
        var before = await app.HeadAsync();

        var outcome = await app.SendAsync(app.Confirm(RegistrationFlow.FirstRegistration, agency, "org-gca-ec", "citizen-moica2-ec", Holder("citizen-moica2-ec"), 0));

        var recorded = outcome.Value;
        recorded.Shown.ShouldBeTrue();
        var (stream, type, @event) = (await app.EventsAfterAsync(before)).ShouldHaveSingleItem();
        stream.ShouldBe($"registration-{agency}");
        type.ShouldBe("AgencyRegistered.v1");
        @event.ShouldBeOfType<AgencyRegistered>().TermsVersion.ShouldBe(DemoHost.DemoData.DemoTerms.Version);
        (await app.Get<RegistrationReceiptsQuery>().ForAgencyAsync(agency)).ShouldHaveSingleItem().Item.ShouldBe(ReceiptItem.FirstRegistration);
    }

    [Fact]
    public async Task Sending_the_same_confirmation_again_appends_nothing_and_succeeds()
    {
        var command = app.Confirm(RegistrationFlow.FirstRegistration, "15023", "org-xca-rsa", "citizen-moica3-rsa", Holder("citizen-moica3-rsa"), 0);
        var first = await app.SendAsync(command);
        var head = await app.HeadAsync();

        var again = await app.SendAsync(command);

        // The answer of the first send: the events it stored, where they sit.
        again.Value.Events.ShouldHaveSingleItem().ShouldBeOfType<AgencyRegistered>();
        again.Value.Position.ShouldBe(first.Value.Position);
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_first_registration_of_an_agency_registered_meanwhile_is_told_to_start_over_and_writes_nothing()
    {
        await app.RegisterAsync(DemoDataHandlerApp.Agency);
        var head = await app.HeadAsync();

        // Another manager's card: the same two cards again would be a repeat of what is in effect, which succeeds.
        var late = await app.SendAsync(app.Confirm(RegistrationFlow.FirstRegistration, DemoDataHandlerApp.Agency, "org-gca-rsa", "citizen-moica2-ec", Holder("citizen-moica2-ec"), 0));

        late.Rejections.ShouldHaveSingleItem().ShouldBe(RegistrationMessages.ChangedMeanwhile);
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_swap_confirmed_from_an_older_version_of_the_agency_is_refused_with_the_one_changed_meanwhile_code()
    {
        await app.RegisterAsync(DemoDataHandlerApp.Agency);
        var registration = await app.Pipeline.LoadRegistrationAsync(AgencyCode.Of(DemoDataHandlerApp.Agency), CancellationToken.None);
        var head = await app.HeadAsync();

        var stale = await app.SendAsync(app.Confirm(
            RegistrationFlow.ReplaceOrganisationCertificate, DemoDataHandlerApp.Agency, "org-gca-ec", "citizen-moica2-rsa", DemoDataHandlerApp.ManagerId, registration.Version - 1));

        var rejection = stale.Rejections.ShouldHaveSingleItem();
        rejection.IsChangedMeanwhile.ShouldBeTrue();
        rejection.Message.ShouldBe(RegistrationMessages.ChangedMeanwhile.Message);
        (await app.EventsAfterAsync(head)).ShouldBeEmpty();
    }

    /// <summary>The national ID of a test PKI citizen card's holder.</summary>
    private string Holder(string leaf) => app.Pki.Leaf(leaf).Citizen.ShouldNotBeNull().NationalId;
}
