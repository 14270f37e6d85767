using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CardAgent.Tokens;

/// <summary>The encodings between a hash and what a card signs, and between what it returns and the token.</summary>
public static class SignatureEncodings
{
    private static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300d060960864801650304020105000420");

    /// <summary>DigestInfo(SHA-256, hash): the input of an RSASSA-PKCS1-v1_5 card signature.</summary>
    public static byte[] Sha256DigestInfo(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
            throw new ArgumentException("a SHA-256 hash is 32 bytes", nameof(sha256));
        return [.. Sha256DigestInfoPrefix, .. sha256];
    }

    /// <summary>
    /// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-256, MGF1-SHA-256 and a 32-byte random salt, for a
    /// card that computes raw RSA: the result is exactly as long as the modulus.
    /// </summary>
    public static byte[] PssEncodeSha256(ReadOnlySpan<byte> messageHash, int modulusBits)
    {
        const int hLen = 32, sLen = 32;
        var emBits = modulusBits - 1;
        var emLen = (emBits + 7) / 8;
        if (messageHash.Length != hLen || emLen < hLen + sLen + 2)
            throw new ArgumentException("hash or modulus too short for PSS");
        var salt = RandomNumberGenerator.GetBytes(sLen);
        var mPrime = new byte[8 + hLen + sLen];
        messageHash.CopyTo(mPrime.AsSpan(8));
        salt.CopyTo(mPrime, 8 + hLen);
        var h = SHA256.HashData(mPrime);
        var db = new byte[emLen - hLen - 1];
        db[db.Length - sLen - 1] = 0x01;
        salt.CopyTo(db, db.Length - sLen);
        var mask = Mgf1Sha256(h, db.Length);
        for (var i = 0; i < db.Length; i++)
            db[i] ^= mask[i];
        db[0] &= (byte)(0xFF >> (8 * emLen - emBits));
        var em = new byte[(modulusBits + 7) / 8];
        // When modBits-1 is a multiple of 8 the encoded message is one byte shorter than the modulus.
        var start = em.Length - emLen;
        db.CopyTo(em, start);
        h.CopyTo(em, start + db.Length);
        em[^1] = 0xBC;
        return em;
    }

    private static byte[] Mgf1Sha256(byte[] seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block, 0);
        var filled = 0;
        for (uint counter = 0; filled < length; counter++)
        {
            block[^4] = (byte)(counter >> 24);
            block[^3] = (byte)(counter >> 16);
            block[^2] = (byte)(counter >> 8);
            block[^1] = (byte)counter;
            var digest = SHA256.HashData(block);
            var take = Math.Min(digest.Length, length - filled);
            digest.AsSpan(0, take).CopyTo(output.AsSpan(filled));
            filled += take;
        }
        return output;
    }

    /// <summary>
    /// An ECDSA signature as the token wants it, r ‖ s with each half as long as the field: a card may
    /// answer that already, or DER (SEQUENCE { INTEGER r, INTEGER s }), which is converted.
    /// </summary>
    public static byte[] ToIeeeP1363(byte[] signature, int fieldBytes)
    {
        if (signature.Length == 2 * fieldBytes)
            return signature;
        var reader = new AsnReader(signature, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var r = sequence.ReadIntegerBytes().Span;
        var s = sequence.ReadIntegerBytes().Span;
        sequence.ThrowIfNotEmpty();
        reader.ThrowIfNotEmpty();
        var result = new byte[2 * fieldBytes];
        WriteUnsigned(r, result.AsSpan(0, fieldBytes));
        WriteUnsigned(s, result.AsSpan(fieldBytes));
        return result;
    }

    private static void WriteUnsigned(ReadOnlySpan<byte> integer, Span<byte> into)
    {
        while (integer.Length > 1 && integer[0] == 0)
            integer = integer[1..];
        if (integer.Length > into.Length)
            throw new CryptographicException("ECDSA component longer than the field");
        integer.CopyTo(into[(into.Length - integer.Length)..]);
    }
}
