using EndToEnd.Tests.Account;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Ecpa;

/// <summary>機關憑證登入 on a PC with HiPKI Local Server and no agent of ours: the organisation card signs through HiPKI's popup.</summary>
public class OrganisationSignInThroughHiPkiTests(BrowserFixture browser, OrganisationSignInThroughHiPkiTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<OrganisationSignInThroughHiPkiTests.Service>
{
    public sealed class Service : UploadedAgencyFixture
    {
        protected override bool OnAHiPkiPc => true;
    }

    [Fact]
    public async Task The_uploaded_organisation_card_signs_in_through_HiPKI_as_its_agency()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.HiPki.RemoveAllCards();
        service.HiPki.InsertCard(service.Pki, UploadedAgencyFixture.OrganisationCard);

        await page.GotoAsync("/Account/SignIn?card=organisation");
        await CardStepDriver.SubmitPinThroughHiPkiAsync(page, button: "使用憑證登入");

        await SignInDriver.ShouldBeSignedInAsAsync(page, "行政院人事行政總處");
        (await session.Requests.ToWebServerAsync()).ShouldContain(r => r.Method == "POST" && r.Body.Contains("hipki%2F1", StringComparison.Ordinal));
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }
}
