using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Domain.Certificates;
using Pkix.Validation;

namespace TestPki;

/// <summary>
/// What a generated test PKI holds (manifest.json): every CA, leaf, CRL and card with its case,
/// holder and files. Paths are relative in the file and absolute once loaded.
/// </summary>
public sealed record PkiManifest
{
    public const string FormatName = "evs-testpki/1";
    public const string FileName = "manifest.json";

    public string Format { get; init; } = FormatName;
    public required int GeneratorVersion { get; init; }
    public required int Seed { get; init; }

    /// <summary>Where CRL distribution points and OCSP/CA-issuer URLs point (a local responder serves them).</summary>
    public required string BaseUrl { get; init; }

    public required ReferenceInstants ReferenceInstants { get; init; }

    /// <summary>The PIN of every card image (test cards only).</summary>
    public required string DefaultPin { get; init; }

    /// <summary>The password of every leaves/*.p12.</summary>
    public required string P12Password { get; init; }

    public required IReadOnlyList<CaEntry> Cas { get; init; }
    public required IReadOnlyList<LeafEntry> Leaves { get; init; }
    public required IReadOnlyList<CrlEntry> Crls { get; init; }

    /// <summary>The folder the manifest was loaded from (absolute); empty before it is written.</summary>
    [JsonIgnore]
    public string Root { get; init; } = "";

    public LeafEntry Leaf(string name) =>
        Leaves.FirstOrDefault(l => l.Name == name) ?? throw new KeyNotFoundException($"The test PKI has no leaf named '{name}'.");

    public CaEntry Ca(string name) =>
        Cas.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The test PKI has no CA named '{name}'.");

    public CrlEntry Crl(string name) =>
        Crls.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The test PKI has no CRL named '{name}'.");

    /// <summary>An absolute path for a path relative to the PKI folder.</summary>
    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Keep Chinese names readable in the file; it is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static PkiManifest Load(string directory)
    {
        var root = Path.GetFullPath(directory);
        var manifest = JsonSerializer.Deserialize<PkiManifest>(File.ReadAllText(Path.Combine(root, FileName)), Json)
            ?? throw new InvalidDataException($"{FileName} in {root} is empty.");
        return manifest with
        {
            Root = root,
            Cas = manifest.Cas.Select(c => c.Rooted(root)).ToList(),
            Leaves = manifest.Leaves.Select(l => l.Rooted(root)).ToList(),
            Crls = manifest.Crls.Select(c => c.Rooted(root)).ToList(),
        };
    }

    internal void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>One CA of the test hierarchy.</summary>
public sealed record CaEntry
{
    public required string Name { get; init; }
    public required CaTrust Trust { get; init; }

    /// <summary>The issuing CA's name; a root names itself.</summary>
    public required string Issuer { get; init; }
    public required bool IsRoot { get; init; }

    /// <summary>The kind of leaves this CA issues (unknown for roots and the test CA, which issues both).</summary>
    public required CertificateKind IssuesKind { get; init; }
    public required string SubjectDn { get; init; }
    public required string IssuerDn { get; init; }
    public required string SerialNumber { get; init; }
    public required string SubjectKeyId { get; init; }
    public string? AuthorityKeyId { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required int? PathLength { get; init; }
    public required IReadOnlyList<string> Policies { get; init; }
    public required string KeyAlgorithm { get; init; }
    public required string Sha256Thumbprint { get; init; }

    /// <summary>ca/&lt;name&gt;.pem; the DER copy is ca/&lt;name&gt;.cer.</summary>
    public required string CertificatePath { get; init; }
    public required string CertificateDerPath { get; init; }

    /// <summary>ca/&lt;name&gt;.key.pem (PKCS#8): tests sign OCSP responses and extra cards with it.</summary>
    public required string KeyPath { get; init; }
    public required string CrlPath { get; init; }

    /// <summary>Where certificates this CA issues say its CRL, OCSP responder and certificate are.</summary>
    public required string CrlUrl { get; init; }
    public required string OcspUrl { get; init; }
    public required string CaIssuersUrl { get; init; }

    public byte[] CertificateDer() => File.ReadAllBytes(CertificateDerPath);

    internal CaEntry Rooted(string root) => this with
    {
        CertificatePath = Path.Combine(root, CertificatePath),
        CertificateDerPath = Path.Combine(root, CertificateDerPath),
        KeyPath = Path.Combine(root, KeyPath),
        CrlPath = Path.Combine(root, CrlPath),
    };
}

/// <summary>One leaf certificate, its card and the facts a parser must read from it.</summary>
public sealed record LeafEntry
{
    public required string Name { get; init; }

    /// <summary>The issuing CA's name (see <see cref="PkiManifest.Ca"/>).</summary>
    public required string Issuer { get; init; }
    public required CertificateKind Kind { get; init; }
    public required LeafCase Case { get; init; }
    public required string KeyAlgorithm { get; init; }
    public CitizenHolder? Citizen { get; init; }
    public OrganisationHolder? Agency { get; init; }

    // The facts, written from the generator's own inputs (not by parsing), so parser tests compare two sources.
    public required string SerialNumber { get; init; }
    public required string SubjectDn { get; init; }
    public required string IssuerDn { get; init; }
    public required string IssuerKeyId { get; init; }
    public required string SubjectKeyId { get; init; }
    public string? CommonName { get; init; }
    public string? OrganisationalUnit { get; init; }
    public string? Organisation { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required KeyUsageBits KeyUsage { get; init; }
    public required IReadOnlyList<string> Policies { get; init; }
    public string? AgencyOid { get; init; }
    public string? NationalIdLastFour { get; init; }
    public string? BusinessNumber { get; init; }

    /// <summary>The GPKI certificate type the leaf carries (2.16.886.1.100.2.1).</summary>
    public required string CertificateType { get; init; }
    public required string Sha256Thumbprint { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
    public CrlReason? RevocationReason { get; init; }

    public required string CardNumber { get; init; }

    /// <summary>leaves/&lt;name&gt;.pem, .cer (DER), .key.pem (PKCS#8), .p12; cards/&lt;name&gt;.card.json.</summary>
    public required string CertificatePath { get; init; }
    public required string CertificateDerPath { get; init; }
    public required string KeyPath { get; init; }
    public required string P12Path { get; init; }
    public required string CardPath { get; init; }

    public byte[] CertificateDer() => File.ReadAllBytes(CertificateDerPath);

    internal LeafEntry Rooted(string root) => this with
    {
        CertificatePath = Path.Combine(root, CertificatePath),
        CertificateDerPath = Path.Combine(root, CertificateDerPath),
        KeyPath = Path.Combine(root, KeyPath),
        P12Path = Path.Combine(root, P12Path),
        CardPath = Path.Combine(root, CardPath),
    };
}

/// <summary>One DER CRL.</summary>
public sealed record CrlEntry
{
    public required string Name { get; init; }

    /// <summary>The signing CA's name.</summary>
    public required string Issuer { get; init; }
    public required string Path { get; init; }
    public required string Url { get; init; }
    public required long CrlNumber { get; init; }
    public required DateTimeOffset ThisUpdate { get; init; }
    public required DateTimeOffset NextUpdate { get; init; }
    public required int EntryCount { get; init; }

    /// <summary>The leaves of this PKI the CRL lists (the large CRL lists many more serials besides).</summary>
    public required IReadOnlyList<string> RevokedLeaves { get; init; }

    internal CrlEntry Rooted(string root) => this with { Path = System.IO.Path.Combine(root, Path) };
}
