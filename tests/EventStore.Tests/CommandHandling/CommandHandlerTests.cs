using System.Text.Json.Nodes;
using EventStore.CommandHandling;
using EventStore.Serialization;
using EventStore.Tests.Sqlite;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.CommandHandling;

public sealed class CommandHandlerTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static readonly CommandContext Context = new(Guid.NewGuid(), "manager-1");

    private readonly EventTypeRegistry _registry = new EventTypeRegistry()
        .Register<TallyRaised>()
        .Register<TallyNoted>()
        .AddUpcaster("TallyRaised.v1", "TallyRaised.v2", v1 => new JsonObject { ["by"] = v1["amount"]!.GetValue<int>(), ["total"] = -1 });

    private IEventStore Store => fixture.Store;

    private CommandHandler<TallyDecider, Tally, RaiseTally, ITallyEvent> Handler => new(Store, _registry);

    private async Task<List<RecordedEvent>> Stored(string stream) =>
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100)).Events.ToList();

    [Fact]
    public async Task An_accepted_command_appends_its_events_with_the_callers_metadata()
    {
        var stream = TestEvents.NewStream("tally");
        var commandId = Guid.NewGuid();

        var outcome = await Handler.HandleAsync(stream, commandId, new RaiseTally(2, 10), Context);

        var appended = outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Appended>();
        appended.Events.ShouldBe([new TallyRaised(2, 2)]);
        var stored = (await Stored(stream)).ShouldHaveSingleItem();
        stored.Position.ShouldBe(appended.Position);
        stored.Type.ShouldBe("TallyRaised.v2");
        stored.EventId.ShouldBe(CommandHandler<TallyDecider, Tally, RaiseTally, ITallyEvent>.DerivedEventId(commandId, 0));
        EventMetadata.From(stored).ShouldBe(new EventMetadata(Context.CorrelationId, commandId, "manager-1"));
    }

    [Fact]
    public async Task A_rejected_command_writes_nothing()
    {
        var stream = TestEvents.NewStream("tally");

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(11, 10), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Rejected>().Rejection.Code.ShouldBe("TALLY_LIMIT");
        (await Store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 1)).Status.ShouldBe(ReadStatus.NotFound);
    }

    [Fact]
    public async Task A_command_asking_for_nothing_new_writes_nothing()
    {
        var stream = TestEvents.NewStream("tally");
        await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 10), Context);

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(0, 10), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.NothingToDo>();
        (await Stored(stream)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Resending_a_command_id_appends_nothing_and_returns_the_original_outcome()
    {
        var stream = TestEvents.NewStream("tally");
        var commandId = Guid.NewGuid();
        var first = (CommandOutcome<ITallyEvent>.Appended)await Handler.HandleAsync(stream, commandId, new RaiseTally(3, 10), Context);
        await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 10), Context);

        var again = await Handler.HandleAsync(stream, commandId, new RaiseTally(3, 10), Context);

        var appended = again.ShouldBeOfType<CommandOutcome<ITallyEvent>.Appended>();
        appended.Position.ShouldBe(first.Position);
        appended.Revision.ShouldBe(first.Revision);
        appended.Events.ShouldBe(first.Events);
        (await Stored(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_conflict_whose_redecision_is_the_same_is_appended_after_rereading()
    {
        var stream = TestEvents.NewStream("tally");
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, [_registry.ToEventData(new TallyRaised(0, 0), Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "x"))]);
        var slippedIn = false;
        void Interfere()
        {
            if (slippedIn)
                return;
            slippedIn = true;
            // Another writer appends the same fact the command would, so re-deciding gives the same events.
            Store.AppendToStreamAsync(stream, StreamState.Any, [_registry.ToEventData(new TallyRaised(0, 0), Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "other"))]).GetAwaiter().GetResult();
        }

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(4, 10, Interfere), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Appended>().Revision.ShouldBe(new StreamRevision(2));
        (await Stored(stream)).Select(e => e.Revision.Value).ShouldBe([0L, 1, 2]);
    }

    [Fact]
    public async Task Events_the_decider_does_not_fold_are_skipped_unread()
    {
        var stream = TestEvents.NewStream("tally");
        await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(3, 10), Context);
        // Data that does not read as a TallyNoted (a number where its note is text): deciding must not need it.
        await Store.AppendToStreamAsync(stream, StreamState.Any, [new EventData(Guid.NewGuid(), "TallyNoted.v1", """{"note":12}"""u8.ToArray(), EventData.EmptyMetadata)]);

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(2, 10), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Appended>().Events.ShouldBe([new TallyRaised(2, 5)]);
        (await Stored(stream)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_conflict_that_changes_the_decision_asks_the_user_to_reload()
    {
        var stream = TestEvents.NewStream("tally");
        var interfered = 0;
        void Interfere()
        {
            if (interfered++ == 0)
                Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 10), Context).GetAwaiter().GetResult();
        }

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(5, 10, Interfere), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Conflict>();
        (await Stored(stream)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_second_conflict_after_rereading_is_a_conflict()
    {
        var stream = TestEvents.NewStream("tally");
        await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 100), Context);
        void Interfere() => Store.AppendToStreamAsync(stream, StreamState.Any, [_registry.ToEventData(new TallyRaised(0, 1), Guid.NewGuid(), new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), "other"))]).GetAwaiter().GetResult();

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(5, 100, Interfere), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Conflict>();
        (await Stored(stream)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Old_event_shapes_are_upcast_while_folding()
    {
        var stream = TestEvents.NewStream("tally");
        await Store.AppendToStreamAsync(stream, StreamState.NoStream, [new EventData(Guid.NewGuid(), "TallyRaised.v1", """{"amount":7}"""u8.ToArray(), EventData.EmptyMetadata)]);
        await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 100), Context);

        var (state, revision) = (await Handler.LoadStateAsync(stream))!.Value;

        // The upcast v1 event set the total to -1, then +1 made 0: proof the v1 event was read through the upcaster.
        state.Total.ShouldBe(0);
        revision.ShouldBe(new StreamRevision(1));
    }

    [Fact]
    public async Task A_tombstoned_stream_rejects_commands()
    {
        var stream = TestEvents.NewStream("tally");
        await Store.TombstoneStreamAsync(stream, StreamState.Any);

        var outcome = await Handler.HandleAsync(stream, Guid.NewGuid(), new RaiseTally(1, 10), Context);

        outcome.ShouldBeOfType<CommandOutcome<ITallyEvent>.Rejected>().Rejection.Code.ShouldBe("STREAM_DELETED");
    }

    [Fact]
    public void Derived_event_ids_are_stable_per_command_and_index_and_differ_otherwise()
    {
        var command = Guid.NewGuid();
        var id = CommandHandler<TallyDecider, Tally, RaiseTally, ITallyEvent>.DerivedEventId;

        id(command, 0).ShouldBe(id(command, 0));
        id(command, 1).ShouldNotBe(id(command, 0));
        id(Guid.NewGuid(), 0).ShouldNotBe(id(command, 0));
        id(command, 0).Version.ShouldBe(8);
    }

    [Fact]
    public void Derived_event_ids_of_time_ordered_commands_sort_in_command_order()
    {
        var earlier = Guid.CreateVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = Guid.CreateVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero));
        var id = CommandHandler<TallyDecider, Tally, RaiseTally, ITallyEvent>.DerivedEventId;

        var ordered = new[] { id(later, 0), id(earlier, 1), id(later, 3), id(earlier, 0) }
            .OrderBy(g => Convert.ToHexString(g.ToByteArray(bigEndian: true)), StringComparer.Ordinal).ToList();

        ordered.Take(2).ShouldBe([id(earlier, 0), id(earlier, 1)], ignoreOrder: true);
        ordered.Skip(2).ShouldBe([id(later, 0), id(later, 3)], ignoreOrder: true);
    }
}
