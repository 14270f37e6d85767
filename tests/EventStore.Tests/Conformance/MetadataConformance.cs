using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>$maxCount, $maxAge and truncate-before hide events from stream reads, $all reads and subscriptions alike.</summary>
public abstract class MetadataConformance(IStoreFixture fixture)
{
    protected IEventStore Store => fixture.Store;

    private async Task<(string Stream, Position First)> StreamOfTen()
    {
        var stream = TestEvents.NewStream();
        var result = await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(10));
        return (stream, new Position(result.Position.Value - 9));
    }

    private async Task<List<long>> RevisionsInAll(string stream, Position first) =>
        (await Store.ReadAllAsync(Direction.Forwards, first, 100)).Where(e => e.StreamId == stream).Select(e => e.Revision.Value).ToList();

    private async Task<List<long>> RevisionsInStream(string stream) =>
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100)).Events.Select(e => e.Revision.Value).ToList();

    [Fact]
    public async Task Metadata_is_stored_and_read_back()
    {
        var stream = TestEvents.NewStream();
        var metadata = new StreamMetadata(TimeSpan.FromDays(3), 7, new StreamRevision(2));

        await Store.SetStreamMetadataAsync(stream, metadata);

        (await Store.GetStreamMetadataAsync(stream)).ShouldBe(metadata);
        (await Store.GetStreamMetadataAsync(TestEvents.NewStream())).ShouldBe(StreamMetadata.None);
    }

    [Fact]
    public async Task Max_count_keeps_only_the_newest_events_visible()
    {
        var (stream, first) = await StreamOfTen();

        await Store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 3));

        (await RevisionsInStream(stream)).ShouldBe([7L, 8, 9]);
        (await RevisionsInAll(stream, first)).ShouldBe([7L, 8, 9]);
        await Store.AppendToStreamAsync(stream, StreamState.At(9), [TestEvents.One(10)]);
        (await RevisionsInStream(stream)).ShouldBe([8L, 9, 10]);
    }

    [Fact]
    public async Task Truncate_before_hides_earlier_revisions()
    {
        var (stream, first) = await StreamOfTen();

        await Store.SetStreamMetadataAsync(stream, new StreamMetadata(TruncateBefore: new StreamRevision(6)));

        (await RevisionsInStream(stream)).ShouldBe([6L, 7, 8, 9]);
        (await RevisionsInAll(stream, first)).ShouldBe([6L, 7, 8, 9]);
        (await Store.ReadStreamAsync(stream, Direction.Backwards, new StreamRevision(7), 10)).Events.Select(e => e.Revision.Value).ShouldBe([7L, 6]);
    }

    [Fact]
    public async Task Max_age_hides_events_older_than_the_limit()
    {
        var stream = TestEvents.NewStream();
        var old = await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Store.AppendToStreamAsync(stream, StreamState.At(1), TestEvents.Many(2, first: 2));

        await Store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxAge: TimeSpan.FromHours(1)));

        (await RevisionsInStream(stream)).ShouldBe([2L, 3]);
        (await RevisionsInAll(stream, new Position(old.Position.Value - 1))).ShouldBe([2L, 3]);
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_page_of_all_skips_hidden_events_and_still_fills_up()
    {
        var hidden = TestEvents.NewStream();
        var first = await Store.AppendToStreamAsync(hidden, StreamState.NoStream, TestEvents.Many(50));
        var visible = TestEvents.NewStream();
        await Store.AppendToStreamAsync(visible, StreamState.NoStream, TestEvents.Many(10));
        await Store.SetStreamMetadataAsync(hidden, new StreamMetadata(MaxCount: 1));

        var page = await Store.ReadAllAsync(Direction.Forwards, new Position(first.Position.Value - 49), 5);
        var backwards = await Store.ReadAllAsync(Direction.Backwards, new Position(first.Position.Value + 1), 2);

        page.Select(e => (e.StreamId, e.Revision.Value)).ShouldBe([(hidden, 49L), (visible, 0L), (visible, 1L), (visible, 2L), (visible, 3L)]);
        backwards.Select(e => (e.StreamId, e.Revision.Value)).ShouldBe([(visible, 0L), (hidden, 49L)]);
    }

    [Fact]
    public async Task Clearing_metadata_shows_the_events_again()
    {
        var (stream, _) = await StreamOfTen();
        await Store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 1));

        await Store.SetStreamMetadataAsync(stream, StreamMetadata.None);

        (await RevisionsInStream(stream)).Count.ShouldBe(10);
    }

    [Fact]
    public async Task Metadata_limits_apply_to_subscriptions()
    {
        var (stream, first) = await StreamOfTen();
        await Store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 2));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var seen = new List<long>();
        await foreach (var message in Store.SubscribeToAllAsync(FromAll.After(new Position(first.Value - 1)), cancel.Token))
        {
            if (message is SubscriptionMessage.CaughtUp)
                break;
            if (message is SubscriptionMessage.Event { Recorded: var e } && e.StreamId == stream)
                seen.Add(e.Revision.Value);
        }

        seen.ShouldBe([8L, 9]);
    }
}
