using System.Diagnostics;
using EventStore;
using EventStore.Serialization;

namespace ReadModels.Runner;

/// <summary>
/// The runner's spans (<c>Evs.ReadModels</c>): one per event a projection applies, a child of the span that appended
/// the event (its metadata carries it), so one trace runs from the request to the read model — whichever node
/// projects. Only while something listens and only for events written with tracing on: a rebuild pays nothing.
/// </summary>
public static class ProjectionTracing
{
    public const string SourceName = "Evs.ReadModels";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartApply(string projection, RecordedEvent recorded)
    {
        if (!Source.HasListeners() || AppendedBy(recorded) is not { } appended)
            return null;
        var activity = Source.StartActivity("project", ActivityKind.Consumer, appended);
        activity?.SetTag("evs.projection", projection);
        activity?.SetTag("evs.position", recorded.Position.Value);
        return activity;
    }

    private static ActivityContext? AppendedBy(RecordedEvent recorded)
    {
        try
        {
            return EventMetadata.From(recorded) is { TraceParent: { } parent } && ActivityContext.TryParse(parent, null, out var appended) ? appended : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Metadata of another writer's shape (the KurrentDB endpoint takes any bytes): no trace to continue.
            return null;
        }
    }
}
