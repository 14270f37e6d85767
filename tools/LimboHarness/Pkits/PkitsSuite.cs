using System.Text.Json;
using System.Text.Json.Serialization;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Pkits;

/// <summary>One PKITS test as <c>expected.json</c> lists it: its number (4.1.1), the end entity, and whether the path validates under the default inputs.</summary>
public sealed record PkitsTest(
    [property: JsonPropertyName("test")] string Number,
    [property: JsonPropertyName("endEntity")] string EndEntity,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("validWithDefaultSettings")] bool Valid,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>The PKITS section (4.1 … 4.16).</summary>
    public string Section => string.Join('.', Number.Split('.').Take(2));
}

/// <summary>PKITS's user-initial inputs (RFC 5280 §6.1.1 c, e, f, g) as <c>expected.json</c> states the default run.</summary>
public sealed record PkitsSettings(
    [property: JsonPropertyName("initialPolicySet")] IReadOnlyList<string> InitialPolicySet,
    [property: JsonPropertyName("initialExplicitPolicy")] bool InitialExplicitPolicy,
    [property: JsonPropertyName("initialPolicyMappingInhibit")] bool InitialPolicyMappingInhibit,
    [property: JsonPropertyName("initialAnyPolicyInhibit")] bool InitialAnyPolicyInhibit);

/// <summary>
/// NIST PKITS (Test Certificates 2011) read from its folder: <c>certs/</c>, <c>crls/</c> and <c>expected.json</c>. Every
/// test shares one trust anchor, one pool (every certificate that is not an end entity or the anchor) and every CRL,
/// as PKITS intends; path building finds each test's path in the pool.
/// </summary>
public sealed class PkitsSuite
{
    private PkitsSuite(string folder, ExpectedFile expected)
    {
        Folder = folder;
        Tests = expected.Tests;
        Settings = expected.DefaultSettings;
        ValidationTime = expected.ValidationTime;
        var anchorFile = Path.GetFullPath(Path.Combine(folder, expected.TrustAnchor));
        Anchor = Read(anchorFile);
        Pool = Directory.GetFiles(Path.Combine(folder, "certs"), "*.crt")
            .Where(f => !f.EndsWith("EE.crt", StringComparison.Ordinal) && Path.GetFullPath(f) != anchorFile)
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        Crls = Directory.GetFiles(Path.Combine(folder, "crls"), "*.crl").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
    }

    public string Folder { get; }

    public IReadOnlyList<PkitsTest> Tests { get; }

    public PkitsSettings Settings { get; }

    public DateTimeOffset ValidationTime { get; }

    public PkixCertificate Anchor { get; }

    /// <summary>The CA and CRL-signing certificates path building may use.</summary>
    public IReadOnlyList<PkixCertificate> Pool { get; }

    public IReadOnlyList<byte[]> Crls { get; }

    /// <summary>The copy kept beside the harness (tools/LimboHarness/pkits), found from any folder inside the repository.</summary>
    public static string DefaultFolder(string? start = null)
    {
        for (var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "LimboHarness", "pkits");
            if (File.Exists(Path.Combine(candidate, "expected.json")))
                return candidate;
        }

        throw new DirectoryNotFoundException("tools/LimboHarness/pkits/expected.json was not found above " + (start ?? AppContext.BaseDirectory));
    }

    public static PkitsSuite Load(string folder)
    {
        var expected = JsonSerializer.Deserialize<ExpectedFile>(File.ReadAllText(Path.Combine(folder, "expected.json")))
            ?? throw new InvalidDataException("expected.json is empty");
        return new PkitsSuite(folder, expected);
    }

    public PkixCertificate EndEntity(PkitsTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Read(Path.Combine(Folder, "certs", test.EndEntity));
    }

    /// <summary>A fresh store of every CRL that reads as one (PKITS's malformed ones are meant to be unusable).</summary>
    public CrlStore CrlStore()
    {
        var store = new CrlStore();
        foreach (var crl in Crls)
        {
            if (CrlIndex.Parse(crl).Index is { } index)
                store.Add(index);
        }

        return store;
    }

    private static PkixCertificate Read(string file)
    {
        var parse = PkixCertificate.Parse(File.ReadAllBytes(file));
        return parse.Certificate ?? throw new InvalidDataException($"{file} is not a certificate we can read: {parse.Error}");
    }

    private sealed record ExpectedFile(
        [property: JsonPropertyName("defaultSettings")] PkitsSettings DefaultSettings,
        [property: JsonPropertyName("trustAnchor")] string TrustAnchor,
        [property: JsonPropertyName("validationTime")] DateTimeOffset ValidationTime,
        [property: JsonPropertyName("tests")] IReadOnlyList<PkitsTest> Tests);
}
