using System.Diagnostics;

namespace CardAgent.Cards;

/// <summary>Counts the time spent inside the card link, so the agent can report its own overhead apart from the card's.</summary>
public sealed class TimedLink(IApduLink inner) : IApduLink
{
    private long ticks;

    /// <summary>Total time inside <see cref="Transmit"/> so far.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    /// <inheritdoc />
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return inner.Transmit(command);
        }
        finally
        {
            Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - start);
        }
    }
}
