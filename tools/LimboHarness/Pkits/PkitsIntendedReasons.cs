using Pkix.Validation;

namespace LimboHarness.Pkits;

/// <summary>
/// Why a path PKITS built to fail must fail: the code, and where one code covers several causes, words our detail must
/// carry (<see cref="Because"/>). A refusal for another reason is a miss even though the path was refused.
/// </summary>
public sealed record PkitsReason(CertificateFailureCode Code, string? Because = null)
{
    public bool IsMetBy(CertificateFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Code == Code && (Because is null || failure.Detail.Contains(Because, StringComparison.Ordinal));
    }

    public override string ToString() => Because is null ? Code.ToString() : $"{Code} ({Because})";
}

/// <summary>
/// The reason each invalid PKITS test is built around, read from the PKITS document's description of the test (what the
/// test's certificates or CRLs get wrong), under PKITS's default inputs. expected.json gives only valid/invalid.
/// </summary>
public static class PkitsIntendedReasons
{
    private static readonly PkitsReason SignatureInvalid = new(CertificateFailureCode.SignatureInvalid);
    private static readonly PkitsReason Revoked = new(CertificateFailureCode.Revoked);
    // No CRL in scope for the certificate's issuer at all, so its status cannot be determined.
    private static readonly PkitsReason NoCrl = new(CertificateFailureCode.RevocationUnknown, "no usable CRL covers");
    // The only CRL of the issuer is scoped elsewhere (distribution point, user/CA/attribute certificates).
    private static readonly PkitsReason OutOfScope = new(CertificateFailureCode.RevocationUnknown, "is scoped to other certificates");
    // Under the default inputs, these paths fail because a CA's requireExplicitPolicy (or inhibitPolicyMapping /
    // inhibitAnyPolicy leaving no policy) ends with an empty valid_policy_tree while an explicit policy is required.
    private static readonly PkitsReason NoExplicitPolicy = new(CertificateFailureCode.Policy, "an explicit policy is required");
    private static readonly PkitsReason NameConstraints = new(CertificateFailureCode.NameConstraints);

    private static readonly Dictionary<string, PkitsReason> Reasons = new(StringComparer.Ordinal)
    {
        // 4.1: a CA's / the EE's signature, an EE signed with DSA, altered.
        ["4.1.2"] = SignatureInvalid, ["4.1.3"] = SignatureInvalid, ["4.1.6"] = SignatureInvalid,
        // 4.2: notBefore in the future (CA, EE); notAfter in the past (CA, EE, a UTCTime 1999 date).
        ["4.2.1"] = new(CertificateFailureCode.NotYetValid), ["4.2.2"] = new(CertificateFailureCode.NotYetValid),
        ["4.2.5"] = new(CertificateFailureCode.Expired), ["4.2.6"] = new(CertificateFailureCode.Expired), ["4.2.7"] = new(CertificateFailureCode.Expired),
        // 4.3: the EE's issuer name matches no CA (another name; the CA's RDNs in another order).
        ["4.3.1"] = new(CertificateFailureCode.UntrustedIssuer), ["4.3.2"] = new(CertificateFailureCode.UntrustedIssuer),
        // 4.4: no CRL; the CA / EE revoked; the CRL's signature altered; a CRL under another issuer name; the trust
        // anchor's CRL where the CA's is needed; unknown critical CRL entry / CRL extensions; nextUpdate passed (2010, a
        // UTCTime 1999 date); revoked EEs with a negative and a 20-octet serial; the EE revoked on a CRL signed with a
        // separate key; that separate CRL-signing certificate itself revoked.
        ["4.4.1"] = NoCrl, ["4.4.2"] = Revoked, ["4.4.3"] = Revoked,
        ["4.4.4"] = new(CertificateFailureCode.CrlBadSignature, "does not verify"),
        ["4.4.5"] = NoCrl, ["4.4.6"] = NoCrl,
        ["4.4.8"] = new(CertificateFailureCode.RevocationUnknown, "a CRL entry has the critical extension"),
        ["4.4.9"] = new(CertificateFailureCode.RevocationUnknown, "the CRL has the critical extension"),
        ["4.4.10"] = new(CertificateFailureCode.RevocationUnknown, "the CRL has the critical extension"),
        ["4.4.11"] = new(CertificateFailureCode.CrlStale), ["4.4.12"] = new(CertificateFailureCode.CrlStale),
        ["4.4.15"] = Revoked, ["4.4.18"] = Revoked, ["4.4.20"] = Revoked,
        ["4.4.21"] = new(CertificateFailureCode.CrlBadSignature, "is not in good standing: Revoked"),
        // 4.5: the EE revoked on the CRL of a rolled-over key (old with new, new with old, a self-issued CRL-signing key);
        // an EE issued by the self-issued CRL-signing certificate, which is not a CA.
        ["4.5.2"] = Revoked, ["4.5.5"] = Revoked, ["4.5.7"] = Revoked,
        ["4.5.8"] = new(CertificateFailureCode.BasicConstraints),
        // 4.6: no basicConstraints, cA false (critical, not critical); pathLenConstraint exceeded (0, 6 with sub-CAs, 0
        // with a self-issued CA that counts once it is not the last).
        ["4.6.1"] = new(CertificateFailureCode.BasicConstraints), ["4.6.2"] = new(CertificateFailureCode.BasicConstraints),
        ["4.6.3"] = new(CertificateFailureCode.BasicConstraints),
        ["4.6.5"] = new(CertificateFailureCode.PathLength), ["4.6.6"] = new(CertificateFailureCode.PathLength),
        ["4.6.9"] = new(CertificateFailureCode.PathLength), ["4.6.10"] = new(CertificateFailureCode.PathLength),
        ["4.6.11"] = new(CertificateFailureCode.PathLength), ["4.6.12"] = new(CertificateFailureCode.PathLength),
        ["4.6.16"] = new(CertificateFailureCode.PathLength),
        // 4.7: a CA without keyCertSign (critical, not critical); a CA without cRLSign signing its CRL (critical, not).
        ["4.7.1"] = new(CertificateFailureCode.KeyUsage, "keyCertSign"), ["4.7.2"] = new(CertificateFailureCode.KeyUsage, "keyCertSign"),
        ["4.7.4"] = new(CertificateFailureCode.CrlBadSignature, "cRLSign"), ["4.7.5"] = new(CertificateFailureCode.CrlBadSignature, "cRLSign"),
        // 4.8–4.12: an explicit policy required by a CA's policyConstraints, and no policy left (different policies,
        // mappings that do not reach the EE's policy, mapping inhibited, anyPolicy inhibited); 4.10.7 / 4.10.8 map from
        // or to anyPolicy, which §6.1.4 (a) forbids.
        ["4.8.4"] = NoExplicitPolicy, ["4.8.5"] = NoExplicitPolicy, ["4.8.7"] = NoExplicitPolicy, ["4.8.8"] = NoExplicitPolicy,
        ["4.8.9"] = NoExplicitPolicy, ["4.8.12"] = NoExplicitPolicy,
        ["4.9.3"] = NoExplicitPolicy, ["4.9.5"] = NoExplicitPolicy, ["4.9.7"] = NoExplicitPolicy, ["4.9.8"] = NoExplicitPolicy,
        ["4.10.2"] = NoExplicitPolicy, ["4.10.4"] = NoExplicitPolicy, ["4.10.10"] = NoExplicitPolicy,
        ["4.10.7"] = new(CertificateFailureCode.Policy, "mapping to or from anyPolicy"),
        ["4.10.8"] = new(CertificateFailureCode.Policy, "mapping to or from anyPolicy"),
        ["4.11.1"] = NoExplicitPolicy, ["4.11.3"] = NoExplicitPolicy, ["4.11.5"] = NoExplicitPolicy, ["4.11.6"] = NoExplicitPolicy,
        ["4.11.8"] = NoExplicitPolicy, ["4.11.9"] = NoExplicitPolicy, ["4.11.10"] = NoExplicitPolicy, ["4.11.11"] = NoExplicitPolicy,
        ["4.12.1"] = NoExplicitPolicy, ["4.12.4"] = NoExplicitPolicy, ["4.12.5"] = NoExplicitPolicy, ["4.12.6"] = NoExplicitPolicy,
        ["4.12.8"] = NoExplicitPolicy, ["4.12.10"] = NoExplicitPolicy,
        // 4.13: a name (DN, RFC 822, DNS, URI; the subject's emailAddress) outside the permitted or inside the excluded
        // subtrees, a self-issued CA's own name (4.13.20: only the last certificate is exempt) included.
        ["4.13.2"] = NameConstraints, ["4.13.3"] = NameConstraints, ["4.13.7"] = NameConstraints, ["4.13.8"] = NameConstraints,
        ["4.13.9"] = NameConstraints, ["4.13.10"] = NameConstraints, ["4.13.12"] = NameConstraints, ["4.13.13"] = NameConstraints,
        ["4.13.15"] = NameConstraints, ["4.13.16"] = NameConstraints, ["4.13.17"] = NameConstraints, ["4.13.20"] = NameConstraints,
        ["4.13.22"] = NameConstraints, ["4.13.24"] = NameConstraints, ["4.13.26"] = NameConstraints, ["4.13.28"] = NameConstraints,
        ["4.13.29"] = NameConstraints, ["4.13.31"] = NameConstraints, ["4.13.33"] = NameConstraints, ["4.13.35"] = NameConstraints,
        ["4.13.37"] = NameConstraints, ["4.13.38"] = NameConstraints,
        // 4.14: the EE revoked on the CRL its distribution point (full or relative name, a reason partition, an indirect
        // CRL, a cRLIssuer) leads to; or no CRL in scope: an IDP naming another point, a CRL for users / CAs /
        // attribute certificates only, partitions that leave reasons uncovered, an indirect CRL that does not cover the
        // issuer, a cRLIssuer whose CRL is not there or is scoped elsewhere.
        ["4.14.2"] = Revoked, ["4.14.3"] = OutOfScope, ["4.14.6"] = Revoked, ["4.14.8"] = OutOfScope, ["4.14.9"] = OutOfScope,
        ["4.14.11"] = OutOfScope, ["4.14.12"] = OutOfScope, ["4.14.14"] = OutOfScope,
        ["4.14.15"] = Revoked, ["4.14.16"] = Revoked,
        ["4.14.17"] = new(CertificateFailureCode.RevocationUnknown, "cover only the reasons"),
        ["4.14.20"] = Revoked, ["4.14.21"] = Revoked, ["4.14.23"] = Revoked, ["4.14.26"] = NoCrl,
        ["4.14.27"] = OutOfScope, ["4.14.31"] = Revoked, ["4.14.32"] = Revoked, ["4.14.34"] = Revoked, ["4.14.35"] = NoCrl,
        // 4.15: a delta CRL without its complete CRL; the EE revoked on the complete or the delta CRL (on hold, a later
        // number); a complete CRL past nextUpdate whose delta is stale too.
        ["4.15.1"] = NoCrl, ["4.15.3"] = Revoked, ["4.15.4"] = Revoked, ["4.15.6"] = Revoked, ["4.15.9"] = Revoked,
        ["4.15.10"] = new(CertificateFailureCode.CrlStale),
        // 4.16: an unknown critical certificate extension in the EE.
        ["4.16.2"] = new(CertificateFailureCode.UnknownCriticalExtension),
    };

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["4.1"] = "Signature Verification", ["4.2"] = "Validity Periods", ["4.3"] = "Verifying Name Chaining",
        ["4.4"] = "Basic Certificate Revocation", ["4.5"] = "Verifying Paths with Self-Issued Certificates",
        ["4.6"] = "Verifying Basic Constraints", ["4.7"] = "Key Usage", ["4.8"] = "Certificate Policies",
        ["4.9"] = "Require Explicit Policy", ["4.10"] = "Policy Mappings", ["4.11"] = "Inhibit Policy Mapping",
        ["4.12"] = "Inhibit Any Policy", ["4.13"] = "Name Constraints", ["4.14"] = "Distribution Points",
        ["4.15"] = "Delta-CRLs", ["4.16"] = "Private Certificate Extensions",
    };

    /// <summary>Every invalid test's intended reason, by PKITS number.</summary>
    public static IReadOnlyDictionary<string, PkitsReason> All => Reasons;

    public static PkitsReason? For(string number) => Reasons.GetValueOrDefault(number);

    public static string SectionTitle(string section) => Titles.GetValueOrDefault(section, "");
}
