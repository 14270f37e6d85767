namespace Web.CardSteps;

/// <summary>Says when an in-memory store should sweep again: at most once per interval, to exactly one caller.</summary>
internal sealed class SweepSchedule(TimeSpan interval)
{
    private long _nextTicks;

    /// <summary>True for one caller once the interval has passed since the last sweep (the caller then sweeps).</summary>
    public bool TryClaim(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextTicks);
        return now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextTicks, now.UtcTicks + interval.Ticks, due) == due;
    }
}
