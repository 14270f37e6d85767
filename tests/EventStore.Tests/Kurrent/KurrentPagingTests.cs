using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Kurrent;

/// <summary>
/// Reads longer than one protocol call (the adapter asks for at most 4,096 events per call): the next call starts at
/// the last event read, as KurrentDB's byte-offset positions require, and nothing is repeated or lost at the seam.
/// </summary>
public sealed class KurrentPagingTests(KurrentStoreFixture fixture) : IClassFixture<KurrentStoreFixture>
{
    [Fact]
    public async Task An_all_read_spanning_several_calls_returns_every_event_once_in_order_both_ways()
    {
        var stream = TestEvents.NewStream();
        var before = await fixture.Store.ReadHeadPositionAsync();
        for (var i = 0; i < 9; i++)
            await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(500, first: i * 500));
        var first = new Position(before.Value + 1);

        var forwards = await fixture.Store.ReadAllAsync(Direction.Forwards, first, 4_500);
        var backwards = await fixture.Store.ReadAllAsync(Direction.Backwards, Position.End, 4_500);

        forwards.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(0, 4_500).Select(i => first.Value + i));
        forwards.Where(e => e.StreamId == stream).Select(TestEvents.N).ShouldBe(Enumerable.Range(0, 4_500));
        backwards.Select(e => e.Position).ShouldBe(forwards.Select(e => e.Position).Reverse());
    }
}
