using Domain.Certificates;
using Domain.Common;
using Domain.Registration;
using ReadModels.ReferenceData;
using TestPki;
using Web.Authentication;
using Web.Pages.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Grants;

/// <summary>
/// Issue 14 point 6: the 經辦人 role at a citizen-card sign-in matches the grant's issuer key id, serial and person, not
/// the serial alone. 陳美玲 (citizen-moica2-ec) is granted functions; a card of another issuing CA with her serial, and a
/// card of another person with her serial, are issued by the test PKI and signed in as their holders would be.
/// </summary>
public sealed class HandlerRoleTests(HandlerRoleTests.App app) : IClassFixture<HandlerRoleTests.App>
{
    public sealed class App : DemoDataHandlerApp;

    private static readonly NationalId Handler = NationalId.Parse("B220612340").Id!.Value;   // 陳美玲
    private static readonly NationalId Other = NationalId.WithCheckDigit("F12893456");        // 林志豪

    private CertificateFacts Facts(byte[] der) => CertificateParser.Parse(der).Facts.ShouldNotBeNull();

    private async Task<IReadOnlyList<string>> HandlerAgenciesAsync(NationalId person, CertificateFacts card)
    {
        var people = app.Get<PersonSessions>();
        var record = await app.Get<PersonnelLookup>().LookUpAsync(person, people.Today);
        var session = await people.ForCitizenCardAsync(record, card, CancellationToken.None);
        return session.Roles.Contains(Roles.Handler) ? session.Agencies : [];
    }

    private async Task GrantAsync(CertificateFacts card, bool readFromTheCard)
    {
        var sitting = await app.SittingAsync();
        var catalogue = await app.CatalogueAsync();
        var form = HandlerGrantSittingSupport.Form(catalogue, card.SerialNumber, Handler.Value, "陳美玲");
        if (readFromTheCard)
            form.Certificate = Convert.ToBase64String(app.Pki.Leaf("citizen-moica2-ec").CertificateDer());
        (await app.SendAsync(new AddHandlerGrant(sitting, form, catalogue, Guid.CreateVersion7()))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_granted_card_of_the_granted_person_gets_the_handler_role()
    {
        var card = Facts(app.Pki.Leaf("citizen-moica2-ec").CertificateDer());
        await GrantAsync(card, readFromTheCard: true);
        var otherCa = Facts(app.Pki.IssueCitizenCard(new CitizenHolder("陳美玲", Handler.Value), new CardRequest { Issuer = "moica-g3", SerialNumber = card.SerialNumber }).CertificateDer);
        var otherPerson = Facts(app.Pki.IssueCitizenCard(new CitizenHolder("林志豪", Other.Value), new CardRequest { Issuer = "moica-g2", SerialNumber = card.SerialNumber }).CertificateDer);
        (otherCa.SerialNumber, otherPerson.SerialNumber).ShouldBe((card.SerialNumber, card.SerialNumber));
        otherCa.IssuerKeyId.ShouldNotBe(card.IssuerKeyId);

        (await HandlerAgenciesAsync(Handler, card)).ShouldBe([DemoDataHandlerApp.Agency]);
        (await HandlerAgenciesAsync(Handler, otherCa)).ShouldBeEmpty("another issuing CA's card with the same serial");
        (await HandlerAgenciesAsync(Other, otherPerson)).ShouldBeEmpty("another person's card with the same serial");
    }

    [Fact]
    public async Task A_grant_of_a_typed_serial_still_needs_the_granted_person()
    {
        var card = Facts(app.Pki.IssueCitizenCard(new CitizenHolder("陳美玲", Handler.Value), new CardRequest { Variant = "typed" }).CertificateDer);
        await GrantAsync(card, readFromTheCard: false);
        var otherPerson = Facts(app.Pki.IssueCitizenCard(new CitizenHolder("林志豪", Other.Value), new CardRequest { SerialNumber = card.SerialNumber }).CertificateDer);

        (await HandlerAgenciesAsync(Handler, card)).ShouldBe([DemoDataHandlerApp.Agency]);
        (await HandlerAgenciesAsync(Other, otherPerson)).ShouldBeEmpty("another person's card with the same serial");
    }
}
