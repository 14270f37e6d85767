using System.Text.Json.Serialization;

namespace CardAgent.Tokens;

/// <summary>
/// The card token of docs/architecture.md: what the agent returns and the page posts on unchanged. The card
/// number rides along unsigned (the signature covers only origin and challenge): a display fact.
/// </summary>
public sealed record CardToken(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("cardNumber"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CardNumber = null)
{
    public const string FormatName = "evs-auth/1";
}
