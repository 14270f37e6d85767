using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace TestPki;

/// <summary>
/// Randomness that is a pure function of (seed, purpose): every key, serial, salt and card number of
/// the test PKI comes from one of these, so the same seed writes the same bytes.
/// </summary>
internal static class SeededRandom
{
    /// <summary>A SHA-256 based generator seeded only with the seed and the purpose (never the clock).</summary>
    public static SecureRandom For(int seed, string purpose)
    {
        var generator = new DigestRandomGenerator(new Sha256Digest());
        generator.AddSeedMaterial(Encoding.UTF8.GetBytes($"evs-testpki|{seed}|{purpose}"));
        return new SecureRandom(generator);
    }

    /// <summary>A positive 16-byte serial number, like MOICA's, never starting with a zero byte.</summary>
    public static Org.BouncyCastle.Math.BigInteger SerialNumber(int seed, string purpose)
    {
        var bytes = new byte[16];
        For(seed, "serial|" + purpose).NextBytes(bytes);
        bytes[0] = (byte)(bytes[0] & 0x7F | 0x10);
        return new Org.BouncyCastle.Math.BigInteger(1, bytes);
    }

    /// <summary><paramref name="count"/> decimal digits, for card numbers.</summary>
    public static string Digits(int seed, string purpose, int count)
    {
        var random = For(seed, "digits|" + purpose);
        var text = new StringBuilder(count);
        for (var i = 0; i < count; i++)
            text.Append((char)('0' + random.Next(10)));
        return text.ToString();
    }
}
