using Domain.Common;
using EventStore;
using EventStore.CommandHandling;
using EventStore.Serialization;

namespace Web.Messaging;

/// <summary>What a command came to once <see cref="CommandPipeline"/> ran it.</summary>
/// <param name="Events">What it appended, now or at an earlier send of the same command id; empty when the command asked for nothing new.</param>
/// <param name="Position">Where its last event sits in the store (null when nothing was appended): what a later read waits for.</param>
/// <param name="Shown">
/// Whether the read models the page reads next already hold the change. False when the bounded wait ran out: the change
/// is saved all the same and the lists catch up shortly (<see cref="ReadModelWait.SavedNotShownYet"/>).
/// </param>
public sealed record Recorded<TEvent>(IReadOnlyList<TEvent> Events, Position? Position, bool Shown)
{
    /// <summary>Whether the command changed anything (a repeat of what is already in effect does not).</summary>
    public bool Changed => Events.Count > 0;

    /// <summary>What the page adds to its own message while the lists do not show the change yet; null once they do.</summary>
    public string? NotShownNotice => Shown ? null : ReadModelWait.SavedNotShownYet;
}

/// <summary>
/// The one write path of the features. A domain command names its stream and decider (<see cref="IStreamCommand{TDecider,TState,TCommand,TEvent}"/>);
/// the pipeline loads and folds that stream, decides, appends at the version it read
/// (<see cref="CommandHandler{TDecider,TState,TCommand,TEvent}"/>: one retry after a lost race, a resend appends nothing),
/// then waits, bounded, until the read models the page reads next hold the events (<see cref="ReadModelWait"/>).
/// A broken rule comes back as the decider's rejection, a lost race as <see cref="Rejection.ChangedMeanwhile"/>; once
/// the events are saved the answer is never an error, only "not shown yet".
/// </summary>
public sealed class CommandPipeline(IEventStore store, EventTypeRegistry registry, ReadModelWait wait, IHttpContextAccessor http)
{
    /// <summary>Runs <paramref name="command"/> on its stream and waits for <paramref name="readModels"/> (projection names) to show it.</summary>
    /// <param name="correlationId">What ties this command to others of one user task (a wizard run's id); the command's own id when null.</param>
    public async Task<Outcome<Recorded<TEvent>>> SendAsync<TDecider, TState, TCommand, TEvent>(
        IStreamCommand<TDecider, TState, TCommand, TEvent> command,
        IReadOnlyCollection<string> readModels,
        CancellationToken cancellationToken,
        Guid? correlationId = null)
        where TDecider : IDecider<TState, TCommand, TEvent>
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(readModels);
        var decided = command is TCommand typed ? typed : throw new ArgumentException($"{command.GetType().Name} is not a {typeof(TCommand).Name}", nameof(command));
        using var span = Hosting.Telemetry.Source.StartActivity("command");
        span?.SetTag("evs.command", command.GetType().Name);
        var context = new CommandContext(correlationId ?? command.CommandId, command.Actor);
        var outcome = await Handler<TDecider, TState, TCommand, TEvent>().HandleAsync(command.StreamName, command.CommandId, decided, context, cancellationToken);
        return outcome switch
        {
            CommandOutcome<TEvent>.Appended appended =>
                new Recorded<TEvent>(appended.Events, appended.Position, await ShownAsync(appended.Position, readModels, cancellationToken)),
            CommandOutcome<TEvent>.NothingToDo => new Recorded<TEvent>([], null, true),
            CommandOutcome<TEvent>.Rejected rejected => rejected.Rejection,
            CommandOutcome<TEvent>.Conflict => Rejection.ChangedMeanwhile,
            _ => throw new InvalidOperationException($"Unexpected command outcome {outcome}"),
        };
    }

    /// <summary>
    /// Waits for the read models; when the wait runs out, the browser's next page (on any node) waits for them again
    /// (<see cref="ReadYourWrites"/>).
    /// </summary>
    private async Task<bool> ShownAsync(Position position, IReadOnlyCollection<string> readModels, CancellationToken cancellationToken)
    {
        var shown = await wait.ForAsync(position, readModels, cancellationToken);
        if (!shown && http.HttpContext is { Response.HasStarted: false } context)
            ReadYourWrites.Remember(context, position, readModels);
        return shown;
    }

    /// <summary>A stream folded as its decider sees it (the decider's initial state for a stream not written yet).</summary>
    public async Task<TState> LoadAsync<TDecider, TState, TCommand, TEvent>(string streamName, CancellationToken cancellationToken)
        where TDecider : IDecider<TState, TCommand, TEvent>
        where TEvent : class
    {
        var loaded = await Handler<TDecider, TState, TCommand, TEvent>().LoadStateAsync(streamName, cancellationToken)
                     ?? throw new InvalidOperationException($"The stream {streamName} was tombstoned.");
        return loaded.State;
    }

    private CommandHandler<TDecider, TState, TCommand, TEvent> Handler<TDecider, TState, TCommand, TEvent>()
        where TDecider : IDecider<TState, TCommand, TEvent>
        where TEvent : class => new(store, registry);
}
