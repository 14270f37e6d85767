using EventStore;
using ReadModels.Projections;

namespace ReadModels.Tests.TestSupport;

/// <summary>
/// A projection a test can hold at a gate: while the gate is closed, the next event waits before it is applied
/// (and <see cref="Waiting"/> completes), so a test sees the runner mid-way for certain, not after a guessed delay.
/// </summary>
public sealed class GatedProjection(IProjection inner) : IProjection
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = Opened();
    private TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public IReadOnlyList<ProjectionTable> Tables => inner.Tables;

    /// <summary>Completes once an event is waiting at the closed gate.</summary>
    public Task Waiting
    {
        get
        {
            lock (_lock)
                return _waiting.Task;
        }
    }

    public GatedProjection Close()
    {
        lock (_lock)
        {
            if (_gate.Task.IsCompleted)
                (_gate, _waiting) = (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        return this;
    }

    public void Open()
    {
        lock (_lock)
            _gate.TrySetResult();
    }

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
        {
            gate = _gate.Task;
            if (!gate.IsCompleted)
                _waiting.TrySetResult();
        }
        await gate.WaitAsync(cancellationToken);
        await inner.ApplyAsync(recorded, writer, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource();
        opened.SetResult();
        return opened;
    }
}
