using EventStore;
using ReadModels.Projections;

namespace EndToEnd.Tests.Audit;

/// <summary>
/// A real projection (its own table, written in the runner's transaction) that counts events and, while held, waits
/// before each event: a rebuild that stays under way until the test lets it finish.
/// </summary>
public sealed class HeldCounterProjection : IProjection
{
    public const string ProjectionName = "audit-test-counter";

    private volatile TaskCompletionSource _gate = Open();

    public string Name => ProjectionName;

    public int Version => 1;

    public IReadOnlyList<ProjectionTable> Tables { get; } = [new("audit_test_counter", "id INTEGER PRIMARY KEY, seen INTEGER NOT NULL")];

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await _gate.Task.WaitAsync(cancellationToken);
        await writer.ExecuteAsync(
            $"INSERT INTO {writer.Table("audit_test_counter")} (id, seen) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seen = seen + 1");
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
