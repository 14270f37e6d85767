using System.Security.Cryptography;

namespace TestPki;

/// <summary>
/// Real certificates that Taiwan's GPKI CAs issued, as published (tools/TestPki/realpki, README there): the roots GRCA
/// G1/G2/G3 and the G1→G2 link, MOICA G1/G2/G3, MOEACA G2, a MOEACA company certificate, an XCA school certificate, a
/// GCA server certificate and test-CA certificates. Tests read the product's profile against them, not only against
/// what this project generates.
/// </summary>
public static class RealPki
{
    public const string GrcaG1 = "ca-grca-g1-2002.pem";
    public const string GrcaG1ToG2Link = "ca-grca-g1-to-g2-link-2012.pem";
    public const string GrcaG2 = "ca-grca-g2-2012.pem";
    public const string GrcaG3 = "ca-grca-g3-2022.pem";
    public const string MoicaG1 = "ca-moica-g1-2003.pem";
    public const string MoicaG2 = "ca-moica-g2-2014.pem";
    public const string MoicaG3 = "ca-moica-g3-2024.pem";
    public const string MoeacaG2 = "ca-moeaca-g2-2013.pem";
    public const string MoeacaCompany = "ee-org-moeaca-twca-2013.pem";
    public const string XcaSchool = "ee-org-xca-school-2015.pem";
    public const string GcaServer = "ee-gca-tls-server-2017.pem";
    public const string TestGtestca = "ee-test-gtestca-2010.pem";
    public const string TestGtestca2MoeacaProfile = "ee-test-gtestca2-moeaca-profile-2023.pem";
    public const string TestMoicaG3A = "ee-test-moica-g3-enc-2024a.pem";
    public const string TestMoicaG3B = "ee-test-moica-g3-enc-2024b.pem";

    /// <summary>The folder beside the running assembly.</summary>
    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "realpki");

    /// <summary>Every certificate file, by name.</summary>
    public static IReadOnlyList<string> All =>
        Directory.GetFiles(Folder, "*.pem").Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static string FilePath(string file) => System.IO.Path.Combine(Folder, file);

    /// <summary>The certificate as DER.</summary>
    public static byte[] Der(string file)
    {
        var pem = File.ReadAllText(FilePath(file));
        return PemEncoding.TryFind(pem, out var fields)
            ? Convert.FromBase64String(pem[fields.Base64Data])
            : throw new InvalidDataException($"{file} holds no PEM block");
    }
}
