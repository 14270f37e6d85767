using System.Reflection;
using System.Text.Json.Serialization;
using CardAgent.Backends;

namespace CardAgent.Commands;

/// <summary>GET /v1/status: the agent's version, whether it is the demo, and its back end's availability.</summary>
public sealed class StatusCommand(ICardBackend backend)
{
    public static string Version { get; } =
        typeof(StatusCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public StatusResponse Handle() => new(Version, backend.IsDemo, [new BackendStatus(backend.Name, backend.IsAvailable())]);
}

/// <summary>The status answer.</summary>
public sealed record StatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("demo")] bool Demo,
    [property: JsonPropertyName("backends")] IReadOnlyList<BackendStatus> Backends);

/// <summary>One back end and whether it can work now.</summary>
public sealed record BackendStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("available")] bool Available);
