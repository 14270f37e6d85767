using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardAgent.Tokens;

namespace CardAgent.Tests.Support;

/// <summary>Checks a card token the way the server will: recompute V and verify with the certificate's key (BCL only).</summary>
public static class CardTokenVerifier
{
    public static bool Verify(CardToken token, string origin, string challenge)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(token.Certificate));
        var signature = Convert.FromBase64String(token.Signature);
        var (hash, length) = token.Algorithm == "ES384" ? (HashAlgorithmName.SHA384, 48) : (HashAlgorithmName.SHA256, 32);
        var value = new byte[2 * length];
        HashInto(hash, System.Text.Encoding.UTF8.GetBytes(origin), value.AsSpan(0, length));
        HashInto(hash, System.Text.Encoding.UTF8.GetBytes(challenge), value.AsSpan(length));
        switch (token.Algorithm)
        {
            case "RS256":
            case "PS256":
                using (var rsa = certificate.GetRSAPublicKey()!)
                    return rsa.VerifyData(value, signature, hash, token.Algorithm == "RS256" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
            case "ES256":
            case "ES384":
                using (var ecdsa = certificate.GetECDsaPublicKey()!)
                    return ecdsa.VerifyData(value, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            default:
                return false;
        }
    }

    private static void HashInto(HashAlgorithmName hash, byte[] data, Span<byte> into)
    {
        if (hash == HashAlgorithmName.SHA384)
            SHA384.HashData(data, into);
        else
            SHA256.HashData(data, into);
    }

    /// <summary>A challenge as long as the server's: 53 bytes in base64url (71 characters).</summary>
    public static string NewChallenge() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(53)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
