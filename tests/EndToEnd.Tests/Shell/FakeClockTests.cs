using EndToEnd.Tests.Harness;

namespace EndToEnd.Tests.Shell;

/// <summary>The service on a fake clock, as "next business day" tests run it.</summary>
public sealed class ServiceOnFakeClock : ServiceUnderTest
{
    protected override bool UseFakeTime => true;
}

[Collection(BrowserCollection.Name)]
public class FakeClockTests(BrowserFixture browser, ServiceOnFakeClock service) : IClassFixture<ServiceOnFakeClock>
{
    [Fact]
    public async Task Pages_and_the_store_read_the_swapped_clock()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        service.Time!.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(30)); // Friday 10:30 in Taiwan

        await session.Page.GotoAsync("/health");

        (await session.Page.Locator(".summary-list").InnerTextAsync()).ShouldContain("115年11月27日10點30分00秒");
    }
}
