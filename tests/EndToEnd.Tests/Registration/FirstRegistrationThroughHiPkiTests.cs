using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>
/// 首次註冊 on a PC with HiPKI Local Server and no agent of ours (tools/HiPkiEmulator): the organisation card and the
/// manager's citizen card each sign through HiPKI's popup, one card in the reader at a time, and the agency is registered.
/// </summary>
public class FirstRegistrationThroughHiPkiTests(BrowserFixture browser, FirstRegistrationThroughHiPkiTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<FirstRegistrationThroughHiPkiTests.Service>
{
    public sealed class Service : RegistrationService
    {
        protected override bool OnAHiPkiPc => true;
    }

    // PINs no national ID, serial or challenge of this test contains.
    private const string OrganisationPin = "Org7Kx9";
    private const string ManagerPin = "908172";

    [Fact]
    public async Task Both_cards_sign_through_HiPKI_and_the_agency_is_registered()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "org-gca-rsa", pin: OrganisationPin);
        var before = await service.Store.HeadAsync();

        await StartAsync(page, "/Registration/First");
        await page.Locator("#Input_AgencyCode").FillAsync("3230000");
        await CardStepDriver.SubmitPinThroughHiPkiAsync(page, OrganisationPin);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, "citizen-moica2-rsa", pin: ManagerPin);
        await page.Locator("#Input_ManagerNationalId").FillAsync("A123456789");
        await CardStepDriver.SubmitPinThroughHiPkiAsync(page, ManagerPin);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
        await Assertions.Expect(Testid(page, "manager-serial")).ToHaveTextAsync(service.Pki.Leaf("citizen-moica2-rsa").SerialNumber);
        await FillContactAsync(page, "王小明", "wang@dgpa.gov.tw", "(02)2397-9298");
        await ConfirmAsync(page);

        await Assertions.Expect(Testid(page, "wizard-done")).ToBeVisibleAsync();
        await ShotAsync(session, "registered-through-hipki");
        await session.ShouldPassAxeAsync();
        var recorded = (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem();
        recorded.StreamId.ShouldBe("registration-3230000");
        recorded.Type.ShouldBe("AgencyRegistered.v1");
        (await session.Requests.ToWebServerAsync()).Count(r => r.Method == "POST" && r.Body.Contains("hipki%2F1", StringComparison.Ordinal)).ShouldBe(2);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(OrganisationPin);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(ManagerPin);
        console.Where(e => !e.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
