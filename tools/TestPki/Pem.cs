using System.Security.Cryptography;

namespace TestPki;

/// <summary>PEM in and out (RFC 7468), with the line ending the tools on this machine expect.</summary>
internal static class Pem
{
    public static string Encode(string label, ReadOnlySpan<byte> der) => PemEncoding.WriteString(label, der) + "\n";

    public static byte[] Decode(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != label)
            throw new InvalidDataException($"Expected a PEM block labelled {label}.");
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
