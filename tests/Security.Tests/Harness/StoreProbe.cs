using EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Security.Tests.Harness;

/// <summary>Reads the running app's event store, so a test can say what a page did or did not write.</summary>
public sealed class StoreProbe(IServiceProvider services)
{
    private IEventStore Store => services.GetRequiredService<IEventStore>();

    public async Task<Position> HeadAsync() => await Store.ReadHeadPositionAsync();

    /// <summary>Every event after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> EventsAfterAsync(Position since)
    {
        var events = new List<RecordedEvent>();
        var from = new Position(since.Value + 1);
        while (true)
        {
            var page = await Store.ReadAllAsync(Direction.Forwards, from, 500);
            events.AddRange(page);
            if (page.Count < 500)
                return events;
            from = new Position(page[^1].Position.Value + 1);
        }
    }

    /// <summary>Fails, naming what was written, if any event was appended after <paramref name="since"/>.</summary>
    public async Task ShouldHaveNoEventsAfterAsync(Position since)
    {
        var events = await EventsAfterAsync(since);
        events.ShouldBeEmpty($"expected no new event after position {since}, found: {string.Join(", ", events.Select(e => $"{e.Position} {e.StreamId} {e.Type}"))}");
    }
}
