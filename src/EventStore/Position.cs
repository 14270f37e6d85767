namespace EventStore;

/// <summary>
/// An event's global position in <c>$all</c>: gap-free, starting at 1, in commit order.
/// <see cref="Start"/> (0) lies before every event.
/// </summary>
public readonly record struct Position(long Value) : IComparable<Position>
{
    public static readonly Position Start = new(0);

    /// <summary>Reading backwards from here starts at the newest event.</summary>
    public static readonly Position End = new(long.MaxValue);

    public int CompareTo(Position other) => Value.CompareTo(other.Value);

    public static bool operator <(Position a, Position b) => a.Value < b.Value;

    public static bool operator >(Position a, Position b) => a.Value > b.Value;

    public static bool operator <=(Position a, Position b) => a.Value <= b.Value;

    public static bool operator >=(Position a, Position b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Which way a read walks.</summary>
public enum Direction
{
    Forwards,
    Backwards,
}

/// <summary>Where a subscription to <c>$all</c> begins: the start, after a checkpoint, or the end (live only).</summary>
public readonly record struct FromAll
{
    private FromAll(Position? after, bool end)
    {
        AfterPosition = after;
        IsEnd = end;
    }

    /// <summary>Events strictly after this position are delivered; null with <see cref="IsEnd"/> false means from the start.</summary>
    public Position? AfterPosition { get; }

    public bool IsEnd { get; }

    public static FromAll Start { get; } = new(null, false);

    public static FromAll End { get; } = new(null, true);

    /// <summary>Resumes after a checkpoint: the event at <paramref name="checkpoint"/> itself is not delivered again.</summary>
    public static FromAll After(Position checkpoint) => new(checkpoint, false);
}
