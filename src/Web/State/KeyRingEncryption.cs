using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Web.State;

/// <summary>The key-ring certificate, loaded on first use (from the configured file, or the generated one in the state table).</summary>
public sealed class KeyRingCertificateSource(KeyRingCertificateOptions options, IStateStore state)
{
    private readonly Lazy<X509Certificate2> _certificate = new(
        () => string.IsNullOrWhiteSpace(options.Path) ? KeyRingCertificate.Generated(state) : KeyRingCertificate.FromFile(options),
        LazyThreadSafetyMode.PublicationOnly);

    public X509Certificate2 Certificate => _certificate.Value;
}

/// <summary>
/// Encrypts each new data-protection key with the key-ring certificate (XML encryption, as ASP.NET Core's own
/// certificate encryptor does) and names <see cref="KeyRingXmlDecryptor"/> to open it again, which takes the certificate
/// from the container: nothing is read from the database while the services are still being registered.
/// </summary>
public sealed class KeyRingXmlEncryptor(KeyRingCertificateSource source, ILoggerFactory logs) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var encrypted = new CertificateXmlEncryptor(source.Certificate, logs).Encrypt(plaintextElement);
        return new EncryptedXmlInfo(encrypted.EncryptedElement, typeof(KeyRingXmlDecryptor));
    }
}

/// <summary>Opens a key encrypted by <see cref="KeyRingXmlEncryptor"/> with the key-ring certificate's private key.</summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var certificate = services.GetRequiredService<KeyRingCertificateSource>().Certificate;
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
            document.Load(reader);
        new WithCertificate(document, certificate).DecryptDocument();
        using var decrypted = new XmlNodeReader(document.DocumentElement!.FirstChild!);
        return XElement.Load(decrypted);
    }

    /// <summary>XML decryption whose key-transport key is the key-ring certificate, not one looked up in a certificate store.</summary>
    private sealed class WithCertificate(XmlDocument document, X509Certificate2 certificate) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            ArgumentNullException.ThrowIfNull(encryptedKey);
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new System.Security.Cryptography.CryptographicException("the key-ring certificate has no RSA private key");
            return DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl);
        }
    }
}
