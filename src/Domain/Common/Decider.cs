namespace Domain.Common;

/// <summary>A broken business rule: a stable code for programs, a zh-TW message for people, and the field it concerns.</summary>
public sealed record Rejection(string Code, string Message, string? Field = null)
{
    /// <summary>The one code for "the stream changed after the page read it": nothing was written, reload and try again.</summary>
    public const string ChangedMeanwhileCode = "changed-meanwhile";

    /// <summary>
    /// Someone else wrote to the stream after the page was built (a stale version) or while the command was decided (a
    /// lost race): nothing was written. Features may word it for their page (<c>with { Message = … }</c>); the code stays.
    /// </summary>
    public static Rejection ChangedMeanwhile { get; } = new(ChangedMeanwhileCode,
        "在您操作的同時，這筆資料已經由其他人更新，您這次的送出沒有寫入任何資料。請重新整理頁面後再試一次。");

    /// <summary>Whether this is <see cref="ChangedMeanwhile"/>, in any wording.</summary>
    public bool IsChangedMeanwhile => Code == ChangedMeanwhileCode;
}

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

    /// <summary>
    /// Whether <c>Evolve</c> needs events of this type. Loading a stream skips the others unread (their positions
    /// still count), so a stream of large events the rules never look at is not read back to decide.
    /// </summary>
    static virtual bool Folds(Type eventType) => true;
}

/// <summary>
/// A command that names the stream it is decided on and the decider that decides it, so that one pipeline can
/// run every command: load the stream, fold, decide, append (the stream name comes from the command, never from
/// the page that sends it).
/// </summary>
public interface IStreamCommand<TDecider, TState, TCommand, TEvent>
    where TDecider : IDecider<TState, TCommand, TEvent>
{
    /// <summary>Makes a resend append nothing: the events' ids derive from it.</summary>
    Guid CommandId { get; }

    /// <summary>Who acts, as the events' metadata records it.</summary>
    string Actor { get; }

    /// <summary>The stream the command is decided on.</summary>
    string StreamName { get; }
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
