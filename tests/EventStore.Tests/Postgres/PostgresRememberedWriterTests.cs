using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Postgres;

/// <summary>
/// The PostgreSQL writer decides a drain on what it remembers of its own last commit and sends it in one round trip.
/// These prove that remembered state is never trusted once another writer (another store instance, as another
/// process would be) has committed: the drain is refused by the database and decided again on fresh state.
/// </summary>
public sealed class PostgresRememberedWriterTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task An_append_after_another_writer_moved_the_stream_lands_after_its_events()
    {
        var stream = TestEvents.NewStream();
        var other = fixture.OpenAnother();
        await fixture.Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, 2));
        var theirs = await other.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(2, 3));

        var ours = await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, 5));

        ours.NextExpectedRevision.ShouldBe(new StreamRevision(5));
        ours.Position.Value.ShouldBe(theirs.Position.Value + 1);
        var read = await fixture.Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100);
        read.Events.Select(TestEvents.N).ShouldBe([0, 1, 2, 3, 4, 5]);
        HashChain.Verify(read.Events).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task An_expectation_met_only_in_stale_memory_is_refused()
    {
        var stream = TestEvents.NewStream();
        var other = fixture.OpenAnother();
        await fixture.Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(1));
        await fixture.Store.AppendToStreamAsync(stream, StreamState.At(new StreamRevision(0)), TestEvents.Many(1, 1));
        await other.AppendToStreamAsync(stream, StreamState.At(new StreamRevision(1)), TestEvents.Many(1, 2));

        var refused = await Should.ThrowAsync<WrongExpectedVersionException>(
            fixture.Store.AppendToStreamAsync(stream, StreamState.At(new StreamRevision(1)), TestEvents.Many(1, 3)));

        refused.ActualRevision.ShouldBe(new StreamRevision(2));
    }

    [Fact]
    public async Task A_stream_tombstoned_by_another_writer_refuses_the_next_append()
    {
        var stream = TestEvents.NewStream();
        var other = fixture.OpenAnother();
        await fixture.Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(1));
        await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, 1));

        // A tombstone moves no position, but it is a write: the head row's version changes all the same.
        await other.TombstoneStreamAsync(stream, StreamState.Any);

        await Should.ThrowAsync<StreamDeletedException>(fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, 2)));
        (await fixture.Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.Deleted);
    }

    [Fact]
    public async Task A_repeat_of_events_another_writer_stored_returns_their_original_result()
    {
        var stream = TestEvents.NewStream();
        var other = fixture.OpenAnother();
        await fixture.Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(1));
        await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1, 1));
        var events = TestEvents.Many(2, 2);
        var original = await other.AppendToStreamAsync(stream, StreamState.Any, events);

        var repeated = await fixture.Store.AppendToStreamAsync(stream, StreamState.Any, events);

        repeated.ShouldBe(original);
        (await fixture.Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(4);
    }
}
