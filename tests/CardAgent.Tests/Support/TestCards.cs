using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CardAgent.Emulation;
using Domain.Certificates;

namespace CardAgent.Tests.Support;

/// <summary>
/// Card images in the evs-card/1 format for tests: the TestPki leaves (citizen-moica2-rsa,
/// citizen-moica2-ec, org-gca-rsa, org-gca-ec) copied into the test's folder so the try counter
/// can change; TestPki has no P-384 card, so that one is made here with the BCL under a small CA.
/// <c>rsaPss: false</c> makes an RSA key that signs only PKCS#1 v1.5, like a deployed HiCOS card's.
/// </summary>
public static class TestCards
{
    private static readonly Lazy<(X509Certificate2 Certificate, RSA Key)> Ca = new(() =>
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Agent Test CA, O=Test, C=TW", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return (request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2)), key);
    });

    private static readonly Dictionary<string, string> Cache = [];

    /// <summary>The JSON of a card image; kind "citizen" or "organisation", algorithm "RSA-2048", "EC-P256" or "EC-P384".</summary>
    public static string ImageJson(string kind, string algorithm, string pin = "123456", int triesLeft = 3, bool rsaPss = true)
    {
        if (!rsaPss)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(ImageJson(kind, algorithm, pin, triesLeft))!;
            node["keys"]![0]!["rsaPss"] = false;
            return node.ToJsonString();
        }
        var leaf = (kind, algorithm) switch
        {
            ("citizen", "RSA-2048") => "citizen-moica2-rsa",
            ("citizen", "EC-P256") => "citizen-moica2-ec",
            ("organisation", "RSA-2048") => "org-gca-rsa",
            ("organisation", "EC-P256") => "org-gca-ec",
            _ => null,
        };
        if (leaf is not null)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPki.TestPkiCache.Get().Leaf(leaf).CardPath))!;
            node["pin"] = pin;
            node["pinTriesLeft"] = triesLeft;
            return node.ToJsonString();
        }
        var cacheKey = $"{kind}/{algorithm}";
        lock (Cache)
        {
            if (!Cache.TryGetValue(cacheKey, out var template))
            {
                template = MakeTemplate(kind, algorithm);
                Cache[cacheKey] = template;
            }
            var image = JsonSerializer.Deserialize<CardImage>(template)!;
            return JsonSerializer.Serialize(image with { Pin = pin, PinTriesLeft = triesLeft });
        }
    }

    /// <summary>Writes a card image into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, string name, string kind, string algorithm, string pin = "123456", int triesLeft = 3, bool rsaPss = true)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".card.json");
        File.WriteAllText(path, ImageJson(kind, algorithm, pin, triesLeft, rsaPss));
        return path;
    }

    private static string MakeTemplate(string kind, string algorithm)
    {
        var (ca, caKey) = Ca.Value;
        AsymmetricAlgorithm key;
        CertificateRequest request;
        var subject = kind == "citizen" ? "CN=王小明, C=TW" : "CN=測試機關, OU=政府憑證管理中心測試, O=行政院, C=TW";
        if (algorithm == "RSA-2048")
        {
            var rsa = RSA.Create(2048);
            key = rsa;
            request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        else
        {
            var ecdsa = ECDsa.Create(algorithm == "EC-P384" ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
            key = ecdsa;
            request = new CertificateRequest(subject, ecdsa, algorithm == "EC-P384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);
        }
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(SubjectDirectoryAttributes(kind));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        key.Dispose();
        var image = new CardImage
        {
            Format = CardImage.FormatName,
            Label = kind == "citizen" ? "王小明的自然人憑證" : "測試機關的機關憑證",
            Kind = kind,
            Atr = "3B DF 18 00 81 31 FE 58 80 31 90 52 41 1E 00 00 00 00 00 00 00 00 00 00 E5",
            CardNumber = "TP03000000000001",
            Pin = "123456",
            PinTriesMax = 3,
            PinTriesLeft = 3,
            Keys = [new CardImageKey { Id = "auth", Algorithm = algorithm, Certificate = Convert.ToBase64String(issued.RawData), PrivateKey = Convert.ToBase64String(pkcs8) }],
        };
        return JsonSerializer.Serialize(image);
    }

    /// <summary>2.5.29.9 with the agency OID (organisation) or the last four ID digits (citizen).</summary>
    private static X509Extension SubjectDirectoryAttributes(string kind)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            if (kind == "citizen")
            {
                writer.WriteObjectIdentifier(TaiwanCertificateOids.NationalIdLastFour);
                using (writer.PushSetOf())
                    writer.WriteCharacterString(UniversalTagNumber.PrintableString, "6789");
            }
            else
            {
                writer.WriteObjectIdentifier(TaiwanCertificateOids.AgencyOid);
                using (writer.PushSetOf())
                    writer.WriteCharacterString(UniversalTagNumber.PrintableString, "2.16.886.101.20003.20012");
            }
        }
        return new X509Extension(TaiwanCertificateOids.SubjectDirectoryAttributes, writer.Encode(), false);
    }
}
