using Domain.Common;

namespace EventStore.CommandHandling;

/// <summary>What handling a command came to: appended, rejected by a rule, lost to a concurrent change, or already in effect.</summary>
public abstract record CommandOutcome<TEvent>
{
    private CommandOutcome()
    {
    }

    /// <summary>The events are stored (now or by an earlier send of the same command id).</summary>
    public sealed record Appended(IReadOnlyList<TEvent> Events, Position Position, StreamRevision Revision) : CommandOutcome<TEvent>;

    public sealed record Rejected(Rejection Rejection) : CommandOutcome<TEvent>;

    /// <summary>Someone else changed the stream and the decision no longer holds: the user should reload (<see cref="Rejection.ChangedMeanwhile"/>).</summary>
    public sealed record Conflict : CommandOutcome<TEvent>;

    /// <summary>The command asked for nothing new.</summary>
    public sealed record NothingToDo : CommandOutcome<TEvent>;
}

/// <summary>Who is acting and in which request; becomes each event's metadata together with the command id.</summary>
public sealed record CommandContext(Guid CorrelationId, string Actor);
