using System.Collections.Concurrent;

namespace CardAgent.Backends;

/// <summary>One operation per reader at a time: a second caller is told READER_BUSY at once, never queued behind a PIN prompt.</summary>
public sealed class ReaderLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    /// <summary>The reader's lock, or null when another operation holds it.</summary>
    public IDisposable? TryEnter(string reader)
    {
        var gate = locks.GetOrAdd(reader, _ => new SemaphoreSlim(1, 1));
        return gate.Wait(0) ? new Release(gate) : null;
    }

    /// <summary>True when an operation holds the reader right now.</summary>
    public bool IsHeld(string reader) => locks.TryGetValue(reader, out var gate) && gate.CurrentCount == 0;

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                gate.Release();
        }
    }
}
