namespace ReadModels.Runner;

/// <summary>
/// Pages waiting for a projection's live tables to include a position (read-your-writes after a command). Each waiter
/// is woken once, by the commit that takes the live checkpoint to its position, instead of every waiter re-checking
/// after every batch.
/// </summary>
internal sealed class CheckpointWaiters
{
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    /// <summary>The live tables of <paramref name="name"/> now include everything up to <paramref name="checkpoint"/>.</summary>
    public void Publish(string name, long checkpoint)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_byName)
        {
            var entry = EntryFor(name);
            // Never backwards: on PostgreSQL the same checkpoint is also learnt from other nodes, possibly late.
            if (entry.Checkpoint > checkpoint)
                return;
            entry.Checkpoint = checkpoint;
            for (var i = entry.Waiting.Count - 1; i >= 0; i--)
            {
                if (entry.Waiting[i].Position > checkpoint)
                    continue;
                (ready ??= []).Add(entry.Waiting[i].Done);
                entry.Waiting.RemoveAt(i);
            }
        }

        foreach (var done in ready ?? [])
            done.TrySetResult();
    }

    /// <summary>Nothing is fed any more (the runner stopped): later waiters wait for a new start.</summary>
    public void Clear()
    {
        lock (_byName)
        {
            foreach (var entry in _byName.Values)
                entry.Checkpoint = null;
        }
    }

    public async Task WaitAsync(string name, long position, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = (position, done);
        lock (_byName)
        {
            var entry = EntryFor(name);
            if (entry.Checkpoint >= position)
                return;
            entry.Waiting.Add(waiter);
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (_byName)
                EntryFor(name).Waiting.Remove(waiter);
            done.TrySetCanceled(cancellationToken);
        });
        await using (registration.ConfigureAwait(false))
            await done.Task.ConfigureAwait(false);
    }

    private Entry EntryFor(string name)
    {
        if (!_byName.TryGetValue(name, out var entry))
            _byName[name] = entry = new Entry();
        return entry;
    }

    private sealed class Entry
    {
        public long? Checkpoint { get; set; }

        public List<(long Position, TaskCompletionSource Done)> Waiting { get; } = [];
    }
}
