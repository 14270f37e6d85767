using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CardAgent.Emulation;

/// <summary>
/// A test card image (format <c>evs-card/1</c>, docs/architecture.md): what the virtual card, the demo
/// back end and the PKCS#11 token loader read. Only the PIN try counter is ever written back.
/// </summary>
public sealed record CardImage
{
    public const string FormatName = "evs-card/1";

    [JsonPropertyName("format")] public required string Format { get; init; }
    [JsonPropertyName("label")] public string Label { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    [JsonPropertyName("atr")] public required string Atr { get; init; }
    [JsonPropertyName("cardNumber")] public string CardNumber { get; init; } = "";
    [JsonPropertyName("pin")] public required string Pin { get; init; }
    [JsonPropertyName("pinTriesMax")] public int PinTriesMax { get; init; } = 3;
    [JsonPropertyName("pinTriesLeft")] public int PinTriesLeft { get; init; } = 3;
    [JsonPropertyName("keys")] public required IReadOnlyList<CardImageKey> Keys { get; init; }

    /// <summary>The ATR as bytes.</summary>
    public byte[] AtrBytes() => Convert.FromHexString(Atr.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Reads and checks an image file.</summary>
    public static CardImage Load(string path)
    {
        var image = JsonSerializer.Deserialize<CardImage>(File.ReadAllBytes(path))
            ?? throw new InvalidDataException($"{path}: empty card image");
        if (image.Format != FormatName)
            throw new InvalidDataException($"{path}: format '{image.Format}', expected '{FormatName}'");
        if (image.Keys.Count == 0)
            throw new InvalidDataException($"{path}: the card has no keys");
        if (image.PinTriesLeft < 0 || image.PinTriesLeft > image.PinTriesMax)
            throw new InvalidDataException($"{path}: pinTriesLeft {image.PinTriesLeft} outside 0..{image.PinTriesMax}");
        _ = image.AtrBytes();
        return image;
    }

    /// <summary>
    /// Writes the try counter back into the file, leaving every other field as it was; the new file
    /// replaces the old one in one rename so a reader never sees half an image.
    /// </summary>
    public static void SaveTriesLeft(string path, int triesLeft)
    {
        var node = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
            ?? throw new InvalidDataException($"{path}: not a JSON object");
        node["pinTriesLeft"] = triesLeft;
        var temp = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>One key of a card image: id, algorithm, certificate and PKCS#8 private key (both base64 DER).</summary>
public sealed record CardImageKey
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("algorithm")] public required string Algorithm { get; init; }
    [JsonPropertyName("certificate")] public required string Certificate { get; init; }
    [JsonPropertyName("privateKey")] public required string PrivateKey { get; init; }

    /// <summary>
    /// False for an RSA key that signs only PKCS#1 v1.5, as deployed HiCOS cards do (they keep raw RSA for
    /// decryption keys): the emulated card refuses raw RSA on it and the PKCS#11 loader allows no PSS mechanism.
    /// </summary>
    [JsonPropertyName("rsaPss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? RsaPss { get; init; }

    public bool OffersRsaPss => RsaPss ?? true;

    public byte[] CertificateDer() => Convert.FromBase64String(Certificate);

    public byte[] PrivateKeyPkcs8() => Convert.FromBase64String(PrivateKey);
}
