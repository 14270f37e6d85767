namespace Domain.Common;

/// <summary>A broken business rule: a stable code for programs, a zh-TW message for people, and the field it concerns.</summary>
public sealed record Rejection(string Code, string Message, string? Field = null);

/// <summary>
/// The outcome of a decider's <c>Decide</c>: the events to append (none for an idempotent repeat)
/// or the rule the command broke.
/// </summary>
public readonly record struct Decision<TEvent>
{
    private Decision(IReadOnlyList<TEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public Rejection? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events, null);

    /// <summary>The command is already in effect: nothing to append.</summary>
    public static Decision<TEvent> Nothing => new([], null);

    public static Decision<TEvent> Reject(Rejection rejection) => new([], rejection);

    public static Decision<TEvent> Reject(string code, string message, string? field = null) => new([], new Rejection(code, message, field));

    public static implicit operator Decision<TEvent>(Rejection rejection) => Reject(rejection);
}

/// <summary>
/// A stream's decider (Chassaing): pure static functions, so a command handler can load, fold,
/// decide and append for any stream without knowing its rules.
/// </summary>
public interface IDecider<TState, in TCommand, TEvent>
{
    static abstract TState Initial { get; }

    /// <summary>Applies one event; sets fields and adds items, nothing more.</summary>
    static abstract TState Evolve(TState state, TEvent @event);

    /// <summary>Decides what a command means given the state; time and external facts come in the command.</summary>
    static abstract Decision<TEvent> Decide(TCommand command, TState state);
}

/// <summary>
/// The stable name and version an event is stored under (<c>GrantIssued.v1</c>); never the CLR name,
/// so records can be renamed or moved without breaking stored events.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;

    public int Version { get; } = version;

    /// <summary>The stored type name, e.g. <c>AgencyRegistered.v1</c>.</summary>
    public string StoredName => $"{Name}.v{Version}";
}

/// <summary>
/// Marks a static <c>JsonObject → JsonObject</c> method of an event record as the upcaster from one of that record's
/// retired stored shapes (<c>OidReviewRequested.v1</c>) to its current one, so the upcaster lives next to the event.
/// The event store's type registry adds it whenever it registers the record; old rows are never rewritten.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class UpcastsFromAttribute(string storedName) : Attribute
{
    /// <summary>The retired stored name this method reads, e.g. <c>OidReviewRequested.v1</c>.</summary>
    public string StoredName { get; } = storedName;
}
