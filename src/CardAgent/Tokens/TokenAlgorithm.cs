using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CardAgent.Tokens;

/// <summary>The signature algorithms a card token may name (RS256, PS256, ES256, ES384).</summary>
public sealed record TokenAlgorithm(string Name, HashAlgorithmName Hash, int HashLength)
{
    public static readonly TokenAlgorithm RS256 = new("RS256", HashAlgorithmName.SHA256, 32);
    public static readonly TokenAlgorithm PS256 = new("PS256", HashAlgorithmName.SHA256, 32);
    public static readonly TokenAlgorithm ES256 = new("ES256", HashAlgorithmName.SHA256, 32);
    public static readonly TokenAlgorithm ES384 = new("ES384", HashAlgorithmName.SHA384, 48);

    public bool IsRsa => this == RS256 || this == PS256;

    /// <summary>
    /// The preferred algorithm for a certificate's key: PS256 for RSA (RS256 only where the card cannot do PSS,
    /// decided by the caller), ES256 for P-256, ES384 for P-384; null for any other key (an unsupported card).
    /// </summary>
    public static TokenAlgorithm? ForCertificate(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
            return rsa.KeySize >= 2048 ? PS256 : null;
        using var ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa?.KeySize switch
        {
            256 => ES256,
            384 => ES384,
            _ => null,
        };
    }

    public override string ToString() => Name;
}
