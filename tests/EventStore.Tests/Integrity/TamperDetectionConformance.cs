using EventStore.Integrity;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Integrity;

/// <summary>
/// Damage done directly in the database — edited data, metadata, type or time, a deleted row, a reordered stream,
/// a rewritten hash — is found by the verifier, which names the first broken event: stream, revision, position
/// and what differs. Each test runs on a database of its own; each adapter runs every test.
/// </summary>
public abstract class TamperDetectionConformance
{
    private const int EventsPerStream = 5;

    protected abstract Task<TamperableStore> OpenAsync();

    /// <summary>
    /// Three streams written in turn, one event per append: a0 b0 c0 a1 b1 c1 … so stream b's revision r sits at
    /// position 2 + 3r, and the last event (c4) at position 15.
    /// </summary>
    private static async Task<History> WriteHistoryAsync(TamperableStore target)
    {
        var history = new History(TestEvents.NewStream("a"), TestEvents.NewStream("b"), TestEvents.NewStream("c"));
        for (var revision = 0; revision < EventsPerStream; revision++)
        {
            foreach (var stream in history.Streams)
            {
                target.Clock.Advance(TimeSpan.FromSeconds(1));
                await target.Store.AppendToStreamAsync(stream, revision == 0 ? StreamState.NoStream : StreamState.At(revision - 1), [TestEvents.One(revision)]);
            }
        }

        return history;
    }

    private sealed record History(string A, string B, string C)
    {
        public string[] Streams => [A, B, C];

        public static long PositionOfB(int revision) => 2 + (3 * revision);
    }

    [Fact]
    public async Task An_untouched_store_verifies_every_event_and_stream()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        var store = await target.Verifier.VerifyStoreAsync();
        var stream = await target.Verifier.VerifyStreamAsync(history.B);

        store.IsIntact.ShouldBeTrue(string.Join("; ", store.Breaks));
        store.EventsVerified.ShouldBe(15);
        store.StreamsVerified.ShouldBe(3);
        store.Head.ShouldBe(15);
        stream.IsIntact.ShouldBeTrue();
        stream.EventsVerified.ShouldBe(EventsPerStream);
        var last = (await target.Store.ReadStreamAsync(history.B, Direction.Backwards, StreamRevision.End, 1)).Events.Single();
        stream.LastHash.ShouldBe(Convert.ToHexStringLower(last.Hash.Span));
    }

    [Fact]
    public async Task Edited_event_data_is_named_with_its_stream_revision_and_position()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET data = @data WHERE position = @position", ("@data", """{"n":99}"""u8.ToArray()), ("@position", History.PositionOfB(2)));

        var store = await target.Verifier.VerifyStoreAsync();
        var broken = store.Breaks.ShouldHaveSingleItem();
        broken.Kind.ShouldBe(ChainBreakKind.ContentAltered);
        (broken.StreamId, broken.Revision, broken.Position).ShouldBe((history.B, 2L, History.PositionOfB(2)));
        broken.Found.ShouldStartWith("hash of the stored contents ");
        broken.Expected.ShouldNotContain(broken.Found[^64..]);
        store.EventsVerified.ShouldBe(15);
        (await target.Verifier.VerifyStreamAsync(history.B)).FirstBreak.ShouldBe(broken);
        (await target.Verifier.VerifyStreamAsync(history.A)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Edited_metadata_is_found()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET metadata = @m WHERE position = @position",
            ("@m", """{"correlationId":"00000000-0000-0000-0000-000000000000","causationId":"00000000-0000-0000-0000-000000000000","actor":"someone-else"}"""u8.ToArray()),
            ("@position", History.PositionOfB(1)));

        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Revision, broken.Position).ShouldBe((ChainBreakKind.ContentAltered, history.B, 1L, History.PositionOfB(1)));
    }

    [Fact]
    public async Task An_edited_type_is_found()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET type = 'Uncounted.v1' WHERE position = @position", ("@position", History.PositionOfB(3)));

        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Revision, broken.Position).ShouldBe((ChainBreakKind.ContentAltered, history.B, 3L, History.PositionOfB(3)));
    }

    [Fact]
    public async Task An_edited_time_is_found()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET created_us = created_us - 86400000000 WHERE position = @position", ("@position", History.PositionOfB(0)));

        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Revision, broken.Position).ShouldBe((ChainBreakKind.ContentAltered, history.B, 0L, History.PositionOfB(0)));
    }

    [Fact]
    public async Task Rewriting_an_events_hash_to_match_its_new_data_breaks_its_all_link_and_the_link_of_the_next_event()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);
        var original = (await target.Store.ReadStreamAsync(history.B, Direction.Forwards, new StreamRevision(2), 1)).Events.Single();
        var forged = HashChain.Link(original.PreviousHash.Span, history.B, 2, original.EventId, original.Type, """{"n":99}"""u8, original.Metadata.Span,
            HashChain.ToUnixMicroseconds(original.Created));

        await target.ExecuteAsync("UPDATE events SET data = @data, hash = @hash WHERE position = @position",
            ("@data", """{"n":99}"""u8.ToArray()), ("@hash", forged), ("@position", History.PositionOfB(2)));

        var breaks = (await target.Verifier.VerifyStoreAsync()).Breaks;
        breaks.Count.ShouldBe(2, string.Join("; ", breaks));
        (breaks[0].Kind, breaks[0].StreamId, breaks[0].Revision, breaks[0].Position).ShouldBe((ChainBreakKind.AllLinkBroken, history.B, 2L, History.PositionOfB(2)));
        var broken = breaks[1];
        (broken.Kind, broken.StreamId, broken.Revision, broken.Position).ShouldBe((ChainBreakKind.LinkBroken, history.B, 3L, History.PositionOfB(3)));
        broken.Expected.ShouldBe($"previous hash {Convert.ToHexStringLower(forged)}");
        broken.Found.ShouldBe($"previous hash {Convert.ToHexStringLower(original.Hash.Span)}");
    }

    [Fact]
    public async Task A_deleted_row_leaves_a_hole_in_the_positions_and_a_missing_revision_in_its_stream()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("DELETE FROM events WHERE position = @position", ("@position", History.PositionOfB(2)));

        var store = await target.Verifier.VerifyStoreAsync();
        store.Breaks.Count.ShouldBe(2, string.Join("; ", store.Breaks));
        store.FirstBreak.ShouldBe(new ChainBreak(ChainBreakKind.PositionMissing, null, null, History.PositionOfB(2), $"position {History.PositionOfB(2)}", $"next stored position {History.PositionOfB(2) + 1}"));
        var inStream = store.Breaks[1];
        (inStream.Kind, inStream.StreamId, inStream.Revision, inStream.Position).ShouldBe((ChainBreakKind.RevisionMissing, history.B, 3L, History.PositionOfB(3)));
        (inStream.Expected, inStream.Found).ShouldBe(("revision 2", "revision 3"));
        (await target.Verifier.VerifyStreamAsync(history.B)).FirstBreak.ShouldBe(inStream);
        store.EventsVerified.ShouldBe(14);
    }

    [Fact]
    public async Task A_deleted_last_event_disagrees_with_its_streams_record()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("DELETE FROM events WHERE position = 15");

        var stream = (await target.Verifier.VerifyStreamAsync(history.C)).Breaks.ShouldHaveSingleItem();
        (stream.Kind, stream.StreamId, stream.Revision, stream.Position).ShouldBe((ChainBreakKind.StreamHeadMismatch, history.C, 4L, (long?)null));
        stream.Found.ShouldStartWith("last stored event revision 3 at position 12");
        var store = await target.Verifier.VerifyStoreAsync();
        store.Breaks.ShouldContain(stream);
        // PostgreSQL also keeps a head counter, which now points past the last stored row.
        store.Breaks.Where(b => b != stream).ShouldAllBe(b => b.Kind == ChainBreakKind.PositionMissing && b.Position == 15);
    }

    [Fact]
    public async Task Two_events_of_a_stream_swapped_in_position_are_both_named_as_out_of_order_and_the_all_chain_breaks_after_each()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);
        long first = History.PositionOfB(1), second = History.PositionOfB(2);

        await target.ExecuteAsync("UPDATE events SET position = -1 WHERE position = @p", ("@p", first));
        await target.ExecuteAsync("UPDATE events SET position = @to WHERE position = @from", ("@to", first), ("@from", second));
        await target.ExecuteAsync("UPDATE events SET position = @to WHERE position = -1", ("@to", second));

        var store = await target.Verifier.VerifyStoreAsync();
        store.Breaks.Select(b => (b.Kind, b.StreamId, b.Revision, b.Position)).ShouldBe([
            (ChainBreakKind.RevisionOutOfOrder, history.B, 2L, first),
            (ChainBreakKind.AllLinkBroken, history.C, 1L, first + 1),
            (ChainBreakKind.RevisionOutOfOrder, history.B, 1L, second),
            (ChainBreakKind.AllLinkBroken, history.C, 2L, second + 1),
        ]);
        (store.FirstBreak!.Expected, store.FirstBreak.Found).ShouldBe(("revision 1", "revision 2"));
    }

    [Fact]
    public async Task Contents_swapped_between_two_events_break_both()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET data = @d WHERE position = @p", ("@d", """{"n":3}"""u8.ToArray()), ("@p", History.PositionOfB(1)));
        await target.ExecuteAsync("UPDATE events SET data = @d WHERE position = @p", ("@d", """{"n":1}"""u8.ToArray()), ("@p", History.PositionOfB(3)));

        var store = await target.Verifier.VerifyStoreAsync();
        store.Breaks.Select(b => (b.Kind, b.StreamId, b.Revision)).ShouldBe([
            (ChainBreakKind.ContentAltered, history.B, 1L),
            (ChainBreakKind.ContentAltered, history.B, 3L),
        ]);
    }

    [Fact]
    public async Task An_edited_stream_record_is_found()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE streams SET last_hash = @h WHERE name = @name", ("@h", new byte[32]), ("@name", history.A));

        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Revision).ShouldBe((ChainBreakKind.StreamHeadMismatch, history.A, 4L));
    }

    [Fact]
    public async Task An_edited_all_link_is_named_at_its_position()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);

        await target.ExecuteAsync("UPDATE events SET all_hash = @h WHERE position = 7", ("@h", new byte[32]));

        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Position).ShouldBe((ChainBreakKind.AllLinkBroken, history.A, 7L));
        broken.Found.ShouldBe($"$all link {new string('0', 64)} (as stored)");
        (await target.Verifier.VerifyStreamAsync(history.A)).IsIntact.ShouldBeTrue("a stream's own chain does not cover $all");
    }

    [Fact]
    public async Task Every_stored_all_link_chains_the_event_hashes_in_position_order()
    {
        await using var target = await OpenAsync();
        await WriteHistoryAsync(target);
        var events = await target.Store.ReadAllAsync(Direction.Forwards, Position.Start, 100);

        var link = HashChain.Genesis.ToArray();
        foreach (var e in events)
            link = HashChain.AllLink(link, e.Position.Value, e.Hash.Span);

        var head = await ((EventStore.Storage.RelationalEventStore)target.Store).ReadChainStateAsync(0);
        (head.Position, head.EventsSince).ShouldBe((15L, 15L));
        head.AllHash.ShouldBe(link);
    }

    [Fact]
    public async Task A_store_written_before_the_all_chain_verifies_without_it_before_it_is_opened()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);
        await target.Store.DisposeAsync();
        await target.ExecuteAsync(target.PreAllChainSchemaSql);

        var intact = await target.Verifier.VerifyStoreAsync();
        intact.IsIntact.ShouldBeTrue(string.Join("; ", intact.Breaks));
        intact.EventsVerified.ShouldBe(15);
        await target.ExecuteAsync("UPDATE events SET type = 'Other.v1' WHERE position = 4");
        var broken = (await target.Verifier.VerifyStoreAsync()).Breaks.ShouldHaveSingleItem();
        (broken.Kind, broken.StreamId, broken.Position).ShouldBe((ChainBreakKind.ContentAltered, history.A, 4L));
    }

    [Fact]
    public async Task A_store_written_before_the_all_chain_gets_its_links_when_opened_and_verifies()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);
        await target.Store.DisposeAsync();
        await target.ExecuteAsync(target.PreAllChainSchemaSql);

        await target.ReopenAsync();
        await target.Store.AppendToStreamAsync(history.A, StreamState.Any, [TestEvents.One(5)]);

        var store = await target.Verifier.VerifyStoreAsync();
        store.IsIntact.ShouldBeTrue(string.Join("; ", store.Breaks));
        store.EventsVerified.ShouldBe(16);
        var link = HashChain.Genesis.ToArray();
        foreach (var e in await target.Store.ReadAllAsync(Direction.Forwards, Position.Start, 100))
            link = HashChain.AllLink(link, e.Position.Value, e.Hash.Span);
        (await ((EventStore.Storage.RelationalEventStore)target.Store).ReadChainStateAsync(0)).AllHash.ShouldBe(link);
    }

    [Fact]
    public async Task Events_hidden_from_reads_are_verified_too()
    {
        await using var target = await OpenAsync();
        var history = await WriteHistoryAsync(target);
        await target.Store.DeleteStreamAsync(history.B, StreamState.Any);
        await target.Store.SetStreamMetadataAsync(history.A, new StreamMetadata(MaxCount: 1));

        await target.ExecuteAsync("UPDATE events SET data = @data WHERE position = @position", ("@data", """{"n":7}"""u8.ToArray()), ("@position", History.PositionOfB(4)));
        await target.ExecuteAsync("UPDATE events SET data = @data WHERE position = 1", ("@data", """{"n":7}"""u8.ToArray()));

        (await target.Store.ReadStreamAsync(history.B, Direction.Forwards, StreamRevision.Start, 10)).Status.ShouldBe(ReadStatus.NotFound);
        var store = await target.Verifier.VerifyStoreAsync();
        store.Breaks.Select(b => (b.StreamId, b.Revision, b.Position)).ShouldBe([(history.A, 0L, 1L), (history.B, 4L, History.PositionOfB(4))]);
        store.EventsVerified.ShouldBe(15);
    }

    [Fact]
    public async Task Progress_is_reported_up_to_every_event_and_an_unknown_or_empty_store_verifies_nothing()
    {
        await using var target = await OpenAsync();
        (await target.Store.ReadHeadPositionAsync()).ShouldBe(Position.Start);
        var empty = await target.Verifier.VerifyStoreAsync();
        empty.IsIntact.ShouldBeTrue();
        empty.EventsVerified.ShouldBe(0);
        await WriteHistoryAsync(target);
        var reports = new List<IntegrityProgress>();

        await target.Verifier.VerifyStoreAsync(new SynchronousProgress(reports.Add));

        reports.ShouldNotBeEmpty();
        reports[^1].ShouldBe(new IntegrityProgress(15, 15, 0));
        reports[^1].Fraction.ShouldBe(1);
        var unknown = await target.Verifier.VerifyStreamAsync("no-such-stream");
        (unknown.EventsVerified, unknown.StreamsVerified, unknown.IsIntact).ShouldBe((0L, 0, true));
    }

    [Fact]
    public async Task A_long_stream_verifies_across_the_progress_interval()
    {
        await using var target = await OpenAsync();
        var stream = TestEvents.NewStream("long");
        for (var i = 0; i < 20; i++)
            await target.Store.AppendToStreamAsync(stream, StreamState.Any, TestEvents.Many(1000, i * 1000));
        await target.ExecuteAsync("UPDATE events SET type = 'X.v1' WHERE position = 19999");
        var reports = new List<IntegrityProgress>();

        var store = await target.Verifier.VerifyStoreAsync(new SynchronousProgress(reports.Add));

        store.EventsVerified.ShouldBe(20_000);
        reports.Select(r => r.EventsVerified).ShouldBeInOrder();
        reports.Count.ShouldBeGreaterThan(2);
        var broken = store.Breaks.ShouldHaveSingleItem();
        (broken.StreamId, broken.Revision, broken.Position).ShouldBe((stream, 19_998L, 19_999L));
        reports[^1].BreaksFound.ShouldBe(1);
    }

    /// <summary>Records reports on the verifying thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SynchronousProgress(Action<IntegrityProgress> report) : IProgress<IntegrityProgress>
    {
        public void Report(IntegrityProgress value) => report(value);
    }
}

public sealed class SqliteTamperDetectionTests : TamperDetectionConformance
{
    protected override Task<TamperableStore> OpenAsync() => Task.FromResult<TamperableStore>(new SqliteTamperableStore());
}

public sealed class PostgresTamperDetectionTests : TamperDetectionConformance
{
    protected override async Task<TamperableStore> OpenAsync() => await PostgresTamperableStore.CreateAsync();
}
