using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>Subscriptions to $all from the start, from a checkpoint and from the end: catch-up, then live.</summary>
public abstract class SubscriptionConformance(IStoreFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected IEventStore Store => fixture.Store;

    /// <summary>Reads messages until <paramref name="done"/> says so, failing after <see cref="Patience"/>.</summary>
    private static async Task<List<SubscriptionMessage>> Collect(IAsyncEnumerator<SubscriptionMessage> subscription, Func<List<SubscriptionMessage>, bool> done)
    {
        var messages = new List<SubscriptionMessage>();
        using var timeout = new CancellationTokenSource(Patience);
        while (!done(messages))
        {
            var next = subscription.MoveNextAsync().AsTask();
            (await Task.WhenAny(next, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => false, TaskScheduler.Default))).ShouldBe(next, "the subscription stopped delivering");
            (await next).ShouldBeTrue();
            messages.Add(subscription.Current);
        }

        return messages;
    }

    private static List<RecordedEvent> EventsOf(IEnumerable<SubscriptionMessage> messages, string? stream = null) =>
        messages.OfType<SubscriptionMessage.Event>().Select(m => m.Recorded).Where(e => stream is null || e.StreamId == stream).ToList();

    [Fact]
    public async Task From_the_start_it_delivers_every_event_then_caught_up_then_live_events()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));
        var head = await Store.ReadHeadPositionAsync();
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.Start, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var catchUp = await Collect(subscription, m => m.Count > 0 && m[^1] is SubscriptionMessage.CaughtUp);
        await Store.AppendToStreamAsync(stream, StreamState.At(2), TestEvents.Many(2, first: 3));
        var live = await Collect(subscription, m => EventsOf(m, stream).Count == 2);

        var caughtUpEvents = EventsOf(catchUp);
        caughtUpEvents.Select(e => e.Position.Value).ShouldBe(caughtUpEvents.Select(e => e.Position.Value).Order().Distinct());
        caughtUpEvents[^1].Position.ShouldBeGreaterThanOrEqualTo(head);
        ((SubscriptionMessage.CaughtUp)catchUp[^1]).Checkpoint.ShouldBe(caughtUpEvents[^1].Position);
        EventsOf(catchUp, stream).Select(TestEvents.N).ShouldBe([0, 1, 2]);
        EventsOf(live, stream).Select(TestEvents.N).ShouldBe([3, 4]);
        EventsOf(live)[0].Position.ShouldBeGreaterThan(caughtUpEvents[^1].Position);
    }

    [Fact]
    public async Task From_a_checkpoint_it_delivers_only_later_events()
    {
        var stream = TestEvents.NewStream();
        var first = await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(4));
        var checkpoint = new Position(first.Position.Value - 2);
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.After(checkpoint), cancel.Token).GetAsyncEnumerator(cancel.Token);

        var messages = await Collect(subscription, m => m.Count > 0 && m[^1] is SubscriptionMessage.CaughtUp);

        EventsOf(messages)[0].Position.ShouldBe(new Position(checkpoint.Value + 1));
        EventsOf(messages, stream).Select(TestEvents.N).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task From_the_end_it_signals_caught_up_at_once_and_delivers_only_new_events()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        var head = await Store.ReadHeadPositionAsync();
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.End, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var first = await Collect(subscription, m => m.Count == 1);
        await Store.AppendToStreamAsync(stream, StreamState.At(1), [TestEvents.One(2)]);
        var live = await Collect(subscription, m => EventsOf(m, stream).Count == 1);

        first[0].ShouldBe(new SubscriptionMessage.CaughtUp(head));
        EventsOf(live).ShouldAllBe(e => e.Position > head);
        TestEvents.N(EventsOf(live, stream)[0]).ShouldBe(2);
    }

    [Fact]
    public async Task Events_appended_by_another_store_instance_reach_a_live_subscriber()
    {
        var stream = TestEvents.NewStream();
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.End, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await Collect(subscription, m => m.Count == 1);

        await fixture.OpenAnother().AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        var live = await Collect(subscription, m => EventsOf(m, stream).Count == 2);

        EventsOf(live, stream).Select(TestEvents.N).ShouldBe([0, 1]);
    }

    [Fact]
    public async Task A_subscriber_far_behind_reads_in_pages_and_reports_caught_up_once_at_the_head()
    {
        var stream = TestEvents.NewStream();
        var checkpoint = await Store.ReadHeadPositionAsync();
        for (var i = 0; i < 5; i++)
            await Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(500, first: i * 500));
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.After(checkpoint), cancel.Token).GetAsyncEnumerator(cancel.Token);

        var messages = await Collect(subscription, m => m.Count > 0 && m[^1] is SubscriptionMessage.CaughtUp);

        messages.OfType<SubscriptionMessage.CaughtUp>().Count().ShouldBe(1);
        EventsOf(messages, stream).Select(TestEvents.N).ShouldBe(Enumerable.Range(0, 2500));
    }

    [Fact]
    public async Task A_live_subscriber_that_falls_a_page_behind_says_so_and_catches_up_again()
    {
        var stream = TestEvents.NewStream();
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.End, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await Collect(subscription, m => m.Count == 1);

        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(1100));
        var messages = await Collect(subscription, m => m.Count > 0 && m[^1] is SubscriptionMessage.CaughtUp);

        messages[0].ShouldBeOfType<SubscriptionMessage.FellBehind>();
        EventsOf(messages, stream).Select(TestEvents.N).ShouldBe(Enumerable.Range(0, 1100));
        ((SubscriptionMessage.CaughtUp)messages[^1]).Checkpoint.ShouldBe(EventsOf(messages)[^1].Position);
    }

    [Fact]
    public async Task Cancelling_ends_the_subscription()
    {
        using var cancel = new CancellationTokenSource();
        await using var subscription = Store.SubscribeToAllAsync(FromAll.End, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await Collect(subscription, m => m.Count == 1);

        var waiting = subscription.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
    }
}
