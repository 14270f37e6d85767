using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Grants;

/// <summary>What a manager does in the browser before any grant page shows its list: the two card steps of 授權指派.</summary>
public static class GrantsDriver
{
    /// <summary>True once htmx has no request in flight and nothing swapping or settling.</summary>
    public const string QuietHtmx = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')";

    /// <summary>
    /// Opens <paramref name="path"/> and passes both card steps with the registered cards (organisation card, then the
    /// manager's); ends when the page's list heading <paramref name="listHeading"/> shows.
    /// </summary>
    public static async Task OpenSittingAsync(IPage page, GrantsFixture service, string path = "/Grants", string listHeading = "授權經辦人清單")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(service);
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, GrantsFixture.OrganisationCard);
        await page.GotoAsync(path);
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Step_AgencyCode").FillAsync(GrantsFixture.Agency);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權管理者自然人憑證確認");
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, GrantsFixture.ManagerCard);
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Step_ManagerNationalId").FillAsync(GrantsFixture.ManagerId);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync(listHeading);
    }

    /// <summary>
    /// The PIN went to the card agent and never to the web server. The manager's ID (A123456789) holds the test PIN's
    /// digits, so it is taken out of what the server received before looking for the PIN.
    /// </summary>
    public static async Task ShouldHaveSentThePinToTheAgentOnlyAsync(BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        (await session.Requests.ToCardAgentAsync()).ShouldContain(r => r.Body.Contains(CardStepDriver.Pin, StringComparison.Ordinal));
        var toServer = await session.Requests.ToWebServerAsync();
        toServer.ShouldNotBeEmpty();
        toServer.ShouldAllBe(r => !(r.Url + r.Body).Replace(GrantsFixture.ManagerId, "", StringComparison.Ordinal).Contains(CardStepDriver.Pin, StringComparison.Ordinal));
    }

    /// <summary>A numbered screenshot once htmx is done (nothing in flight, swapping or settling).</summary>
    public static async Task ScreenshotAsync(BrowserSession session, string step)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Page.WaitForFunctionAsync(QuietHtmx);
        await session.ScreenshotAsync(step);
    }
}

/// <summary>The grant editor's reader choice (shown when several readers hold a citizen card).</summary>
public static class ReaderChoice
{
    /// <summary>Picks the reader (or HiPKI slot) that holds the test PKI card <paramref name="leafName"/>: readers are named after the card's file.</summary>
    public static async Task ChooseAsync(ILocator select, string leafName)
    {
        ArgumentNullException.ThrowIfNull(select);
        await Assertions.Expect(select.Locator("option", new() { HasText = leafName })).ToHaveCountAsync(1);
        var label = await select.Locator("option", new() { HasText = leafName }).TextContentAsync();
        await select.SelectOptionAsync(new SelectOptionValue { Label = label! });
    }
}
