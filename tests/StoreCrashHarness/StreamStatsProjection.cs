using System.Text.Json;
using EventStore;
using ReadModels.Projections;

namespace StoreCrashHarness;

/// <summary>
/// The proofs' test projection: per stream, how many events it has seen and the sum of their "n" fields, and a count
/// per event type. Its updates are increments, so applying any event twice (or losing one) shows in the rows.
/// Version 2 counts every event twice, to tell a rebuilt version from the old one. With <c>holdAfter</c> it stops for
/// good after applying that many events (announcing <c>holding</c>), inside the batch that holds them, so a test can
/// kill it there for certain instead of racing the batch's commit.
/// </summary>
public sealed class StreamStatsProjection(int version = 1, TimeSpan? delayPerEvent = null, TextWriter? announce = null, int? holdAfter = null) : IProjection
{
    private int _applied;

    public string Name => "stream-stats";

    public int Version => version;

    public IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("stream_stats", "stream TEXT PRIMARY KEY, events INTEGER NOT NULL, n_sum INTEGER NOT NULL, last_position INTEGER NOT NULL"),
        new("type_counts", "type TEXT PRIMARY KEY, count INTEGER NOT NULL"),
    ];

    public async Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(writer);
        if (delayPerEvent is { } delay)
            await Task.Delay(delay, cancellationToken);
        using var data = JsonDocument.Parse(recorded.Data);
        var n = data.RootElement.TryGetProperty("n", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
        var weight = version >= 2 ? 2 : 1;
        // The old row's columns named with their table: PostgreSQL would not know which of the two rows is meant.
        var stats = writer.Table("stream_stats");
        var types = writer.Table("type_counts");
        await writer.ExecuteAsync($"""
            INSERT INTO {stats} (stream, events, n_sum, last_position) VALUES (@stream, @weight, @n, @position)
            ON CONFLICT (stream) DO UPDATE SET events = {stats}.events + @weight, n_sum = {stats}.n_sum + @n, last_position = @position
            """, new { stream = recorded.StreamId, weight, n, position = recorded.Position.Value });
        await writer.ExecuteAsync($"""
            INSERT INTO {types} (type, count) VALUES (@type, @weight)
            ON CONFLICT (type) DO UPDATE SET count = {types}.count + @weight
            """, new { type = recorded.Type, weight });
        if (announce is not null)
        {
            await announce.WriteLineAsync($"applied {recorded.Position.Value}");
            await announce.FlushAsync(cancellationToken);
        }
        if (holdAfter is { } hold && ++_applied >= hold)
        {
            if (announce is not null)
            {
                await announce.WriteLineAsync("holding");
                await announce.FlushAsync(cancellationToken);
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
