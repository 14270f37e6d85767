using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Registration;

/// <summary>What a person does in the registration wizards, in the browser, step by step.</summary>
public static class RegistrationDriver
{
    public const string FirstRegistration = "/Registration/First";
    public const string OrganisationSwap = "/Registration/Swap/Organisation";
    public const string ManagerSwap = "/Registration/Swap/Manager";
    public const string BothSwap = "/Registration/Swap/Both";

    public static ILocator StepTitle(IPage page) => page.Locator("#wizard-step-title");

    public static ILocator FieldError(IPage page, string fieldId) => page.Locator($"#{fieldId}-error");

    public static ILocator Notice(IPage page) => page.Locator("#registration-wizard [data-notice]");

    public static ILocator Testid(IPage page, string id) => page.Locator($"[data-testid={id}]");

    /// <summary>
    /// A numbered screenshot (the harness's) and then the page as it was: Playwright's screenshot leaves an empty
    /// <c>style=""</c> on inputs (hiding the caret), which htmx would copy onto the next step's element of the same id,
    /// tripping the content security policy in a way no user's browser ever would.
    /// </summary>
    public static async Task ShotAsync(BrowserSession session, string step)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.ScreenshotAsync(step);
        await session.Page.EvaluateAsync("() => document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))");
    }

    /// <summary>Waits until the keyboard focus is on the element with this id (site.js moves it after a swap settles).</summary>
    public static async Task FocusShouldBeOnAsync(IPage page, string id) =>
        await page.WaitForFunctionAsync("id => document.activeElement && document.activeElement.id === id", id);

    /// <summary>Opens a wizard and accepts the terms; returns at the organisation card step.</summary>
    public static async Task StartAsync(IPage page, string path, BrowserSession? screenshots = null)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("用戶約定條款");
        if (screenshots is not null)
        {
            await ShotAsync(screenshots, "terms");
            await screenshots.ShouldPassAxeAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "同意條款內容" }).ClickAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
    }

    /// <summary>Types the agency code and the organisation card's PIN and presses 確認.</summary>
    public static async Task OrganisationCardAsync(IPage page, string agencyCode, string pin = CardStepDriver.Pin)
    {
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Input_AgencyCode").FillAsync(agencyCode);
        await CardStepDriver.SubmitPinAsync(page, pin);
    }

    /// <summary>Types the manager's national ID and the citizen card's PIN and presses 確認.</summary>
    public static async Task ManagerCardAsync(IPage page, string nationalId, string pin = CardStepDriver.Pin)
    {
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Input_ManagerNationalId").FillAsync(nationalId);
        await CardStepDriver.SubmitPinAsync(page, pin);
    }

    /// <summary>Fills the confirmation's contact fields (null leaves a field as it is).</summary>
    public static async Task FillContactAsync(IPage page, string? name, string? email, string? phone, string? extension = null, string? note = null)
    {
        foreach (var (id, value) in new[] { ("Contact_Name", name), ("Contact_Email", email), ("Contact_Phone", phone), ("Contact_Extension", extension), ("Contact_Note", note) })
        {
            if (value is not null)
                await page.Locator($"#{id}").FillAsync(value);
        }
    }

    /// <summary>Presses the confirmation's 確認 and waits until the server answered (the wizard was swapped).</summary>
    public static async Task ConfirmAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector('#registration-wizard[aria-busy=\"true\"]')");
    }

    /// <summary>
    /// The whole wizard with valid cards already in their readers, up to its result; with <paramref name="screenshots"/>
    /// every step is photographed and checked with axe on the way. The result is <c>wizard-done</c>, or for the both-cards
    /// swap (requested, in effect after its cooling-off period) <c>swap-pending</c>.
    /// </summary>
    public static async Task CompleteAsync(
        IPage page, string path, string agencyCode, string nationalId, string contactName = "王小明", BrowserSession? screenshots = null)
    {
        var result = path == BothSwap ? "swap-pending" : "wizard-done";
        async Task StepAsync(string name)
        {
            if (screenshots is null)
                return;
            await ShotAsync(screenshots, name);
            await screenshots.ShouldPassAxeAsync();
        }

        await StartAsync(page, path, screenshots);
        await CardStepDriver.WaitForCardAsync(page);
        await StepAsync("organisation-card");
        await OrganisationCardAsync(page, agencyCode);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await CardStepDriver.WaitForCardAsync(page);
        await StepAsync("manager-card");
        await ManagerCardAsync(page, nationalId);
        await Assertions.Expect(StepTitle(page)).ToContainTextAsync("資料確認");
        await FillContactAsync(page, contactName, "manager@agency.gov.tw", "(02)2701-3411", "123");
        await StepAsync("confirmation");
        await ConfirmAsync(page);
        await Assertions.Expect(Testid(page, result)).ToBeVisibleAsync();
        await StepAsync("done");
    }
}
