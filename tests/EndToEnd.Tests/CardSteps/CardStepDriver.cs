using System.Text.Json.Nodes;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using TestPki;

namespace EndToEnd.Tests.CardSteps;

/// <summary>What a person does in a card step, in the browser: wait for the card, type the PIN, press 確認.</summary>
public static class CardStepDriver
{
    public const string Pin = "123456";

    public static ILocator PinInput(IPage page) => page.Locator("#CardStep_Pin");

    public static ILocator ReaderStatus(IPage page) => page.Locator("#CardStep_Reader-status");

    public static ILocator PinError(IPage page) => page.Locator("#CardStep_Pin-error");

    public static ILocator ReaderError(IPage page) => page.Locator("#CardStep_Reader-error");

    /// <summary>The step's notice: what the server found about the card itself (expired, revoked, a test CA's).</summary>
    public static ILocator Notice(IPage page) => page.Locator("[data-card-step-notice]");

    /// <summary>
    /// A state of the card, not an input error: <paramref name="message"/> once on the page, in the step's notice with
    /// whom to ask, and read out; no error summary, nothing at the PIN, which is not marked invalid.
    /// </summary>
    public static async Task ShouldShowCardStateAsync(IPage page, string message)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Assertions.Expect(Notice(page)).ToContainTextAsync(message);
        await Assertions.Expect(Notice(page)).ToHaveClassAsync("notice notice--warning");
        await Assertions.Expect(page.Locator("#main").GetByText(message)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(PinError(page)).ToBeHiddenAsync();
        (await PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBeNull();
        var kind = await page.Locator("form[data-card-step]").GetAttributeAsync("data-card-kind");
        await Assertions.Expect(Notice(page)).ToContainTextAsync(kind == "citizen" ? "內政部憑證管理中心" : "憑證管理中心受理");
        await ShouldAnnounceAsync(page, message);
    }

    /// <summary>
    /// 查詢機關憑證OID, the organisation card step the card-step tests run on, asks for the agency code with the PIN
    /// (the directory must have it: <c>service.SeedReferenceDataAsync()</c>); the default is org-gca-rsa's agency.
    /// </summary>
    public static async Task TypeAgencyCodeAsync(IPage page, string agencyCode = "3230000") =>
        await page.GetByLabel("機關代號").FillAsync(agencyCode);

    /// <summary>Waits until the step's reader status says the expected card is there.</summary>
    public static async Task WaitForCardAsync(IPage page) =>
        await Assertions.Expect(ReaderStatus(page)).ToContainTextAsync("已偵測到");

    /// <summary>Types the PIN and presses the step's button; returns once the card step has answered (a swap or a message).</summary>
    public static async Task SubmitPinAsync(IPage page, string pin = Pin, string button = "確認")
    {
        await PinInput(page).FillAsync(pin);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector('form[data-card-step][aria-busy=\"true\"]')");
    }

    /// <summary>
    /// On a HiPKI PC: waits for the step to say HiPKI will sign, types the PIN, presses the step's button and waits for
    /// HiPKI's popup to come and go (it closes itself once it has answered), then for the step's answer.
    /// </summary>
    public static async Task SubmitPinThroughHiPkiAsync(IPage page, string pin = Pin, string button = "確認")
    {
        await Assertions.Expect(ReaderStatus(page)).ToContainTextAsync("將改用 HiPKI 跨平台網頁元件");
        await PinInput(page).FillAsync(pin);
        await ThroughHiPkiPopupAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        await page.WaitForFunctionAsync("() => !document.querySelector('form[data-card-step][aria-busy=\"true\"]')");
    }

    /// <summary>
    /// Does <paramref name="click"/>, which opens HiPKI's popup bridge, and waits until the popup has closed. When that
    /// popup only read HiPKI's readers (a card step's first HiPKI click in a tab) and the step asks for its button
    /// again, clicks again, as a person would.
    /// </summary>
    public static async Task ThroughHiPkiPopupAsync(IPage page, Func<Task> click)
    {
        ArgumentNullException.ThrowIfNull(page);
        await OneHiPkiPopupAsync(page, click);
        await page.WaitForFunctionAsync("() => !document.querySelector('form[data-card-step][aria-busy=\"true\"]')");
        var status = page.Locator("#CardStep_Reader-status");
        if (await status.CountAsync() == 1 && (await status.InnerTextAsync()) is var text && text.Contains("請再按", StringComparison.Ordinal) && text.Contains("完成簽章", StringComparison.Ordinal))
            await OneHiPkiPopupAsync(page, click);
    }

    private static async Task OneHiPkiPopupAsync(IPage page, Func<Task> click)
    {
        var popup = await page.RunAndWaitForPopupAsync(click);
        popup.Url.ShouldStartWith("http://127.0.0.1:");
        popup.Url.ShouldEndWith("/popupForm");
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        if (!popup.IsClosed)
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Copies a test PKI card image into the agent's folder with another PIN or fewer tries left (the PKI's own copy
    /// stays as it is). Another PIN matters where the default one, 123456, is part of something the page does post,
    /// such as the national ID A123456789.
    /// </summary>
    public static void InsertCard(CardAgentProcess agent, PkiManifest pki, string leafName, string? pin = null, int? triesLeft = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(pki);
        var image = JsonNode.Parse(File.ReadAllText(pki.PathOf(pki.Leaf(leafName).CardPath)))!;
        if (pin is not null)
            image["pin"] = pin;
        if (triesLeft is not null)
            image["pinTriesLeft"] = triesLeft;
        File.WriteAllText(Path.Combine(agent.CardsDirectory, leafName + ".card.json"), image.ToJsonString());
    }

    /// <summary>
    /// Console errors and page errors from now on, each with where it came from: script errors, failed requests and
    /// content-security-policy refusals show up here.
    /// </summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> WatchConsole(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Enqueue($"{message.Location}: {message.Text}");
        };
        page.PageError += (_, error) => errors.Enqueue(error);
        return errors;
    }

    /// <summary>The live region's text, once it holds <paramref name="expected"/>.</summary>
    public static async Task ShouldAnnounceAsync(IPage page, string expected) =>
        await page.WaitForFunctionAsync("text => document.getElementById('live-region').textContent.includes(text)", expected);
}
