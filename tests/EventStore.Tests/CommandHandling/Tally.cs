using Domain.Common;

namespace EventStore.Tests.CommandHandling;

// A tiny decider for the command handler's tests: a tally that may not exceed a limit.

public interface ITallyEvent;

[EventType("TallyRaised", 2)]
public sealed record TallyRaised(int By, int Total) : ITallyEvent;

/// <summary>A remark on the tally that the rules never read: the decider does not fold it.</summary>
[EventType("TallyNoted", 1)]
public sealed record TallyNoted(string Note) : ITallyEvent;

public sealed record RaiseTally(int By, int Limit, Action? WhileDeciding = null);

public sealed record Tally(int Total)
{
    public static Tally Initial { get; } = new(0);
}

public sealed class TallyDecider : IDecider<Tally, RaiseTally, ITallyEvent>
{
    public static Tally Initial => Tally.Initial;

    public static Tally Evolve(Tally state, ITallyEvent @event) => @event switch
    {
        TallyRaised raised => state with { Total = raised.Total },
        _ => state,
    };

    public static bool Folds(Type eventType) => eventType != typeof(TallyNoted);

    public static Decision<ITallyEvent> Decide(RaiseTally command, Tally state)
    {
        // Only tests use this hook: it lets another writer slip in between the read and the append.
        command.WhileDeciding?.Invoke();
        if (command.By == 0)
            return Decision<ITallyEvent>.Nothing;
        if (state.Total + command.By > command.Limit)
            return new Rejection("TALLY_LIMIT", "超過上限。", nameof(command.By));
        return Decision<ITallyEvent>.Accept(new TallyRaised(command.By, state.Total + command.By));
    }
}
