using System.Security.Cryptography;
using Domain.ReferenceData;
using Pkix.Validation;

namespace Domain.Certificates.Cards;

/// <summary>
/// A configured anchor or issuing CA that could never validate a card, and why (the failure path validation would give).
/// </summary>
/// <param name="Subject">The certificate's subject, RFC 4514.</param>
/// <param name="Sha256Fingerprint">Upper-case hex SHA-256 of the DER certificate, as docs/deployment.md lists them.</param>
public sealed record TrustProblem(CertificateKind Kind, TrustRole Role, string Subject, string Sha256Fingerprint, CertificateFailure Failure)
{
    public override string ToString() =>
        $"{Kind} {(Role == TrustRole.Anchor ? "anchor" : "issuing CA")} {Subject} (SHA-256 {Sha256Fingerprint}) can never validate a card: {Failure}";
}

/// <summary>
/// Checks every anchor and issuing CA of a trust configuration the way card validation will use it, at one instant: an
/// anchor must pass the checks path validation applies to anchors (GRCA G1, with a non-critical basicConstraints and
/// no keyUsage, does not); an issuing CA must have a valid path to one of its kind's anchors under the same signature
/// policy (an expired CA, a SHA-1 signature, a CA whose root is not configured fail). Loading goes on — validation
/// refuses such material anyway — but what is reported is never loaded silently.
/// </summary>
public static class TrustAudit
{
    public static IReadOnlyList<TrustProblem> Check(TrustConfiguration trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var problems = new List<TrustProblem>();
        foreach (var (kind, kindTrust) in trust.Kinds.OrderBy(k => k.Key))
        {
            foreach (var anchor in kindTrust.Anchors)
            {
                if (PathValidator.CheckAnchor(anchor, now) is { } failure)
                    problems.Add(Problem(kind, TrustRole.Anchor, anchor, failure));
            }
            foreach (var ca in kindTrust.IssuingCas)
            {
                var options = new PathValidationOptions
                {
                    Anchors = kindTrust.Anchors,
                    Intermediates = kindTrust.IssuingCas.Where(other => !ReferenceEquals(other, ca)).ToList(),
                    Time = now,
                    MaxIntermediates = CardCertificateValidator.MaxIntermediates,
                    SignaturePolicy = SignatureAlgorithmPolicy.Strong,
                };
                if (PathValidator.Validate(ca, options).Failure is { } failure)
                    problems.Add(Problem(kind, TrustRole.Issuing, ca, failure));
            }
        }
        return problems;
    }

    public static string Fingerprint(PkixCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(SHA256.HashData(certificate.Der));
    }

    private static TrustProblem Problem(CertificateKind kind, TrustRole role, PkixCertificate certificate, CertificateFailure failure) =>
        new(kind, role, certificate.Subject.ToString(), Fingerprint(certificate), failure);
}
