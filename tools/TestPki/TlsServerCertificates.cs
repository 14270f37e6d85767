using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestPki;

/// <summary>A TLS server certificate and its key as PEM files, and the CA that issued it (for the client's trust).</summary>
public sealed record TlsServerFiles(string CertificatePath, string KeyPath, X509Certificate2 Issuer);

/// <summary>
/// TLS server certificates for test reverse proxies, issued by the generated GCA (GCA issues the real
/// government's server certificates too). Unlike cards they are not deterministic: a fresh RSA-2048 key per call (GCA signs with RSA),
/// valid from an hour ago for a day, for <c>localhost</c> and <c>127.0.0.1</c>.
/// </summary>
public static class TlsServerCertificates
{
    public static TlsServerFiles IssueTlsServer(this PkiManifest pki, string directory, string issuer = "gca")
    {
        ArgumentNullException.ThrowIfNull(pki);
        Directory.CreateDirectory(directory);
        var ca = pki.Ca(issuer);
        using var caCertificate = X509Certificate2.CreateFromPemFile(ca.CertificatePath, ca.KeyPath);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=evs test proxy, C=TW", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCertificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        using var leaf = request.Create(caCertificate, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var certificatePath = Path.Combine(directory, "server.pem");
        var keyPath = Path.Combine(directory, "server.key.pem");
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem() + "\n" + caCertificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new TlsServerFiles(certificatePath, keyPath, X509CertificateLoader.LoadCertificate(caCertificate.RawData));
    }
}
