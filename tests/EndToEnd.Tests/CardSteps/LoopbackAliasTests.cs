using DemoHost;
using EndToEnd.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndToEnd.Tests.CardSteps;

/// <summary>The service as the demo host composes it: pages opened under another loopback name of its port are sent to its origin.</summary>
public sealed class DemoLoopbackFixture : CardStepFixture
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddLoopbackAliasRedirect();
}

/// <summary>
/// Issue 13 point 10: scripts/run's demo opened as the other loopback name (here the service is http://127.0.0.1:port,
/// opened as http://localhost:port; the demo is the other way round) lands on the origin the agent allows, and the card
/// step works there, instead of refusing every card.
/// </summary>
public class LoopbackAliasTests(BrowserFixture browser, DemoLoopbackFixture service) : IClassFixture<BrowserFixture>, IClassFixture<DemoLoopbackFixture>
{
    [Fact]
    public async Task A_page_opened_under_the_other_loopback_name_moves_to_the_demo_s_origin_and_its_card_step_works()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");
        var alias = $"http://localhost:{service.BaseUrl.Port}";

        var response = await page.GotoAsync($"{alias}/Queries/CitizenSerial?from=alias");

        page.Url.ShouldBe($"{service.Origin}/Queries/CitizenSerial?from=alias");
        response.ShouldNotBeNull().Request.RedirectedFrom.ShouldNotBeNull().Url.ShouldStartWith(alias);
        await CardStepDriver.WaitForCardAsync(page);
        await page.GetByLabel("身分證統一編號").FillAsync("A123456789");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=holder-name]")).ToHaveTextAsync("王小明");
        await session.ShouldPassAxeAsync();

        // Only reads move: a form post to the alias is left to the origin checks, which refuse it.
        var post = await page.APIRequest.PostAsync($"{alias}/Queries/CitizenSerial?handler=VerifyCard", new() { MaxRedirects = 0 });
        post.Status.ShouldNotBe(307);
    }
}
