using System.Text.Json;

namespace EventStore.Serialization;

/// <summary>The one set of JSON options for event data and metadata (web defaults: camelCase names).</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };
}

/// <summary>
/// What every event's metadata carries: the request it belongs to, the command that caused it, and who acted; and,
/// while tracing is on, the W3C trace parent of its append (absent otherwise).
/// </summary>
public sealed record EventMetadata(
    Guid CorrelationId,
    Guid CausationId,
    string Actor,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, EventJson.Options);

    /// <summary>Reads a stored event's metadata; null when it carries none of ours (e.g. <c>{}</c>).</summary>
    public static EventMetadata? From(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var metadata = JsonSerializer.Deserialize<EventMetadata>(recorded.Metadata.Span, EventJson.Options);
        return metadata is { Actor: not null } ? metadata : null;
    }
}
