using EventStore;
using ReadModels.Projections;

namespace ReadModels.Tests.Runner;

/// <summary>Counts every event, waiting <paramref name="delayPerEvent"/> before each: a projection that takes its time.</summary>
public sealed class SlowCounterProjection(TimeSpan delayPerEvent) : IProjection
{
    public string Name => "slow-counter";

    public int Version => 1;

    public IReadOnlyList<ProjectionTable> Tables { get; } = [new("slow_counter", "id INTEGER PRIMARY KEY, seen INTEGER NOT NULL")];

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await Task.Delay(delayPerEvent, cancellationToken);
        await writer.ExecuteAsync($"INSERT INTO {writer.Table("slow_counter")} (id, seen) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seen = seen + 1");
    }
}
