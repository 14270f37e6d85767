using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Queries;

/// <summary>查詢自然人憑證序號 end to end: the national ID typed with the card, the PIN to the agent only, the serial shown.</summary>
public class CitizenSerialTests(BrowserFixture browser, CardStepFixture service) : IClassFixture<BrowserFixture>, IClassFixture<CardStepFixture>
{
    private const string NationalId = "A123456789";

    /// <summary>Not 123456, which the national ID contains: the check that the PIN never reaches the server must mean something.</summary>
    private const string Pin = "908172";

    [Fact]
    public async Task The_holder_s_name_and_certificate_serial_are_shown_after_the_ID_and_PIN()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);
        var leaf = service.Pki.Leaf("citizen-moica2-rsa");
        service.Agent.RemoveAllCards();
        CardStepDriver.InsertCard(service.Agent, service.Pki, "citizen-moica2-rsa", pin: Pin);
        var before = await service.Store.HeadAsync();

        await page.GotoAsync("/Queries/CitizenSerial");
        await CardStepDriver.WaitForCardAsync(page);
        await page.GetByLabel("身分證統一編號").FillAsync(NationalId);
        await CardStepDriver.PinInput(page).FillAsync(Pin);
        await session.ScreenshotAsync("card-step-filled");
        await session.ShouldPassAxeAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h2#citizen-serial-title")).ToHaveTextAsync("查詢自然人憑證結果");
        await session.ScreenshotAsync("result");

        (await page.Locator("[data-testid=holder-name]").InnerTextAsync()).ShouldBe("王小明");
        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=masked-id]").InnerTextAsync()).ShouldBe("A12****789");
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(leaf.CardNumber);
        (await page.ContentAsync()).ShouldNotContain(NationalId);
        await session.ShouldPassAxeAsync();
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(Pin);
        (await session.Requests.ToCardAgentAsync()).ShouldContain(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal) && r.Contains(Pin));
        var toServer = await session.Requests.ToWebServerAsync();
        toServer.ShouldAllBe(r => !r.Url.Contains(NationalId, StringComparison.OrdinalIgnoreCase));
        toServer.ShouldContain(r => r.Method == "POST" && r.Body.Contains(NationalId, StringComparison.Ordinal));
        (await session.Requests.ToCardAgentAsync()).ShouldAllBe(r => !r.Contains(NationalId));
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        console.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_ID_that_is_not_the_card_holder_s_is_refused_at_the_ID_field_and_focused()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");

        await page.GotoAsync("/Queries/CitizenSerial");
        await CardStepDriver.WaitForCardAsync(page);
        await page.GetByLabel("身分證統一編號").FillAsync("B220612340");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("#Input_NationalId-error")).ToContainTextAsync("末四碼不同");
        await session.ScreenshotAsync("id-not-the-holder");

        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("Input_NationalId");
        (await page.Locator("#Input_NationalId").InputValueAsync()).ShouldBe("B220612340");
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
        await CardStepDriver.ShouldAnnounceAsync(page, "末四碼不同");
        await session.ShouldPassAxeAsync();

        // Corrected, the same card goes through on the fresh challenge.
        await page.GetByLabel("身分證統一編號").FillAsync(NationalId);
        await CardStepDriver.WaitForCardAsync(page);
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=holder-name]")).ToHaveTextAsync("王小明");
    }
}
