namespace EventStore;

/// <summary>A stream's revision: the 0-based number of an event within its stream.</summary>
public readonly record struct StreamRevision(long Value) : IComparable<StreamRevision>
{
    public static readonly StreamRevision Start = new(0);

    /// <summary>Reading backwards from here starts at the stream's last event.</summary>
    public static readonly StreamRevision End = new(long.MaxValue);

    public int CompareTo(StreamRevision other) => Value.CompareTo(other.Value);

    public static implicit operator StreamRevision(long value) => new(value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What an append or delete expects of the stream: Any, NoStream, StreamExists or an exact revision.</summary>
public readonly record struct StreamState
{
    private StreamState(StreamStateKind kind, long revision)
    {
        Kind = kind;
        Revision = revision;
    }

    public StreamStateKind Kind { get; }

    /// <summary>The expected last revision when <see cref="Kind"/> is <see cref="StreamStateKind.Exact"/>.</summary>
    public long Revision { get; }

    public static StreamState Any { get; } = new(StreamStateKind.Any, -1);

    /// <summary>The stream has no events (never written, or soft-deleted).</summary>
    public static StreamState NoStream { get; } = new(StreamStateKind.NoStream, -1);

    public static StreamState StreamExists { get; } = new(StreamStateKind.StreamExists, -1);

    /// <summary>The stream's last event has exactly this revision.</summary>
    public static StreamState At(StreamRevision revision) => revision.Value >= 0
        ? new(StreamStateKind.Exact, revision.Value)
        : throw new ArgumentOutOfRangeException(nameof(revision), "a revision is never negative");

    public static implicit operator StreamState(StreamRevision revision) => At(revision);

    public override string ToString() => Kind == StreamStateKind.Exact
        ? Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Kind.ToString();
}

/// <summary>The kinds of expectation an append can carry.</summary>
public enum StreamStateKind
{
    Any,
    NoStream,
    StreamExists,
    Exact,
}
