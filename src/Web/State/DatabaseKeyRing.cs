using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using EventStore.State;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Web.State;

/// <summary>
/// The data-protection key ring as rows of <see cref="IStateStore"/> (kind <see cref="StateKinds.DataProtectionKey"/>):
/// every node reads and writes the same keys, and a restart finds them again, so sign-in cookies, antiforgery tokens
/// and encrypted state rows stay readable. The XML each row holds is already encrypted with the key-ring certificate.
/// </summary>
public sealed class DatabaseXmlRepository(IStateStore state) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        state.List(StateKinds.DataProtectionKey, "").Select(row => XElement.Parse(Encoding.UTF8.GetString(row.Value))).ToArray();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        state.Put(StateKinds.DataProtectionKey, "", name, Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting)), DateTimeOffset.MaxValue);
    }
}

/// <summary>
/// <c>DataProtection:Certificate</c>: the certificate the key ring is encrypted with. <c>Path</c> (a PKCS#12 file with the
/// private key) and <c>Password</c> in production; <c>Generate=true</c> (the default in Development) makes one and keeps
/// it in the state table itself — fine for development, demos and tests, pointless as protection.
/// </summary>
public sealed class KeyRingCertificateOptions
{
    public const string Section = "DataProtection:Certificate";

    public string? Path { get; set; }

    public string? Password { get; set; }

    public bool Generate { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path) || Generate;
}

/// <summary>Loads the key-ring certificate, or (when allowed) makes one and shares it through the database.</summary>
public static class KeyRingCertificate
{
    private const string GeneratedKey = "generated";

    /// <summary>The configured PKCS#12 file's certificate, with its private key.</summary>
    public static X509Certificate2 FromFile(KeyRingCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.Path!, options.Password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey ? certificate
            : throw new InvalidOperationException($"DataProtection:Certificate:Path '{options.Path}' has no private key; set a PKCS#12 file that holds it.");
    }

    /// <summary>The generated certificate kept in the state table, made by whichever node asks first.</summary>
    public static X509Certificate2 Generated(IStateStore state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Several nodes may start at once: the first row written is the one everyone uses.
        if (state.Find(StateKinds.DataProtectionCertificate, "", GeneratedKey) is null)
            state.TryAdd(StateKinds.DataProtectionCertificate, "", GeneratedKey, MakePkcs12(), DateTimeOffset.MaxValue);
        var row = state.Find(StateKinds.DataProtectionCertificate, "", GeneratedKey)
            ?? throw new InvalidOperationException("The generated key-ring certificate could not be stored.");
        return X509CertificateLoader.LoadPkcs12(row.Value, null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static byte[] MakePkcs12()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=EVS data-protection key ring - generated - not for production", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
