using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// The pages point at an agent address where nothing listens: the agent is not running on this machine. The queries
/// accept our agent only here (the shipped policy would turn to HiPKI instead: HiPkiCardStepTests).
/// </summary>
public sealed class AgentNotRunningFixture : CardStepFixture
{
    public string MissingAgentOrigin { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Web:CardAgentUrl", MissingAgentOrigin), new("Web:Signers:Steps:query-:0", "Agent")];
}

public class AgentNotRunningTests(BrowserFixture browser, AgentNotRunningFixture service) : IClassFixture<BrowserFixture>, IClassFixture<AgentNotRunningFixture>
{
    [Fact]
    public async Task Without_the_agent_the_step_says_how_to_start_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;

        await page.GotoAsync("/Queries/OrganisationOid");
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync("無法連線到本機讀卡程式，請確認它已啟動。");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToContainTextAsync($"無法連線到本機讀卡程式（{service.MissingAgentOrigin}）");
        await page.GetByText("如何啟動本機讀卡程式").ClickAsync();
        await session.ScreenshotAsync("agent-not-running");

        (await page.Locator(".card-step__help").InnerTextAsync()).ShouldContain("dotnet run --project src/CardAgent");
        (await page.Locator("[data-card-step-demo]").IsVisibleAsync()).ShouldBeFalse();
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
        await session.ShouldPassAxeAsync();
    }
}
