using System.Security.Cryptography;
using System.Text;

namespace Pkix.Validation;

/// <summary>Reads PEM blocks (RFC 7468) or passes DER through, for certificates and CRLs given as text.</summary>
public static class Pem
{
    /// <summary>All blocks with the given label, decoded; data without any PEM armour is taken as one DER value.</summary>
    /// <exception cref="FormatException">Armour is present but no block with the label decodes.</exception>
    public static IReadOnlyList<byte[]> DecodeAll(ReadOnlySpan<byte> data, string label)
    {
        if (data.IndexOf("-----BEGIN "u8) < 0)
            return [data.ToArray()];
        var text = Encoding.ASCII.GetString(data);
        var blocks = new List<byte[]>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual(label))
                blocks.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            rest = rest[fields.Location.End..];
        }

        return blocks.Count > 0 ? blocks : throw new FormatException($"No well-formed PEM {label} block.");
    }

    /// <summary>The first block with the label (or the DER value).</summary>
    /// <exception cref="FormatException">There is none.</exception>
    public static byte[] DecodeFirst(ReadOnlySpan<byte> data, string label) => DecodeAll(data, label)[0];

    /// <summary>Wraps DER in a PEM block with 64-character lines.</summary>
    public static string Encode(ReadOnlySpan<byte> der, string label) => PemEncoding.WriteString(label, der);
}
