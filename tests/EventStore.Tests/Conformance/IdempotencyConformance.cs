using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>Appends are idempotent by event id, durably; repeats that disagree with what is stored are refused.</summary>
public abstract class IdempotencyConformance(IStoreFixture fixture)
{
    protected IEventStore Store => fixture.Store;

    private async Task<(string Stream, EventData[] Batch, AppendResult First)> SecondBatchAppended(StreamState expectation)
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        var batch = TestEvents.Many(3, first: 2);
        return (stream, batch, await Store.AppendToStreamAsync(stream, expectation, batch));
    }

    private async Task ShouldHoldExactly(string stream, int count)
    {
        var read = await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100);
        read.Events.Select(TestEvents.N).ShouldBe(Enumerable.Range(0, count));
    }

    [Fact]
    public async Task Repeating_a_no_stream_append_returns_the_original_result_and_writes_nothing()
    {
        var stream = TestEvents.NewStream();
        var batch = TestEvents.Many(3);
        var first = await Store.AppendToStreamAsync(stream, StreamState.NoStream, batch);
        var head = await Store.ReadHeadPositionAsync();

        var again = await Store.AppendToStreamAsync(stream, StreamState.NoStream, batch);

        again.ShouldBe(first);
        (await Store.ReadHeadPositionAsync()).ShouldBe(head);
        await ShouldHoldExactly(stream, 3);
    }

    [Fact]
    public async Task Repeating_an_any_append_returns_the_original_result_even_after_later_appends()
    {
        var (stream, batch, first) = await SecondBatchAppended(StreamState.Any);
        await Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, first: 5));

        (await Store.AppendToStreamAsync(stream, StreamState.Any, batch)).ShouldBe(first);
        await ShouldHoldExactly(stream, 6);
    }

    [Fact]
    public async Task Repeating_a_stream_exists_append_returns_the_original_result()
    {
        var (stream, batch, first) = await SecondBatchAppended(StreamState.StreamExists);

        (await Store.AppendToStreamAsync(stream, StreamState.StreamExists, batch)).ShouldBe(first);
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task Repeating_an_exact_revision_append_returns_the_original_result_even_after_later_appends()
    {
        var (stream, batch, first) = await SecondBatchAppended(StreamState.At(1));
        await Store.AppendToStreamAsync(stream, StreamState.At(4), TestEvents.Many(1, first: 5));

        var again = await Store.AppendToStreamAsync(stream, StreamState.At(1), batch);

        again.ShouldBe(first);
        again.NextExpectedRevision.ShouldBe(new StreamRevision(4));
        await ShouldHoldExactly(stream, 6);
    }

    [Fact]
    public async Task Repeating_a_single_event_returns_its_original_position()
    {
        var stream = TestEvents.NewStream();
        var e = TestEvents.One();
        var first = await Store.AppendToStreamAsync(stream, StreamState.Any, [e]);
        await Store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.Any, [TestEvents.One()]);

        (await Store.AppendToStreamAsync(stream, StreamState.Any, [e])).Position.ShouldBe(first.Position);
    }

    [Fact]
    public async Task Idempotency_survives_a_restart()
    {
        var stream = TestEvents.NewStream();
        var batch = TestEvents.Many(2);
        var first = await Store.AppendToStreamAsync(stream, StreamState.NoStream, batch);

        await fixture.ReopenAsync();

        (await Store.AppendToStreamAsync(stream, StreamState.NoStream, batch)).ShouldBe(first);
        await ShouldHoldExactly(stream, 2);
    }

    [Fact]
    public async Task A_repeat_with_a_different_exact_revision_is_a_wrong_expectation()
    {
        var (stream, batch, _) = await SecondBatchAppended(StreamState.At(1));

        var refused = await Should.ThrowAsync<WrongExpectedVersionException>(() => Store.AppendToStreamAsync(stream, StreamState.At(0), batch));

        refused.ActualRevision.ShouldBe(new StreamRevision(4));
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task A_repeat_with_no_stream_of_events_appended_later_is_a_wrong_expectation()
    {
        var (stream, batch, _) = await SecondBatchAppended(StreamState.Any);

        await Should.ThrowAsync<WrongExpectedVersionException>(() => Store.AppendToStreamAsync(stream, StreamState.NoStream, batch));
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task An_append_that_partly_overlaps_stored_events_is_refused_and_writes_nothing()
    {
        var (stream, batch, _) = await SecondBatchAppended(StreamState.Any);
        var head = await Store.ReadHeadPositionAsync();

        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [batch[0], TestEvents.One(99)]));
        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.AppendToStreamAsync(stream, StreamState.At(4), [TestEvents.One(99), batch[2]]));

        (await Store.ReadHeadPositionAsync()).ShouldBe(head);
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task A_repeat_of_stored_events_in_another_order_is_refused()
    {
        var (stream, batch, _) = await SecondBatchAppended(StreamState.Any);

        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [batch[1], batch[0], batch[2]]));
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task A_subset_of_a_stored_batch_that_is_not_contiguous_is_refused()
    {
        var (stream, batch, _) = await SecondBatchAppended(StreamState.Any);

        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [batch[0], batch[2]]));
        await ShouldHoldExactly(stream, 5);
    }

    [Fact]
    public async Task The_same_event_id_may_be_used_in_another_stream()
    {
        var e = TestEvents.One();
        var (firstStream, otherStream) = (TestEvents.NewStream(), TestEvents.NewStream());
        var first = await Store.AppendToStreamAsync(firstStream, StreamState.NoStream, [e]);

        var other = await Store.AppendToStreamAsync(otherStream, StreamState.NoStream, [e]);

        other.Position.ShouldBeGreaterThan(first.Position);
        foreach (var (stream, at) in new[] { (firstStream, first.Position), (otherStream, other.Position) })
        {
            var stored = (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.ShouldHaveSingleItem(stream);
            stored.EventId.ShouldBe(e.EventId);
            stored.Position.ShouldBe(at);
            var inAll = (await Store.ReadAllAsync(Direction.Forwards, at, 1)).ShouldHaveSingleItem();
            (inAll.StreamId, inAll.EventId).ShouldBe((stream, e.EventId));
        }
    }

    [Fact]
    public async Task Bad_appends_are_refused_before_anything_is_written()
    {
        var stream = TestEvents.NewStream();
        var e = TestEvents.One();

        await Should.ThrowAsync<ArgumentException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, []));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [e, e]));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [e with { EventId = Guid.Empty }]));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendToStreamAsync(stream, StreamState.Any, [e with { Data = "{not json"u8.ToArray() }]));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendToStreamAsync("$all", StreamState.Any, [e]));

        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 1)).Status.ShouldBe(ReadStatus.NotFound);
    }
}
