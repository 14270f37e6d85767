using System.Security.Cryptography;
using System.Text;

namespace CardAgent.Tokens;

/// <summary>
/// The value a card signs: V = H(UTF-8 origin) ‖ H(UTF-8 challenge), H being the algorithm's hash.
/// Binding the origin is what HiPKI Local Server leaves out: a signature made for one site is
/// worthless to any other.
/// </summary>
public static class SignedValue
{
    public static byte[] Compute(TokenAlgorithm algorithm, string origin, string challenge)
    {
        var value = new byte[2 * algorithm.HashLength];
        Hash(algorithm, Encoding.UTF8.GetBytes(origin), value.AsSpan(0, algorithm.HashLength));
        Hash(algorithm, Encoding.UTF8.GetBytes(challenge), value.AsSpan(algorithm.HashLength));
        return value;
    }

    /// <summary>H(data) with the algorithm's hash.</summary>
    public static byte[] Hash(TokenAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var digest = new byte[algorithm.HashLength];
        Hash(algorithm, data, digest);
        return digest;
    }

    private static void Hash(TokenAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> into)
    {
        if (algorithm.Hash == HashAlgorithmName.SHA384)
            SHA384.HashData(data, into);
        else
            SHA256.HashData(data, into);
    }
}
