using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace TestPki;

/// <summary>Deterministic key pairs and their PKCS#8 / PEM forms.</summary>
internal static class Keys
{
    private static readonly Org.BouncyCastle.Math.BigInteger RsaPublicExponent = Org.BouncyCastle.Math.BigInteger.ValueOf(65537);

    public static string Label(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => "RSA-2048",
        KeyAlgorithm.EcP256 => "EC-P256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>A key pair that depends only on the seed and the owner's name.</summary>
    public static AsymmetricCipherKeyPair Generate(KeyAlgorithm algorithm, int seed, string owner)
    {
        var random = SeededRandom.For(seed, "key|" + owner);
        IAsymmetricCipherKeyPairGenerator generator = algorithm switch
        {
            KeyAlgorithm.Rsa2048 => new RsaKeyPairGenerator(),
            KeyAlgorithm.EcP256 => new ECKeyPairGenerator("EC"),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        };
        generator.Init(algorithm switch
        {
            KeyAlgorithm.Rsa2048 => new RsaKeyGenerationParameters(RsaPublicExponent, random, 2048, 100),
            // A named curve, so PKCS#8 carries the curve OID (softhsm2-util and .NET expect that).
            _ => new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random),
        });
        return generator.GenerateKeyPair();
    }

    public static byte[] Pkcs8(AsymmetricKeyParameter privateKey) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();

    public static string Pkcs8Pem(AsymmetricKeyParameter privateKey) =>
        Pem.Encode("PRIVATE KEY", Pkcs8(privateKey));

    public static AsymmetricKeyParameter ReadPkcs8Pem(string pem) =>
        PrivateKeyFactory.CreateKey(Pem.Decode(pem, "PRIVATE KEY"));
}
