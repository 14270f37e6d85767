using EventStore;
using ReadModels.Projections;

namespace Web.Tests.TestSupport;

/// <summary>
/// A real projection that a test can hold back: the same name, version, tables and rows, but while held it waits
/// before each event, as a projection does behind a rebuild or on a busy machine. Open unless held.
/// </summary>
public sealed class HeldProjection(IProjection inner) : IProjection
{
    private volatile TaskCompletionSource _gate = Opened();

    public string Name => inner.Name;

    public int Version => inner.Version;

    public IReadOnlyList<ProjectionTable> Tables => inner.Tables;

    /// <summary>Stops applying events until the returned handle is disposed.</summary>
    public IDisposable Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = gate;
        return new Release(gate);
    }

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        await inner.ApplyAsync(recorded, writer, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private sealed class Release(TaskCompletionSource gate) : IDisposable
    {
        public void Dispose() => gate.TrySetResult();
    }
}
