using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Domain.Common;

namespace EventStore.Serialization;

/// <summary>
/// Maps stable stored names (<c>GrantIssued.v1</c>, from <see cref="EventTypeAttribute"/>) to CLR records and back,
/// and upcasts old stored shapes on the way in: each upcaster turns one stored name's JSON into the next
/// name's, and they chain until a registered record's name is reached.
/// </summary>
public sealed class EventTypeRegistry
{
    private const int MaxUpcastChain = 32;
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];
    private readonly Dictionary<string, (string To, Func<JsonObject, JsonObject> Upcast)> _upcasters = new(StringComparer.Ordinal);

    /// <summary>Registers every class carrying <see cref="EventTypeAttribute"/> in the given assemblies, with their upcasters.</summary>
    public static EventTypeRegistry FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var registry = new EventTypeRegistry();
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()).Where(t => t.GetCustomAttribute<EventTypeAttribute>() is not null))
            registry.Register(type);
        return registry;
    }

    public IReadOnlyCollection<string> StoredNames => _byName.Keys;

    public EventTypeRegistry Register<TEvent>() => Register(typeof(TEvent));

    /// <summary>
    /// Registers a record under its <see cref="EventTypeAttribute"/> name, and each of its
    /// <see cref="UpcastsFromAttribute"/> methods as the upcaster from that retired name to this one.
    /// </summary>
    public EventTypeRegistry Register(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var attribute = eventType.GetCustomAttribute<EventTypeAttribute>()
            ?? throw new ArgumentException($"{eventType} has no [EventType] attribute", nameof(eventType));
        if (_byName.TryGetValue(attribute.StoredName, out var existing))
        {
            if (existing != eventType)
                throw new InvalidOperationException($"stored name {attribute.StoredName} is claimed by both {existing} and {eventType}");
            return this;
        }
        if (_upcasters.ContainsKey(attribute.StoredName))
            throw new InvalidOperationException($"{attribute.StoredName} has an upcaster, so no record may be stored under it");
        _byName[attribute.StoredName] = eventType;
        _byType[eventType] = attribute.StoredName;
        foreach (var method in eventType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.GetCustomAttribute<UpcastsFromAttribute>() is not { } upcaster)
                continue;
            if (method.ReturnType != typeof(JsonObject) || method.GetParameters() is not [{ ParameterType: var parameter }] || parameter != typeof(JsonObject))
                throw new InvalidOperationException($"{eventType.Name}.{method.Name} upcasts {upcaster.StoredName}, so it must take and return a JsonObject");
            AddUpcaster(upcaster.StoredName, attribute.StoredName, method.CreateDelegate<Func<JsonObject, JsonObject>>());
        }
        return this;
    }

    /// <summary>Declares that events stored as <paramref name="fromStoredName"/> read as <paramref name="toStoredName"/> after <paramref name="upcast"/>.</summary>
    public EventTypeRegistry AddUpcaster(string fromStoredName, string toStoredName, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromStoredName);
        ArgumentException.ThrowIfNullOrWhiteSpace(toStoredName);
        ArgumentNullException.ThrowIfNull(upcast);
        if (_byName.ContainsKey(fromStoredName))
            throw new InvalidOperationException($"{fromStoredName} is a current record's name; upcast only retired names");
        if (!_upcasters.TryAdd(fromStoredName, (toStoredName, upcast)))
            throw new InvalidOperationException($"{fromStoredName} already has an upcaster");
        return this;
    }

    public string StoredNameOf(Type eventType) =>
        _byType.TryGetValue(eventType, out var name) ? name : throw new InvalidOperationException($"{eventType} is not a registered event type");

    public string StoredNameOf<TEvent>() => StoredNameOf(typeof(TEvent));

    /// <summary>The record a stored name reads as, following upcasters; false for names this registry does not know.</summary>
    public bool TryResolveType(string storedName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? eventType)
    {
        for (var step = 0; step <= MaxUpcastChain; step++)
        {
            if (_byName.TryGetValue(storedName, out eventType))
                return true;
            if (!_upcasters.TryGetValue(storedName, out var upcaster))
                return false;
            storedName = upcaster.To;
        }

        eventType = null;
        return false;
    }

    /// <summary>Serialises an event record for appending.</summary>
    public EventData ToEventData(object @event, Guid eventId, EventMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(metadata);
        var type = @event.GetType();
        return new EventData(eventId, StoredNameOf(type), JsonSerializer.SerializeToUtf8Bytes(@event, type, EventJson.Options), metadata.ToJson());
    }

    /// <summary>Reads a stored event as its current record, upcasting old shapes; false for names this registry does not know.</summary>
    public bool TryDeserialize(RecordedEvent recorded, out object? @event)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var name = recorded.Type;
        if (_byName.TryGetValue(name, out var direct))
        {
            @event = JsonSerializer.Deserialize(recorded.Data.Span, direct, EventJson.Options);
            return @event is not null;
        }

        if (!_upcasters.ContainsKey(name))
        {
            @event = null;
            return false;
        }

        var data = JsonNode.Parse(recorded.Data.Span)?.AsObject() ?? throw new JsonException($"event {recorded.EventId} has null data");
        for (var step = 0; _upcasters.TryGetValue(name, out var upcaster); step++)
        {
            if (step == MaxUpcastChain)
                throw new InvalidOperationException($"upcasters from {recorded.Type} loop or chain too long");
            data = upcaster.Upcast(data);
            name = upcaster.To;
        }

        if (!_byName.TryGetValue(name, out var target))
        {
            @event = null;
            return false;
        }

        @event = data.Deserialize(target, EventJson.Options);
        return @event is not null;
    }

    /// <summary>Reads a stored event as its current record; an unknown name is a bug or a missing registration.</summary>
    public object Deserialize(RecordedEvent recorded) => TryDeserialize(recorded, out var e)
        ? e!
        : throw new InvalidOperationException($"stored event type {recorded.Type} is not registered and has no upcaster");
}
