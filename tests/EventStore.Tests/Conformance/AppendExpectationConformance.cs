using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Conformance;

/// <summary>The expected-revision matrix on new, existing, soft-deleted and tombstoned streams; every adapter inherits it.</summary>
public abstract class AppendExpectationConformance(IStoreFixture fixture)
{
    protected IEventStore Store => fixture.Store;

    public static TheoryData<string> AllExpectations => ["any", "no-stream", "stream-exists", "exact-0", "exact-1", "exact-2"];

    private static StreamState Parse(string expectation) => expectation switch
    {
        "any" => StreamState.Any,
        "no-stream" => StreamState.NoStream,
        "stream-exists" => StreamState.StreamExists,
        _ => StreamState.At(long.Parse(expectation["exact-".Length..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [InlineData("any", true)]
    [InlineData("no-stream", true)]
    [InlineData("stream-exists", false)]
    [InlineData("exact-0", false)]
    public async Task Appending_to_a_new_stream_follows_the_expectation(string expectation, bool accepted)
    {
        var stream = TestEvents.NewStream();
        var append = () => Store.AppendToStreamAsync(stream, Parse(expectation), TestEvents.Many(2));
        if (accepted)
        {
            var result = await append();
            result.NextExpectedRevision.ShouldBe(new StreamRevision(1));
            (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(2);
        }
        else
        {
            var refused = await Should.ThrowAsync<WrongExpectedVersionException>(append);
            refused.Expected.ShouldBe(Parse(expectation));
            refused.ActualRevision.ShouldBeNull();
            refused.Actual.ShouldBe(StreamState.NoStream);
            (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.NotFound);
        }
    }

    [Theory]
    [InlineData("any", true)]
    [InlineData("no-stream", false)]
    [InlineData("stream-exists", true)]
    [InlineData("exact-0", false)]
    [InlineData("exact-1", true)]
    [InlineData("exact-2", false)]
    public async Task Appending_to_a_stream_at_revision_1_follows_the_expectation(string expectation, bool accepted)
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        var append = () => Store.AppendToStreamAsync(stream, Parse(expectation), [TestEvents.One(2)]);
        if (accepted)
        {
            (await append()).NextExpectedRevision.ShouldBe(new StreamRevision(2));
        }
        else
        {
            var refused = await Should.ThrowAsync<WrongExpectedVersionException>(append);
            refused.StreamId.ShouldBe(stream);
            refused.Expected.ShouldBe(Parse(expectation));
            refused.ActualRevision.ShouldBe(new StreamRevision(1));
            refused.Actual.ShouldBe(StreamState.At(1));
            (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(2);
        }
    }

    [Theory]
    [InlineData("any", true)]
    [InlineData("no-stream", true)]
    [InlineData("stream-exists", false)]
    [InlineData("exact-0", false)]
    [InlineData("exact-1", true)]
    public async Task Appending_to_a_soft_deleted_stream_follows_the_expectation_and_numbering_continues(string expectation, bool accepted)
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        await Store.DeleteStreamAsync(stream, StreamState.At(1));
        var append = () => Store.AppendToStreamAsync(stream, Parse(expectation), [TestEvents.One(7)]);
        if (accepted)
        {
            (await append()).NextExpectedRevision.ShouldBe(new StreamRevision(2));
            var read = await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10);
            read.Status.ShouldBe(ReadStatus.Ok);
            read.Events.Select(e => e.Revision.Value).ShouldBe([2L]);
            TestEvents.N(read.Events[0]).ShouldBe(7);
        }
        else
        {
            var refused = await Should.ThrowAsync<WrongExpectedVersionException>(append);
            refused.ActualRevision.ShouldBe(new StreamRevision(1));
            refused.Actual.ShouldBe(StreamState.NoStream);
            (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(AllExpectations))]
    public async Task Appending_to_a_tombstoned_stream_answers_deleted_whatever_the_expectation(string expectation)
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(2));
        await Store.TombstoneStreamAsync(stream, StreamState.Any);

        var refused = await Should.ThrowAsync<StreamDeletedException>(() => Store.AppendToStreamAsync(stream, Parse(expectation), [TestEvents.One()]));

        refused.StreamId.ShouldBe(stream);
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.Deleted);
    }

    [Fact]
    public async Task A_tombstoned_stream_cannot_be_deleted_again_nor_given_metadata()
    {
        var stream = TestEvents.NewStream();
        await Store.TombstoneStreamAsync(stream, StreamState.NoStream);

        await Should.ThrowAsync<StreamDeletedException>(() => Store.TombstoneStreamAsync(stream, StreamState.Any));
        await Should.ThrowAsync<StreamDeletedException>(() => Store.DeleteStreamAsync(stream, StreamState.Any));
        await Should.ThrowAsync<StreamDeletedException>(() => Store.SetStreamMetadataAsync(stream, new StreamMetadata(MaxCount: 1)));
        (await Store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1)).Status.ShouldBe(ReadStatus.Deleted);
    }

    [Fact]
    public async Task Deleting_checks_the_expectation_and_leaves_the_stream_alone_when_it_is_wrong()
    {
        var stream = TestEvents.NewStream();
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, TestEvents.Many(3));

        var refused = await Should.ThrowAsync<WrongExpectedVersionException>(() => Store.DeleteStreamAsync(stream, StreamState.At(1)));
        await Should.ThrowAsync<WrongExpectedVersionException>(() => Store.TombstoneStreamAsync(stream, StreamState.NoStream));

        refused.ActualRevision.ShouldBe(new StreamRevision(2));
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Appends_with_wrong_expectations_in_the_same_moment_do_not_fail_their_neighbours()
    {
        var streams = Enumerable.Range(0, 20).Select(_ => TestEvents.NewStream()).ToArray();
        foreach (var s in streams)
            await Store.AppendToStreamAsync(s, StreamState.NoStream, [TestEvents.One()]);

        // Even streams get the right expectation, odd ones a wrong one, all queued at once so they share drains.
        var attempts = streams.Select((s, i) => Store.AppendToStreamAsync(s, StreamState.At(i % 2 == 0 ? 0 : 5), [TestEvents.One(1)])).ToArray();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (WrongExpectedVersionException)
            {
                return false;
            }
        }));

        outcomes.ShouldBe(streams.Select((_, i) => i % 2 == 0));
        for (var i = 0; i < streams.Length; i++)
            (await Store.ReadStreamAsync(streams[i], Direction.Forwards, StreamRevision.Start, 10)).Events.Count.ShouldBe(i % 2 == 0 ? 2 : 1);
    }
}
