using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using TestPki;
using DemoHost.DemoData;

namespace EndToEnd.Tests.Account;

/// <summary>What a person does on the sign-in pages, in the browser.</summary>
public static partial class SignInDriver
{
    /// <summary>Takes every card out and puts this one in (one reader, so the step picks it without asking).</summary>
    public static void OnlyCard(ServiceUnderTest service, PkiManifest pki, string leaf)
    {
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(pki, leaf);
    }

    /// <summary>The same for a card issued for the test (a renewal, someone not in the records).</summary>
    public static void OnlyCard(ServiceUnderTest service, IssuedCard card)
    {
        service.Agent.RemoveAllCards();
        card.WriteTo(service.Agent.CardsDirectory);
    }

    /// <summary>Opens the sign-in page on the card of <paramref name="card"/> kind and signs in with the PIN.</summary>
    public static async Task CardSignInAsync(IPage page, string card = "citizen", string pin = CardStepDriver.Pin)
    {
        await page.GotoAsync(card == "organisation" ? "/Account/SignIn?card=organisation" : "/Account/SignIn");
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, pin, "使用憑證登入");
    }

    public static async Task PasswordSignInAsync(IPage page, string account, string password = DemoAccounts.Password)
    {
        await page.GotoAsync("/Account/SignIn");
        await page.Locator("#Input_Account").FillAsync(account);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("#password-sign-in button[type=submit]").ClickAsync();
    }

    /// <summary>
    /// A staff sign-in with both factors: the password, then — with the holder's card alone in the reader, lent for the
    /// sign-in — the PIN on the second step; returns once the session is open (the page left the sign-in page) and the
    /// cards that were in the reader before are back.
    /// </summary>
    public static async Task StaffSignInAsync(BrowserSession session, string account, string password, string holderCard = ServiceUnderTest.StaffCard)
    {
        ArgumentNullException.ThrowIfNull(session);
        var service = session.Service ?? throw new InvalidOperationException("the browser session knows no service");
        using var lent = await service.Agent.LendReadersAsync();
        service.Agent.InsertCard(TestPkiCache.Get(), holderCard);
        var page = session.Page;
        await page.GotoAsync("/Account/SignIn");
        await page.Locator("#Input_Account").FillAsync(account);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("#password-sign-in").GetByRole(AriaRole.Button, new() { Name = "登入", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=staff-password-ok]")).ToBeVisibleAsync();
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page, CardStepDriver.Pin, "完成登入");
        try
        {
            await LeftSignInPageAsync(page);
        }
        catch (Exception stuck) when (stuck is PlaywrightException or TimeoutException)
        {
            // Say what the page said: a slow page and a refused card step look alike from the URL alone.
            var said = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"The staff sign-in of {account} did not load a page other than the sign-in page; at {page.Url} the page says: {said}", stuck);
        }
    }

    /// <summary>
    /// Waits until the page has left the sign-in page and the new page has loaded. Not <c>WaitForURLAsync</c>: its
    /// check of the URL and its wait for the next navigation can miss a navigation that lands between the two
    /// (playwright-dotnet#3364), which under load failed the staff sign-in with 我的專區 already on screen.
    /// </summary>
    public static async Task LeftSignInPageAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Assertions.Expect(page).Not.ToHaveURLAsync(SignInPage(), new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    [System.Text.RegularExpressions.GeneratedRegex("/Account/SignIn")]
    private static partial System.Text.RegularExpressions.Regex SignInPage();

    public static async Task SignOutAsync(IPage page)
    {
        await page.Locator("[data-testid=sign-in-status] button").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登出");
    }

    /// <summary>The name the header shows for the session (waits for it).</summary>
    public static async Task ShouldBeSignedInAsAsync(IPage page, string name) =>
        await Assertions.Expect(page.Locator("[data-testid=signed-in-name]")).ToHaveTextAsync(name);

    public static ILocator WizardError(IPage page) => page.Locator("[data-testid=first-sign-in-error]");

    /// <summary>帳號資訊不存在 → types the account or national ID and presses 下一步, returning once htmx has swapped the answer in.</summary>
    public static async Task AnswerFirstSignInAsync(IPage page, string accountOrNationalId)
    {
        await page.Locator("#FirstSignIn_AccountOrNationalId").FillAsync(accountOrNationalId);
        await ClickAndSettleAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "下一步" }));
    }

    /// <summary>
    /// Presses a button whose htmx POST swaps part of the page, and returns once the swap has settled: a repeated
    /// message looks the same before and after, so waiting for its text alone would race the next input.
    /// </summary>
    public static async Task ClickAndSettleAsync(IPage page, ILocator button)
    {
        await page.RunAndWaitForResponseAsync(() => button.ClickAsync(), r => r.Request.Method == "POST" && r.Request.Headers.ContainsKey("hx-request"));
        await page.WaitForFunctionAsync("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')");
    }
}
