using System.Text.Json;
using System.Text.Json.Serialization;

namespace LimboHarness;

/// <summary>A Limbo test suite (../shared/limbo-schema.json, version 1).</summary>
public sealed record LimboSuite(int Version, IReadOnlyList<LimboTestcase> Testcases);

/// <summary>An expected or presented peer name.</summary>
public sealed record PeerName(string Kind, string Value);

/// <summary>One Limbo test case, with the fields the harness honours. Lists written as null (older suites) read as empty.</summary>
public sealed record LimboTestcase
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Features { get; init => field = value ?? []; } = [];
    public string Importance { get; init; } = "undetermined";
    public required string Description { get; init; }
    public required string ValidationKind { get; init; }
    public required IReadOnlyList<string> TrustedCerts { get; init => field = value ?? []; }
    public required IReadOnlyList<string> UntrustedIntermediates { get; init => field = value ?? []; }
    public required string PeerCertificate { get; init; }
    public string? PeerCertificateKey { get; init; }
    public DateTimeOffset? ValidationTime { get; init; }
    public IReadOnlyList<string> SignatureAlgorithms { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> KeyUsage { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> ExtendedKeyUsage { get; init => field = value ?? []; } = [];
    public required string ExpectedResult { get; init; }
    public PeerName? ExpectedPeerName { get; init; }
    public IReadOnlyList<PeerName> ExpectedPeerNames { get; init => field = value ?? []; } = [];
    public int? MaxChainDepth { get; init; }
    public IReadOnlyList<string> Crls { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> ConflictsWith { get; init => field = value ?? []; } = [];
}

/// <summary>One result line of the harness output.</summary>
public sealed record LimboResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("actual_result")] string ActualResult,
    [property: JsonPropertyName("context")] string Context);

/// <summary>The harness output.</summary>
public sealed record LimboResults(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("harness")] string Harness,
    [property: JsonPropertyName("results")] IReadOnlyList<LimboResult> Results);

/// <summary>JSON settings for the Limbo format: snake_case names, nulls left out.</summary>
public static class LimboJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
