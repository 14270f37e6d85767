using EventStore;
using ReadModels.Projections;

namespace ReadModels.Tests.Runner;

/// <summary>Records each event's position, but throws on its first <c>failures</c> batches (a bug that gets fixed).</summary>
public sealed class FlakyProjection(int failures, string table = "seen") : IProjection
{
    private int _failures = failures;

    public int Failures => _failures;

    public string Name => "flaky";

    public int Version => 1;

    public IReadOnlyList<ProjectionTable> Tables { get; } = [new(table, "position INTEGER PRIMARY KEY")];

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failures) >= 0)
            throw new InvalidOperationException("flaky projection failed on purpose");
        Interlocked.Exchange(ref _failures, 0);
        await writer.ExecuteAsync($"INSERT INTO {writer.Table(table)} (position) VALUES (@position)", new { position = recorded.Position.Value });
    }
}
