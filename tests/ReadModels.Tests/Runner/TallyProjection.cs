using EventStore;
using ReadModels.Projections;

namespace ReadModels.Tests.Runner;

/// <summary>
/// Counts events per stream in a table whose handler finds rows by a non-key column (<c>stream</c>, indexed), with a
/// second index no handler uses (<c>events</c>), and can be held before any event after a given position: a rebuild
/// that stops between batches so a test can look at the committed tables.
/// </summary>
public sealed class TallyProjection(long holdAfter = long.MaxValue) : IProjection
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string LookupIndex = "stream";

    public const string QueryIndex = "events";

    public string Name => "tally";

    public int Version => 1;

    public IReadOnlyList<ProjectionTable> Tables { get; } =
        [new("tallies", "id INTEGER PRIMARY KEY, stream TEXT NOT NULL, events INTEGER NOT NULL", LookupIndex, QueryIndex)];

    /// <summary>Completes when the projection stops at the first event after the hold position.</summary>
    public Task Holding => _holding.Task;

    public void Release() => _released.TrySetResult();

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(writer);
        if (recorded.Position.Value > holdAfter)
        {
            _holding.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        var tallies = writer.Table("tallies");
        if (await writer.ExecuteAsync($"UPDATE {tallies} SET events = events + 1 WHERE stream = @stream", new { stream = recorded.StreamId }) == 0)
            await writer.ExecuteAsync($"INSERT INTO {tallies} (id, stream, events) VALUES (@id, @stream, 1)", new { id = recorded.Position.Value, stream = recorded.StreamId });
    }
}
