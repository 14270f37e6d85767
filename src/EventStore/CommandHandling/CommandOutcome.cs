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

    /// <summary>Someone else changed the stream and the decision no longer holds: the user should reload.</summary>
    public sealed record Conflict : CommandOutcome<TEvent>
    {
        public static Rejection Reason { get; } = new("CONCURRENCY_CONFLICT", "其他人剛剛修改了這筆資料，請重新載入後再試一次。");
    }

    /// <summary>The command asked for nothing new.</summary>
    public sealed record NothingToDo : CommandOutcome<TEvent>;
}

/// <summary>Who is acting and in which request; becomes each event's metadata together with the command id.</summary>
public sealed record CommandContext(Guid CorrelationId, string Actor);
