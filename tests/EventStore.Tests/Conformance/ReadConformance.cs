using System.Text;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>Stream and $all reads in both directions, from any point, past the end, on empty and missing streams.</summary>
public abstract class ReadConformance(IStoreFixture fixture)
{
    protected IEventStore Store => fixture.Store;

    [Fact]
    public async Task A_stored_event_carries_everything_it_was_given_and_where_and_when_it_was_stored()
    {
        var stream = TestEvents.NewStream();
        var e = TestEvents.One(42);
        var result = await Store.AppendToStreamAsync(stream, StreamState.NoStream, [e]);

        var recorded = (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 1)).Events.ShouldHaveSingleItem();

        recorded.Position.ShouldBe(result.Position);
        recorded.StreamId.ShouldBe(stream);
        recorded.Revision.ShouldBe(StreamRevision.Start);
        recorded.EventId.ShouldBe(e.EventId);
        recorded.Type.ShouldBe(TestEvents.Type);
        Encoding.UTF8.GetString(recorded.Data.Span).ShouldBe(Encoding.UTF8.GetString(e.Data.Span));
        Encoding.UTF8.GetString(recorded.Metadata.Span).ShouldBe(Encoding.UTF8.GetString(e.Metadata.Span));
        recorded.Created.ShouldBe(fixture.Clock.GetUtcNow());
        recorded.Created.Offset.ShouldBe(TimeSpan.Zero);
        recorded.PreviousHash.ToArray().ShouldBe(HashChain.Genesis.ToArray());
        recorded.Hash.ToArray().ShouldBe(HashChain.Compute(recorded));
    }

    [Fact]
    public async Task A_stream_reads_forwards_and_backwards_from_a_revision_with_a_maximum()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(10));

        var forwards = await Store.ReadStreamAsync(stream, Direction.Forwards, new StreamRevision(3), 4);
        var backwards = await Store.ReadStreamAsync(stream, Direction.Backwards, new StreamRevision(6), 3);
        var fromEnd = await Store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 2);

        forwards.Events.Select(e => e.Revision.Value).ShouldBe([3L, 4, 5, 6]);
        backwards.Events.Select(e => e.Revision.Value).ShouldBe([6L, 5, 4]);
        fromEnd.Events.Select(e => e.Revision.Value).ShouldBe([9L, 8]);
        forwards.LastRevision.ShouldBe(new StreamRevision(9));
    }

    [Fact]
    public async Task Reading_past_the_end_of_a_stream_finds_the_stream_but_no_events()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));

        var read = await Store.ReadStreamAsync(stream, Direction.Forwards, new StreamRevision(3), 10);

        read.Status.ShouldBe(ReadStatus.Ok);
        read.Events.ShouldBeEmpty();
        read.LastRevision.ShouldBe(new StreamRevision(2));
    }

    [Fact]
    public async Task A_missing_stream_and_a_stream_with_only_metadata_read_as_not_found()
    {
        var onlyMetadata = TestEvents.NewStream();
        await Store.SetStreamMetadataAsync(onlyMetadata, new StreamMetadata(MaxCount: 3));

        (await Store.ReadStreamAsync(TestEvents.NewStream(), Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.NotFound);
        (await Store.ReadStreamAsync(onlyMetadata, Direction.Backwards, StreamRevision.End, 10)).Status.ShouldBe(ReadStatus.NotFound);
    }

    [Fact]
    public async Task A_soft_deleted_stream_reads_as_not_found_and_its_events_leave_all()
    {
        var stream = TestEvents.NewStream();
        var appended = await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));

        await Store.DeleteStreamAsync(stream, StreamState.StreamExists);

        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.NotFound);
        (await Store.ReadAllAsync(Direction.Forwards, new Position(appended.Position.Value - 2), 3)).ShouldNotContain(e => e.StreamId == stream);
    }

    [Fact]
    public async Task All_reads_forwards_and_backwards_in_position_order()
    {
        var a = TestEvents.NewStream();
        var b = TestEvents.NewStream();
        var first = await Store.AppendToStreamAsync(a, StreamState.NoStream, TestEvents.Many(2));
        await Store.AppendToStreamAsync(b, StreamState.NoStream, TestEvents.Many(2));
        await Store.AppendToStreamAsync(a, StreamState.At(1), TestEvents.Many(1, first: 2));
        var start = new Position(first.Position.Value - 1);

        var forwards = await Store.ReadAllAsync(Direction.Forwards, start, 5);
        var backwards = await Store.ReadAllAsync(Direction.Backwards, new Position(start.Value + 4), 5);

        forwards.Select(e => (e.StreamId, e.Revision.Value)).ShouldBe([(a, 0L), (a, 1L), (b, 0L), (b, 1L), (a, 2L)]);
        forwards.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(0, 5).Select(i => start.Value + i));
        backwards.Select(e => e.Position).ShouldBe(forwards.Select(e => e.Position).Reverse());
    }

    [Fact]
    public async Task All_reads_past_the_head_find_nothing_and_backwards_from_the_end_starts_at_the_head()
    {
        var appended = await Store.AppendToStreamAsync(TestEvents.NewStream(), StreamState.NoStream, TestEvents.Many(2));
        var head = await Store.ReadHeadPositionAsync();

        (await Store.ReadAllAsync(Direction.Forwards, new Position(head.Value + 1), 10)).ShouldBeEmpty();
        (await Store.ReadAllAsync(Direction.Backwards, Position.End, 1)).ShouldHaveSingleItem().Position.ShouldBe(head);
        head.ShouldBeGreaterThanOrEqualTo(appended.Position);
    }

    [Fact]
    public async Task Each_stream_forms_a_verifiable_hash_chain_and_a_changed_event_breaks_it()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));
        await Store.AppendToStreamAsync(stream, StreamState.At(2), TestEvents.Many(2, first: 3));
        var events = (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events;

        HashChain.Verify(events).ShouldBe(HashChainVerification.Intact(5));
        for (var i = 1; i < events.Count; i++)
            events[i].PreviousHash.ToArray().ShouldBe(events[i - 1].Hash.ToArray());

        var tampered = events.ToList();
        tampered[2] = tampered[2] with { Data = "{\"n\":200}"u8.ToArray() };
        var broken = HashChain.Verify(tampered);
        broken.IsIntact.ShouldBeFalse();
        broken.FirstBroken!.Revision.ShouldBe(new StreamRevision(2));

        var missing = events.Where(e => e.Revision.Value != 1).ToList();
        HashChain.Verify(missing).FirstBroken!.Revision.ShouldBe(new StreamRevision(2));
    }

    [Fact]
    public async Task The_hash_chain_continues_across_a_soft_delete()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        var before = (await Store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1)).Events[0];
        await Store.DeleteStreamAsync(stream, StreamState.Any);

        await Store.AppendToStreamAsync(stream, StreamState.NoStream, [TestEvents.One(2)]);
        var after = (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.ShouldHaveSingleItem();

        after.PreviousHash.ToArray().ShouldBe(before.Hash.ToArray());
        HashChain.Verify([before, after]).IsIntact.ShouldBeTrue();
    }
}
