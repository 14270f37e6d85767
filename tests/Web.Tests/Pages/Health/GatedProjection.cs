using EventStore;
using ReadModels.Projections;

namespace Web.Tests.Pages.Health;

/// <summary>
/// A real projection (its own table, written in the runner's transaction) that counts events, and that stops
/// before any event of type <see cref="HoldType"/> until the test opens the gate: a projection that is
/// provably behind.
/// </summary>
public sealed class GatedProjection : IProjection
{
    public const string HoldType = "HealthHold.v1";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "health-test-counter";

    public int Version => 1;

    public IReadOnlyList<ProjectionTable> Tables { get; } = [new("health_test_counter", "id INTEGER PRIMARY KEY, seen INTEGER NOT NULL")];

    public void Open() => _gate.TrySetResult();

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(writer);
        if (recorded.Type == HoldType)
            await _gate.Task.WaitAsync(cancellationToken);
        await writer.ExecuteAsync(
            $"INSERT INTO {writer.Table("health_test_counter")} (id, seen) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seen = seen + 1");
    }
}
