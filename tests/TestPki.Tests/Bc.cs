using Org.BouncyCastle.X509;

namespace TestPki.Tests;

/// <summary>BouncyCastle readers, the independent second opinion these tests check the generator's output with.</summary>
internal static class Bc
{
    public static X509Certificate Certificate(byte[] der) => new X509CertificateParser().ReadCertificate(der);

    public static X509Certificate Certificate(CaEntry ca) => Certificate(ca.CertificateDer());

    public static X509Certificate Certificate(LeafEntry leaf) => Certificate(leaf.CertificateDer());

    public static X509Crl Crl(string path) => new X509CrlParser().ReadCrl(File.ReadAllBytes(path));

    public static string Hex(Org.BouncyCastle.Math.BigInteger value) => Convert.ToHexString(value.ToByteArrayUnsigned());
}
