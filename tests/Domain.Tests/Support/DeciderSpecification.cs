using System.Reflection;
using System.Text.Json;
using Domain.Common;

namespace Domain.Tests.Support;

/// <summary>
/// Given/When/Then for any decider: <c>Given(events).When(command).Then(events)</c>,
/// <c>.ThenRejects("code")</c> or <c>.ThenNothing()</c>. Events are compared by stored type name and
/// JSON, so lists inside events compare by content, and every decided event must fold through Evolve.
/// </summary>
public static class DeciderSpecification<TDecider, TState, TCommand, TEvent>
    where TDecider : IDecider<TState, TCommand, TEvent>
    where TEvent : class
{
    public static Scenario Given(params TEvent[] history) => new(history);

    /// <summary>A history, ready for a command.</summary>
    public sealed class Scenario(IReadOnlyList<TEvent> history)
    {
        /// <summary>The state the history folds into.</summary>
        public TState State => history.Aggregate(TDecider.Initial, TDecider.Evolve);

        public Outcome When(TCommand command)
        {
            var state = State;
            return new Outcome(state, TDecider.Decide(command, state));
        }
    }

    /// <summary>What the decider made of the command.</summary>
    public sealed class Outcome(TState state, Decision<TEvent> decision)
    {
        public Decision<TEvent> Decision => decision;

        public void Then(params TEvent[] expected)
        {
            decision.Rejection.ShouldBeNull($"expected events, but the command was rejected: {decision.Rejection}");
            decision.Events.ShouldNotBeEmpty("expected events, but the decider decided nothing (an idempotent repeat?)");
            Describe(decision.Events).ShouldBe(Describe(expected));
            decision.Events.Aggregate(state, TDecider.Evolve);
        }

        /// <summary>Asserts the rejection code (and field, when given); returns the rejection for further checks.</summary>
        public Rejection ThenRejects(string code, string? field = null)
        {
            decision.Events.ShouldBeEmpty("a rejected command must decide no events");
            var rejection = decision.Rejection.ShouldNotBeNull($"expected the rejection '{code}', but the command was accepted with {decision.Events.Count} event(s)");
            rejection.Code.ShouldBe(code);
            if (field is not null)
                rejection.Field.ShouldBe(field);
            rejection.Message.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}", "rejection messages are for people, in zh-TW");
            return rejection;
        }

        public void ThenNothing()
        {
            decision.Rejection.ShouldBeNull($"expected nothing to happen, but the command was rejected: {decision.Rejection}");
            decision.Events.ShouldBeEmpty("expected an idempotent repeat to decide no events");
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Stored type name and JSON of each event, one block per event: a readable diff when they differ.</summary>
    private static string Describe(IEnumerable<TEvent> events) => string.Join("\n", events.Select(e =>
    {
        var type = e.GetType();
        var name = type.GetCustomAttribute<EventTypeAttribute>()?.StoredName ?? $"(no [EventType] on {type.Name})";
        return $"{name} {JsonSerializer.Serialize(e, type, Json)}";
    }));
}
