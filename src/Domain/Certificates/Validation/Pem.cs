using System.Security.Cryptography;
using System.Text;

namespace Domain.Certificates.Validation;

/// <summary>Reads PEM blocks (RFC 7468) or passes DER through, for certificates and CRLs given as text.</summary>
public static class Pem
{
    /// <summary>All blocks with the given label, decoded; data without any PEM armour is taken as one DER value.</summary>
    public static IReadOnlyList<byte[]> DecodeAll(ReadOnlySpan<byte> data, string label)
    {
        var text = Encoding.ASCII.GetString(data);
        var begin = $"-----BEGIN {label}-----";
        var end = $"-----END {label}-----";
        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
            return [data.ToArray()];
        var blocks = new List<byte[]>();
        var position = 0;
        while ((position = text.IndexOf(begin, position, StringComparison.Ordinal)) >= 0)
        {
            var bodyStart = position + begin.Length;
            var bodyEnd = text.IndexOf(end, bodyStart, StringComparison.Ordinal);
            if (bodyEnd < 0)
                throw new FormatException($"A PEM {label} block without its END line.");
            blocks.Add(Convert.FromBase64String(text[bodyStart..bodyEnd]));
            position = bodyEnd + end.Length;
        }

        return blocks;
    }

    /// <summary>The first block with the label (or the DER value); throws <see cref="FormatException"/> when there is none.</summary>
    public static byte[] DecodeFirst(ReadOnlySpan<byte> data, string label)
    {
        var blocks = DecodeAll(data, label);
        return blocks.Count > 0 ? blocks[0] : throw new FormatException($"No PEM {label} block.");
    }

    /// <summary>Wraps DER in a PEM block with 64-character lines.</summary>
    public static string Encode(ReadOnlySpan<byte> der, string label) =>
        new string(PemEncoding.Write(label, der));
}
