using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;

namespace TestPki;

/// <summary>PKCS#12 files with PBES2 (AES-256-CBC, HMAC-SHA256), which OpenSSL 3 and .NET read without legacy switches.</summary>
internal static class Pkcs12Writer
{
    public static byte[] Write(int seed, string owner, string friendlyName, AsymmetricKeyParameter privateKey, IReadOnlyList<X509Certificate> chain, string password)
    {
        var store = new Pkcs12StoreBuilder()
            .SetKeyAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetCertAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetUseDerEncoding(true)
            .Build();
        store.SetKeyEntry(friendlyName, new AsymmetricKeyEntry(privateKey), chain.Select(c => new X509CertificateEntry(c)).ToArray());
        using var output = new MemoryStream();
        // Salts and IVs come from the seed, so the file is byte-identical for the same seed.
        store.Save(output, password.ToCharArray(), SeededRandom.For(seed, "p12|" + owner));
        return output.ToArray();
    }
}
