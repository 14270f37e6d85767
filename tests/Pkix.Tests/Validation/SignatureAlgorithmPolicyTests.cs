using System.Security.Cryptography;
using LimboHarness.Cases.PkitsStyle;
using Pkix.Validation;

namespace Pkix.Tests.Validation;

/// <summary>The signature policy is an input of path validation: the same chain passes under RFC 5280 and fails under the Taiwan policy, and the other way never.</summary>
public class SignatureAlgorithmPolicyTests
{
    private static readonly DateTimeOffset Now = PkitsStyleCases.ValidationTime;

    private static readonly Lazy<PkitsCertificate> RsaRoot = new(() => PkitsCertificates.Issue(new CertificateSpec
    {
        Subject = [new("CN", "policy test root")], KeyKind = KeyKind.Rsa, IsCa = true,
    }, "policy test root"));

    private static PkitsCertificate Issue(string label, PkitsCertificate issuer, Func<CertificateSpec, CertificateSpec>? with = null, bool ca = false)
    {
        var spec = new CertificateSpec { Subject = [new("CN", label)], Issuer = issuer, IsCa = ca };
        return PkitsCertificates.Issue(with is null ? spec : with(spec), "policy test " + label);
    }

    private static PathValidationResult Validate(SignatureAlgorithmPolicy policy, PkitsCertificate leaf, params PkitsCertificate[] intermediates) =>
        PathValidator.Validate(leaf.Parsed, new PathValidationOptions
        {
            Anchors = [RsaRoot.Value.Parsed],
            Intermediates = [.. intermediates.Select(c => c.Parsed)],
            Time = Now,
            SignaturePolicy = policy,
        });

    [Fact]
    public void A_SHA1_signature_is_accepted_under_RFC_5280_and_refused_under_the_Taiwan_policy()
    {
        var leaf = Issue("sha1 leaf", RsaRoot.Value, s => s with { Signature = SignatureKind.RsaSha1 });

        Validate(SignatureAlgorithmPolicy.Rfc5280, leaf).IsValid.ShouldBeTrue();
        var taiwan = Validate(SignatureAlgorithmPolicy.Strong, leaf);
        taiwan.Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
        taiwan.Failure.Detail.ShouldContain("SHA1");
    }

    [Fact]
    public void A_DSA_key_without_parameters_inherits_them_from_its_issuer_under_RFC_5280_only()
    {
        var dsaCa = Issue("dsa ca", RsaRoot.Value, s => s with { KeyKind = KeyKind.Dsa }, ca: true);
        var inheriting = Issue("inheriting ca", dsaCa, s => s with { Key = PkitsKey.Generate(KeyKind.Dsa, "inheriting ca key").WithoutDsaParameters() }, ca: true);
        var leaf = Issue("dsa leaf", inheriting, s => s with { KeyKind = KeyKind.Dsa });

        var result = Validate(SignatureAlgorithmPolicy.Rfc5280, leaf, dsaCa, inheriting);

        result.IsValid.ShouldBeTrue(result.Failure?.ToString());
        Validate(SignatureAlgorithmPolicy.Strong, leaf, dsaCa, inheriting).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Fact]
    public void Inherited_DSA_parameters_still_have_to_verify_the_signature()
    {
        var dsaCa = Issue("dsa ca 2", RsaRoot.Value, s => s with { KeyKind = KeyKind.Dsa }, ca: true);
        var inheriting = Issue("inheriting ca 2", dsaCa, s => s with { Key = PkitsKey.Generate(KeyKind.Dsa, "inheriting ca 2 key").WithoutDsaParameters() }, ca: true);
        var forged = Issue("dsa leaf forged", inheriting, s => s with { KeyKind = KeyKind.Dsa, BreakSignature = true });

        Validate(SignatureAlgorithmPolicy.Rfc5280, forged, dsaCa, inheriting).Failure!.Code.ShouldBe(CertificateFailureCode.SignatureInvalid);
    }

    [Fact]
    public void MD5_is_refused_by_both_policies()
    {
        var leaf = Issue("md5 leaf", RsaRoot.Value, s => s with { Signature = SignatureKind.RsaMd5 });

        Validate(SignatureAlgorithmPolicy.Rfc5280, leaf).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
        Validate(SignatureAlgorithmPolicy.Strong, leaf).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Fact]
    public void PSS_with_a_salt_shorter_than_the_hash_passes_RFC_5280_but_not_the_Taiwan_policy()
    {
        var standard = Issue("pss 32 leaf", RsaRoot.Value, s => s with { Signature = SignatureKind.RsaPssSha256 });
        var shortSalt = Issue("pss 20 leaf", RsaRoot.Value, s => s with { Signature = SignatureKind.RsaPssSha256Salt20 });

        Validate(SignatureAlgorithmPolicy.Strong, standard).IsValid.ShouldBeTrue();
        Validate(SignatureAlgorithmPolicy.Rfc5280, shortSalt).IsValid.ShouldBeTrue();
        Validate(SignatureAlgorithmPolicy.Strong, shortSalt).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Fact]
    public void A_narrowed_policy_refuses_what_the_case_does_not_list()
    {
        var ecCa = Issue("ec ca", RsaRoot.Value, ca: true);
        var leaf = Issue("ec leaf", ecCa);
        var rsaOnly = SignatureAlgorithmPolicy.Rfc5280.Narrow([new SignatureAlgorithm(SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256)]);

        Validate(SignatureAlgorithmPolicy.Rfc5280, leaf, ecCa).IsValid.ShouldBeTrue();
        Validate(rsaOnly, leaf, ecCa).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
        rsaOnly.Allows(new SignatureAlgorithm(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256)).ShouldBeFalse();
    }

    [Fact]
    public void The_Taiwan_policy_is_a_subset_of_the_RFC_5280_policy_with_no_SHA1_SHA224_or_DSA()
    {
        SignatureAlgorithmPolicy.Strong.Allowed.ShouldAllBe(a => SignatureAlgorithmPolicy.Rfc5280.Allows(a));
        SignatureAlgorithmPolicy.Strong.Allowed.ShouldNotContain(a => a.Scheme == SignatureScheme.Dsa || a.Hash == HashAlgorithmName.SHA1 || a.Hash == SignatureAlgorithm.Sha224);
        SignatureAlgorithmPolicy.Rfc5280.Allows(new SignatureAlgorithm(SignatureScheme.Dsa, HashAlgorithmName.SHA1)).ShouldBeTrue();
        SignatureAlgorithmPolicy.Rfc5280.Allows(new SignatureAlgorithm(SignatureScheme.RsaPkcs1, HashAlgorithmName.MD5)).ShouldBeFalse();
    }
}
