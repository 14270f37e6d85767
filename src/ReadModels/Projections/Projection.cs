using EventStore;
using EventStore.Serialization;

namespace ReadModels.Projections;

/// <summary>
/// A convenient base for projections declared event by event: <c>On&lt;HandlerGrantIssued&gt;(async (e, recorded, w) => ...)</c>.
/// Events are read through the <see cref="EventTypeRegistry"/> (so old shapes arrive upcast); events without a
/// handler are skipped without being deserialised.
/// </summary>
public abstract class Projection(EventTypeRegistry registry) : IProjection
{
    private readonly Dictionary<Type, Func<object, RecordedEvent, ProjectionWriter, Task>> _handlers = [];

    public abstract string Name { get; }

    public abstract int Version { get; }

    public abstract IReadOnlyList<ProjectionTable> Tables { get; }

    protected void On<TEvent>(Func<TEvent, RecordedEvent, ProjectionWriter, Task> handler)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(typeof(TEvent), (e, recorded, writer) => handler((TEvent)e, recorded, writer)))
            throw new InvalidOperationException($"{Name} already handles {typeof(TEvent).Name}");
    }

    public Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (!registry.TryResolveType(recorded.Type, out var type) || !_handlers.TryGetValue(type, out var handler))
            return Task.CompletedTask;
        return handler(registry.Deserialize(recorded), recorded, writer);
    }
}
