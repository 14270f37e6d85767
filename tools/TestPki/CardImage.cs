using System.Text.Json;
using System.Text.Json.Serialization;

namespace TestPki;

/// <summary>
/// A smart-card image in the evs-card/1 format of docs/architecture.md: what the virtual card, the
/// agent's demo back end and the SoftHSM2 loader read.
/// </summary>
public sealed record CardImage
{
    public const string FormatName = "evs-card/1";

    /// <summary>HiCOS-like ATR of a citizen card (自然人憑證): T=1, 15 historical bytes, valid TCK.</summary>
    public const string CitizenAtr = "3B DF 18 00 81 31 FE 58 80 31 90 52 41 1E 00 00 00 00 00 00 00 00 00 FD";

    /// <summary>ATR of an organisation card (機關憑證): same chip family, other historical bytes (B0 … 01), valid TCK.</summary>
    public const string OrganisationAtr = "3B DF 18 00 81 31 FE 58 80 31 B0 52 41 1E 00 00 00 00 00 00 00 00 01 DC";

    public const string TestPin = "123456";
    public const int TriesMax = 3;

    [JsonPropertyOrder(0)] public string Format { get; init; } = FormatName;
    [JsonPropertyOrder(1)] public required string Label { get; init; }
    [JsonPropertyOrder(2)] public required string Kind { get; init; }
    [JsonPropertyOrder(3)] public required string Atr { get; init; }
    [JsonPropertyOrder(4)] public required string CardNumber { get; init; }
    [JsonPropertyOrder(5)] public string Pin { get; init; } = TestPin;
    [JsonPropertyOrder(6)] public int PinTriesMax { get; init; } = TriesMax;
    [JsonPropertyOrder(7)] public int PinTriesLeft { get; init; } = TriesMax;
    [JsonPropertyOrder(8)] public required IReadOnlyList<CardKey> Keys { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, PkiManifest.Json) + "\n";

    public static CardImage FromJson(string json) =>
        JsonSerializer.Deserialize<CardImage>(json, PkiManifest.Json) ?? throw new InvalidDataException("Empty card image.");

    public static CardImage Load(string path) => FromJson(File.ReadAllText(path));
}

/// <summary>One key on a card: its id ("auth"), algorithm, base64 DER certificate and base64 PKCS#8 private key.</summary>
public sealed record CardKey(
    [property: JsonPropertyOrder(0)] string Id,
    [property: JsonPropertyOrder(1)] string Algorithm,
    [property: JsonPropertyOrder(2)] string Certificate,
    [property: JsonPropertyOrder(3)] string PrivateKey)
{
    public const string AuthenticationKeyId = "auth";
}
