using System.Security.Cryptography;
using System.Text;
using Domain.Certificates;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness;

/// <summary>
/// Runs Limbo test cases through the project's own validator (<see cref="PathValidator"/>, and
/// <see cref="CrlRevocationChecker"/> for cases with CRLs), the same code the server uses, under the
/// RFC 5280 signature policy. What it cannot honour it reports as SKIPPED with the reason, never as a guess.
/// </summary>
public static class LimboRunner
{
    public const string HarnessName = "evs-validator";

    /// <summary>Feature tags the validator implements; a case tagged with any other is skipped.</summary>
    public static readonly IReadOnlySet<string> SupportedFeatures = new HashSet<string>(StringComparer.Ordinal)
    {
        "has-policy-constraints", "has-cert-policies", "no-cert-policies", "name-constraint-dn", "max-chain-depth",
        "pedantic-rfc5280", "denial-of-service", "has-crl",
    };

    private static readonly Dictionary<string, string> UnsupportedFeatureReasons = new(StringComparer.Ordinal)
    {
        ["pedantic-public-suffix-wildcard"] = "public-suffix wildcard rules are Web PKI policy, not RFC 5280",
        ["pedantic-webpki-subscriber-key"] = "CA/B Forum subscriber key rules are not implemented",
        ["pedantic-webpki-eku"] = "CA/B Forum EKU rules are not implemented",
        ["pedantic-serial-number"] = "serial numbers are read as given (RFC 5280 asks relying parties to handle odd ones gracefully)",
        ["rfc5280-incompatible-with-webpki"] = "the case expects Web PKI behaviour where it departs from RFC 5280",
    };

    /// <summary>Namespaces whose expected results rest on CA/B Forum Baseline Requirements rather than RFC 5280 (docs/certificate-validation.md).</summary>
    private static readonly (string Prefix, string Reason)[] SkippedNamespaces =
    [
        ("webpki::cn::", "CA/B Forum BR 7.1.4.3 (the subject CN must copy a SAN entry) has no RFC 5280 or RFC 6125 counterpart"),
    ];

    private static readonly Dictionary<string, KeyUsageBits> KeyUsageNames = new(StringComparer.Ordinal)
    {
        ["digitalSignature"] = KeyUsageBits.DigitalSignature,
        ["contentCommitment"] = KeyUsageBits.NonRepudiation,
        ["keyEncipherment"] = KeyUsageBits.KeyEncipherment,
        ["dataEncipherment"] = KeyUsageBits.DataEncipherment,
        ["keyAgreement"] = KeyUsageBits.KeyAgreement,
        ["keyCertSign"] = KeyUsageBits.KeyCertSign,
        ["cRLSign"] = KeyUsageBits.CrlSign,
        ["encipherOnly"] = KeyUsageBits.EncipherOnly,
        ["decipherOnly"] = KeyUsageBits.DecipherOnly,
    };

    private static readonly Dictionary<string, string> ExtendedKeyUsageNames = new(StringComparer.Ordinal)
    {
        ["anyExtendedKeyUsage"] = Oids.AnyExtendedKeyUsage,
        ["serverAuth"] = Oids.ServerAuth,
        ["clientAuth"] = Oids.ClientAuth,
        ["codeSigning"] = Oids.CodeSigning,
        ["emailProtection"] = Oids.EmailProtection,
        ["timeStamping"] = Oids.TimeStamping,
        ["OCSPSigning"] = Oids.OcspSigning,
    };

    // Limbo names → algorithms; names absent here (MD5, SHA-3, GOST, DSA with SHA-384/512) are never accepted.
    private static readonly Dictionary<string, SignatureAlgorithm[]> SignatureAlgorithmNames = new(StringComparer.Ordinal)
    {
        ["RSA_WITH_SHA1"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA1)],
        ["RSA_WITH_SHA224"] = [new(SignatureScheme.RsaPkcs1, SignatureAlgorithm.Sha224)],
        ["RSA_WITH_SHA256"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256)],
        ["RSA_WITH_SHA384"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA384)],
        ["RSA_WITH_SHA512"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA512)],
        ["RSASSA_PSS"] =
        [
            new(SignatureScheme.RsaPss, HashAlgorithmName.SHA1), new(SignatureScheme.RsaPss, SignatureAlgorithm.Sha224), new(SignatureScheme.RsaPss, HashAlgorithmName.SHA256),
            new(SignatureScheme.RsaPss, HashAlgorithmName.SHA384), new(SignatureScheme.RsaPss, HashAlgorithmName.SHA512),
        ],
        ["ECDSA_WITH_SHA1"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA1)],
        ["ECDSA_WITH_SHA224"] = [new(SignatureScheme.Ecdsa, SignatureAlgorithm.Sha224)],
        ["ECDSA_WITH_SHA256"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256)],
        ["ECDSA_WITH_SHA384"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA384)],
        ["ECDSA_WITH_SHA512"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA512)],
        ["DSA_WITH_SHA1"] = [new(SignatureScheme.Dsa, HashAlgorithmName.SHA1)],
        ["DSA_WITH_SHA224"] = [new(SignatureScheme.Dsa, SignatureAlgorithm.Sha224)],
        ["DSA_WITH_SHA256"] = [new(SignatureScheme.Dsa, HashAlgorithmName.SHA256)],
        ["ED25519"] = [new(SignatureScheme.Ed25519, default)],
        ["ED448"] = [new(SignatureScheme.Ed448, default)],
    };

    public static LimboResults Run(LimboSuite suite, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(clock);
        return new LimboResults(1, HarnessName, suite.Testcases.Select(t => Evaluate(t, clock)).ToList());
    }

    public static LimboResult Evaluate(LimboTestcase testcase, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(testcase);
        ArgumentNullException.ThrowIfNull(clock);
        LimboResult Result(string actual, string context) => new(testcase.Id, actual, context);

        if (testcase.Features.FirstOrDefault(f => !SupportedFeatures.Contains(f)) is { } unsupported)
            return Result("SKIPPED", $"feature {unsupported}: {UnsupportedFeatureReasons.GetValueOrDefault(unsupported, "unknown feature")}");
        if (SkippedNamespaces.FirstOrDefault(n => testcase.Id.StartsWith(n.Prefix, StringComparison.Ordinal)) is { Reason: { } namespaceReason })
            return Result("SKIPPED", namespaceReason);
        if (testcase.Id.Split("::").Contains("cabf"))
            return Result("SKIPPED", "the case's expected result rests on the CA/B Forum Baseline Requirements, not RFC 5280");
        if (testcase.ValidationKind is not ("SERVER" or "CLIENT"))
            return Result("SKIPPED", $"unknown validation kind {testcase.ValidationKind}");

        var requiredUsage = KeyUsageBits.None;
        foreach (var name in testcase.KeyUsage)
        {
            if (!KeyUsageNames.TryGetValue(name, out var bit))
                return Result("SKIPPED", $"unknown key usage {name}");
            requiredUsage |= bit;
        }

        // The case's EKUs when it names any; otherwise the one its validation kind implies (a TLS server or client).
        var requiredEkus = new List<string>();
        foreach (var name in testcase.ExtendedKeyUsage)
        {
            // The schema allows dotted OIDs too.
            if (ExtendedKeyUsageNames.TryGetValue(name, out var oid)) requiredEkus.Add(oid);
            else if (name.Length > 0 && char.IsAsciiDigit(name[0])) requiredEkus.Add(name);
            else return Result("SKIPPED", $"unknown extended key usage {name}");
        }

        if (requiredEkus.Count == 0)
            requiredEkus.Add(testcase.ValidationKind == "SERVER" ? Oids.ServerAuth : Oids.ClientAuth);

        var policy = SignatureAlgorithmPolicy.Rfc5280;
        if (testcase.SignatureAlgorithms.Count > 0)
            policy = policy.Narrow(testcase.SignatureAlgorithms.SelectMany(n => SignatureAlgorithmNames.GetValueOrDefault(n, [])));

        PkixCertificate leaf;
        try
        {
            var parse = PkixCertificate.Parse(Pem.DecodeFirst(Encoding.ASCII.GetBytes(testcase.PeerCertificate), "CERTIFICATE"));
            if (parse.Certificate is null)
                return Result("FAILURE", $"{CertificateFailureCode.Malformed}: the peer certificate cannot be read: {parse.Error}");
            leaf = parse.Certificate;
        }
        catch (FormatException e)
        {
            return Result("FAILURE", $"{CertificateFailureCode.Malformed}: {e.Message}");
        }

        var options = new PathValidationOptions
        {
            Anchors = ReadAll(testcase.TrustedCerts),
            Intermediates = ReadAll(testcase.UntrustedIntermediates),
            Time = testcase.ValidationTime ?? clock.GetUtcNow(),
            MaxIntermediates = testcase.MaxChainDepth ?? 8,
            RequiredLeafKeyUsage = requiredUsage,
            RequiredExtendedKeyUsages = requiredEkus,
            SignaturePolicy = policy,
        };
        var validation = PathValidator.Validate(leaf, options);
        if (validation.Failure is { } failure)
            return Result("FAILURE", failure.ToString());
        var path = validation.Path!;

        if (testcase.Crls.Count > 0 && CheckRevocation(testcase.Crls, path, options) is { } revocation)
            return Result("FAILURE", revocation.ToString());

        // Peer names by validation kind (the schema's split): a server is named by expected_peer_name, a client by all of expected_peer_names.
        IReadOnlyList<PeerName> peerNames = testcase.ValidationKind == "SERVER"
            ? testcase.ExpectedPeerName is { } single ? [single] : []
            : testcase.ExpectedPeerNames;
        foreach (var peer in peerNames)
        {
            GeneralNameKind? kind = peer.Kind switch { "DNS" => GeneralNameKind.Dns, "IP" => GeneralNameKind.IpAddress, "RFC822" => GeneralNameKind.Rfc822, _ => null };
            if (kind is null)
                return Result("SKIPPED", $"unknown peer name kind {peer.Kind}");
            if (!PeerNameMatcher.Matches(leaf, kind.Value, peer.Value))
                return Result("FAILURE", $"{CertificateFailureCode.NameMismatch}: the leaf does not name {peer.Kind} {peer.Value}");
        }

        return Result("SUCCESS", "path: " + string.Join(" <- ", path.Certificates.Select(c => c.Subject.ToString())));
    }

    /// <summary>
    /// RFC 5280 §6.3 over every certificate below the anchor, with the case's CRLs. A supplied CRL that is not an
    /// RFC 5280 CRL at all (bad version, time encodings, no nextUpdate) is no CRL; when none of the supplied ones
    /// is a CRL, revocation is not checked. Otherwise each certificate's status must be determined.
    /// </summary>
    private static CertificateFailure? CheckRevocation(IReadOnlyList<string> crlPems, CertificationPath path, PathValidationOptions options)
    {
        var store = new CrlStore();
        var readable = 0;
        foreach (var der in Decode(crlPems, "X509 CRL"))
        {
            if (CrlIndex.Parse(der).Index is { } crl)
            {
                store.Add(crl);
                readable++;
            }
        }

        if (readable == 0)
            return null;

        var checker = new CrlRevocationChecker(store, new CrlCheckOptions
        {
            Time = options.Time,
            SignaturePolicy = options.SignaturePolicy,
            CandidateSigners = [.. options.Intermediates, .. options.Anchors],
            MaxIntermediates = options.MaxIntermediates,
        });
        return checker.CheckPath(path).Failure;
    }

    // An unreadable pool certificate cannot be part of any path; leaving it out is what every builder does.
    private static List<PkixCertificate> ReadAll(IEnumerable<string> pems) =>
        Decode(pems, "CERTIFICATE").Select(d => PkixCertificate.Parse(d).Certificate).OfType<PkixCertificate>().ToList();

    /// <summary>The DER blocks of the given PEM texts; a text that is not PEM is passed over.</summary>
    private static IEnumerable<byte[]> Decode(IEnumerable<string> pems, string label)
    {
        foreach (var pem in pems)
        {
            IReadOnlyList<byte[]> blocks;
            try
            {
                blocks = Pem.DecodeAll(Encoding.ASCII.GetBytes(pem), label);
            }
            catch (FormatException)
            {
                continue;
            }

            foreach (var block in blocks)
                yield return block;
        }
    }
}
