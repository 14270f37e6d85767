using EventStore;
using EventStore.Serialization;

namespace ReadModels.Projections;

/// <summary>
/// A convenient base for projections declared event by event: <c>On&lt;GrantIssued&gt;(async (e, recorded, w) => ...)</c>.
/// Events are read through the <see cref="EventTypeRegistry"/> (so old shapes arrive upcast); events without a
/// handler are skipped without being deserialised.
/// </summary>
public abstract class Projection(EventTypeRegistry registry) : IProjection
{
    private readonly Dictionary<Type, Func<object, RecordedEvent, ProjectionWriter, Task>> _handlers = [];

    // Stored name → handler (null: skipped), filled as names are met; the runner asks from its reading thread.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<object, RecordedEvent, ProjectionWriter, Task>?> _byStoredName = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    public abstract int Version { get; }

    public abstract IReadOnlyList<ProjectionTable> Tables { get; }

    /// <summary>The registry the runner deserialises this projection's events with, once per event for every projection sharing it.</summary>
    internal EventTypeRegistry Registry => registry;

    protected void On<TEvent>(Func<TEvent, RecordedEvent, ProjectionWriter, Task> handler)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(typeof(TEvent), (e, recorded, writer) => handler((TEvent)e, recorded, writer)))
            throw new InvalidOperationException($"{Name} already handles {typeof(TEvent).Name}");
        _byStoredName.Clear();
    }

    /// <summary>Whether events stored under <paramref name="storedName"/> change this projection's rows.</summary>
    internal bool Handles(string storedName) => HandlerFor(storedName) is not null;

    public Task ApplyAsync(RecordedEvent recorded, ProjectionWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return HandlerFor(recorded.Type) is { } handler ? handler(registry.Deserialize(recorded), recorded, writer) : Task.CompletedTask;
    }

    /// <summary>Applies an event the runner has already deserialised with <see cref="Registry"/>.</summary>
    internal Task ApplyAsync(object @event, RecordedEvent recorded, ProjectionWriter writer) =>
        HandlerFor(recorded.Type) is { } handler ? handler(@event, recorded, writer) : Task.CompletedTask;

    private Func<object, RecordedEvent, ProjectionWriter, Task>? HandlerFor(string storedName) =>
        _byStoredName.GetOrAdd(storedName, name => registry.TryResolveType(name, out var type) && _handlers.TryGetValue(type, out var handler) ? handler : null);
}
