using System.Text.Json;

namespace HiPkiEmulator;

/// <summary>
/// The <c>tbsPackage</c> JSON of a MakeSignature request (README.md: fields from CHT's sample pages). Flags
/// arrive as the strings "true"/"false" in the samples; booleans are accepted too.
/// </summary>
public sealed record SignPackage(
    string? Tbs,
    string TbsEncoding,
    string HashAlgorithm,
    string? SignatureType,
    string? Pin,
    bool WithCardSN,
    string? Nonce,
    bool CheckValidity,
    string? SlotDescription)
{
    /// <summary>Parses the package; null when it is not a JSON object.</summary>
    public static SignPackage? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            return new SignPackage(
                Text(root, "tbs"),
                Text(root, "tbsEncoding") ?? "NONE",
                Text(root, "hashAlgorithm") ?? "SHA256",
                Text(root, "signatureType"),
                Text(root, "pin"),
                Flag(root, "withCardSN"),
                Text(root, "nonce"),
                Flag(root, "checkValidity"),
                Text(root, "slotDescription"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The bytes to sign: the UTF-8 of tbs for NONE, the decoded bytes for base64; null when base64 does not decode.</summary>
    public byte[]? Content()
    {
        if (!TbsEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            return System.Text.Encoding.UTF8.GetBytes(Tbs ?? "");
        try
        {
            return Convert.FromBase64String(Tbs ?? "");
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && value.GetString() == "true"));
}
