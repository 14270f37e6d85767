using System.Reflection;
using System.Text.Json;
using Domain.Common;

namespace Domain.Tests.Support;

/// <summary>
/// What every stream's event schema tests check, written once: the stored names, that the stream's type list holds
/// every record declared, the JSON round trip, and each stored shape as one line of text to pin.
/// </summary>
public static class EventSchema
{
    private static readonly JsonSerializerOptions[] SerializerSettings = [new(JsonSerializerDefaults.General), new(JsonSerializerDefaults.Web)];

    /// <summary>Each type's <see cref="EventTypeAttribute.StoredName"/>; fails for a type without the attribute.</summary>
    public static List<string> StoredNames(IEnumerable<Type> types) =>
        types.Select(t => t.GetCustomAttribute<EventTypeAttribute>().ShouldNotBeNull($"{t.Name} has no [EventType]").StoredName).ToList();

    /// <summary>The concrete records of the domain assembly that derive from <typeparamref name="TEvent"/>.</summary>
    public static IEnumerable<Type> DeclaredRecordsOf<TEvent>() =>
        typeof(TEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TEvent)) && !t.IsAbstract);

    /// <summary>
    /// Serialises the event with the general and the web defaults, reads it back as its own type and checks the copy
    /// writes the same JSON; returns the copies for further checks.
    /// </summary>
    public static IReadOnlyList<object> RoundTripsThroughSystemTextJson(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var copies = new List<object>();
        foreach (var options in SerializerSettings)
        {
            var json = JsonSerializer.Serialize(@event, @event.GetType(), options);
            var back = JsonSerializer.Deserialize(json, @event.GetType(), options);

            back.ShouldBeOfType(@event.GetType());
            JsonSerializer.Serialize(back, @event.GetType(), options).ShouldBe(json);
            copies.Add(back!);
        }

        return copies;
    }

    /// <summary>A record's stored name (or type name) and its constructor's parameters with their types, e.g. <c>X.v1(Code:String, At:DateTimeOffset)</c>.</summary>
    public static string Shape(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        static string Name(Type t) => Nullable.GetUnderlyingType(t) is { } inner ? Name(inner) + "?"
            : t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", t.GetGenericArguments().Select(Name))}>"
            : t.Name;

        var name = type.GetCustomAttribute<EventTypeAttribute>()?.StoredName ?? type.Name;
        var parameters = type.GetConstructors().Single().GetParameters().Select(p => $"{p.Name}:{Name(p.ParameterType)}");
        return $"{name}({string.Join(", ", parameters)})";
    }
}
