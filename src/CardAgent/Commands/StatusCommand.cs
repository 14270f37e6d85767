using System.Reflection;
using System.Text.Json.Serialization;
using CardAgent.Backends;
using CardAgent.Tokens;

namespace CardAgent.Commands;

/// <summary>
/// GET /v1/status: the agent's version (pages compare it with the one the server requires), whether it is
/// the demo, its back end's availability, and the token algorithms it makes.
/// </summary>
public sealed class StatusCommand(ICardBackend backend)
{
    public static string Version { get; } =
        typeof(StatusCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Token algorithms in the order the agent prefers them; RS256 only for RSA keys that cannot sign PSS.</summary>
    public static IReadOnlyList<string> Algorithms { get; } =
        [TokenAlgorithm.PS256.Name, TokenAlgorithm.ES256.Name, TokenAlgorithm.ES384.Name, TokenAlgorithm.RS256.Name];

    public StatusResponse Handle() => new(Version, backend.IsDemo, [new BackendStatus(backend.Name, backend.IsAvailable())], Algorithms);
}

/// <summary>The status answer.</summary>
public sealed record StatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("demo")] bool Demo,
    [property: JsonPropertyName("backends")] IReadOnlyList<BackendStatus> Backends,
    [property: JsonPropertyName("algorithms")] IReadOnlyList<string> Algorithms);

/// <summary>One back end and whether it can work now.</summary>
public sealed record BackendStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("available")] bool Available);
