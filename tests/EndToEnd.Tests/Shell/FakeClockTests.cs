using EndToEnd.Tests.Harness;
using EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Shell;

/// <summary>The service on a fake clock, as "next business day" tests run it.</summary>
public sealed class ServiceOnFakeClock : ServiceUnderTest
{
    protected override bool UseFakeTime => true;
}

public class FakeClockTests(BrowserFixture browser, ServiceOnFakeClock service) : IClassFixture<BrowserFixture>, IClassFixture<ServiceOnFakeClock>
{
    [Fact]
    public async Task Pages_and_the_store_read_the_swapped_clock()
    {
        service.Time!.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(30)); // Friday 10:30 in Taiwan
        // Signed in after the move: a session's idle limit runs on the same clock.
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, ServiceUnderTest.AdministratorAccount, service.SignInAsAdministratorAsync);
        var head = await service.Store.HeadAsync();

        await session.Page.GotoAsync("/health");
        // The app's own store (the singleton its pages write through) stamps what it records.
        await service.Services.GetRequiredService<IEventStore>().AppendToStreamAsync($"fake-clock-{Guid.NewGuid():N}", StreamState.NoStream,
            [new EventData(Guid.NewGuid(), "FakeClockProbe.v1", "{}"u8.ToArray(), EventData.EmptyMetadata)]);

        (await session.Page.Locator(".summary-list").InnerTextAsync()).ShouldContain("115年11月27日10點30分00秒");
        (await service.Store.EventsAfterAsync(head)).ShouldHaveSingleItem().Created.ShouldBe(new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero));
    }
}
