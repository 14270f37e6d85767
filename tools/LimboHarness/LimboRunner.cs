using System.Security.Cryptography;
using System.Text;
using Domain.Certificates;
using Domain.Certificates.Revocation;
using Domain.Certificates.Validation;

namespace LimboHarness;

/// <summary>
/// Runs Limbo test cases through the project's own validator (<see cref="PathValidator"/> and
/// <see cref="CrlIndex"/>), the same code the server uses. What it cannot honour it reports as
/// SKIPPED with the reason, never as a guess.
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

    // Limbo names → what our verifier accepts; names absent here are algorithms we never accept.
    private static readonly Dictionary<string, SignatureAlgorithm[]> SignatureAlgorithmNames = new(StringComparer.Ordinal)
    {
        ["RSA_WITH_SHA256"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256)],
        ["RSA_WITH_SHA384"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA384)],
        ["RSA_WITH_SHA512"] = [new(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA512)],
        ["RSASSA_PSS"] = [new(SignatureScheme.RsaPss, HashAlgorithmName.SHA256), new(SignatureScheme.RsaPss, HashAlgorithmName.SHA384), new(SignatureScheme.RsaPss, HashAlgorithmName.SHA512)],
        ["ECDSA_WITH_SHA256"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256)],
        ["ECDSA_WITH_SHA384"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA384)],
        ["ECDSA_WITH_SHA512"] = [new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA512)],
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
        if (testcase.ValidationKind is not ("SERVER" or "CLIENT"))
            return Result("SKIPPED", $"unknown validation kind {testcase.ValidationKind}");

        var requiredUsage = KeyUsageBits.None;
        foreach (var name in testcase.KeyUsage)
        {
            if (!KeyUsageNames.TryGetValue(name, out var bit))
                return Result("SKIPPED", $"unknown key usage {name}");
            requiredUsage |= bit;
        }

        var requiredEkus = new List<string>();
        foreach (var name in testcase.ExtendedKeyUsage)
        {
            // The schema allows dotted OIDs too.
            if (ExtendedKeyUsageNames.TryGetValue(name, out var oid)) requiredEkus.Add(oid);
            else if (name.Length > 0 && char.IsAsciiDigit(name[0])) requiredEkus.Add(name);
            else return Result("SKIPPED", $"unknown extended key usage {name}");
        }

        HashSet<SignatureAlgorithm>? allowedAlgorithms = null;
        if (testcase.SignatureAlgorithms.Count > 0)
            allowedAlgorithms = testcase.SignatureAlgorithms.SelectMany(n => SignatureAlgorithmNames.GetValueOrDefault(n, [])).ToHashSet();

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
            AllowedSignatureAlgorithms = allowedAlgorithms,
        };
        var validation = PathValidator.Validate(leaf, options);
        if (validation.Failure is { } failure)
            return Result("FAILURE", failure.ToString());
        var path = validation.Path!;

        if (testcase.Crls.Count > 0 && CheckCrls(testcase.Crls, path, options.Time) is { } revoked)
            return Result("FAILURE", revoked.ToString());

        var peerNames = testcase.ExpectedPeerName is { } single ? [single] : testcase.ExpectedPeerNames;
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

    // Each certificate below the anchor is checked against a CRL of its issuer when the case supplies one.
    private static CertificateFailure? CheckCrls(IReadOnlyList<string> crlPems, CertificationPath path, DateTimeOffset time)
    {
        List<byte[]> crls;
        try
        {
            crls = crlPems.SelectMany(p => Pem.DecodeAll(Encoding.ASCII.GetBytes(p), "X509 CRL")).ToList();
        }
        catch (FormatException e)
        {
            return new CertificateFailure(CertificateFailureCode.Malformed, "a CRL is not readable PEM: " + e.Message);
        }

        for (var i = 0; i < path.Certificates.Count - 1; i++)
        {
            var certificate = path.Certificates[i];
            var issuer = path.Certificates[i + 1];
            CertificateFailure? unusable = null;
            var checkedAgainstOne = false;
            foreach (var der in crls.Where(d => CrlIndex.PeekIssuer(d)?.Equals(issuer.Subject) == true))
            {
                var load = CrlIndex.Load(der, issuer);
                // A CRL that breaks RFC 5280's encoding rules is no CRL at all: the certificate is judged without it.
                if (load.Failure?.Code == CertificateFailureCode.Malformed)
                    continue;
                if (load.Index is not { } index)
                {
                    unusable = load.Failure;
                    continue;
                }

                if (index.CheckScope(certificate) is { } outOfScope)
                {
                    unusable = outOfScope;
                    continue;
                }

                checkedAgainstOne = true;
                if (index.CheckFreshness(time, TimeSpan.Zero) is { } stale)
                    return stale;
                if (index.Contains(certificate.SerialHex))
                    return new CertificateFailure(CertificateFailureCode.Revoked, $"{certificate} is on the CRL of {issuer}");
            }

            if (!checkedAgainstOne && unusable is not null)
                return unusable;
        }

        return null;
    }

    private static List<PkixCertificate> ReadAll(IEnumerable<string> pems)
    {
        var certificates = new List<PkixCertificate>();
        // An unreadable pool certificate cannot be part of any path; leaving it out is what every builder does.
        foreach (var pem in pems)
        {
            IReadOnlyList<byte[]> blocks;
            try
            {
                blocks = Pem.DecodeAll(Encoding.ASCII.GetBytes(pem), "CERTIFICATE");
            }
            catch (FormatException)
            {
                continue;
            }

            certificates.AddRange(blocks.Select(d => PkixCertificate.Parse(d).Certificate).OfType<PkixCertificate>());
        }

        return certificates;
    }
}
