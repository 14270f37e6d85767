using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EventStore.Tests.Kurrent;

/// <summary>A throw-away CA and a node certificate for 127.0.0.1, as PEM files the endpoint and the adapter are configured with.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evs-kurrent-tls", Guid.NewGuid().ToString("N"));

    public TestCertificates()
    {
        Directory.CreateDirectory(_directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=evs test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nodeRequest = new CertificateRequest("CN=127.0.0.1", nodeKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        nodeRequest.CertificateExtensions.Add(names.Build());
        nodeRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var node = nodeRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(CertificateFile, node.ExportCertificatePem());
        File.WriteAllText(KeyFile, nodeKey.ExportPkcs8PrivateKeyPem());
    }

    public string CaFile => Path.Combine(_directory, "ca.pem");

    public string CertificateFile => Path.Combine(_directory, "node.pem");

    public string KeyFile => Path.Combine(_directory, "node.key");

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
