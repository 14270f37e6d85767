using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LimboHarness.Cases;
using Pkix.Tests.Support;
using Pkix.Validation;

namespace Pkix.Tests.Validation;

/// <summary>RFC 5280 failures on chains that start at TestPki's GRCA-like root and issuing CAs.</summary>
public class PathValidatorTests(GeneratedPki taiwan) : IClassFixture<GeneratedPki>
{
    private PathValidationResult Validate(TestCertificate leaf, IEnumerable<TestCertificate>? intermediates = null, IReadOnlyList<string>? ekus = null) =>
        PathValidator.Validate(leaf.Parsed, new PathValidationOptions
        {
            Anchors = [TaiwanTrust.Ca(taiwan.Pki, "grca-g2")],
            Intermediates = [.. TaiwanTrust.OrganisationIssuers.Select(n => TaiwanTrust.Ca(taiwan.Pki, n)), .. (intermediates ?? []).Select(c => c.Parsed)],
            Time = taiwan.Now,
            RequiredLeafKeyUsage = KeyUsageBits.DigitalSignature,
            RequiredExtendedKeyUsages = ekus ?? [],
            SignaturePolicy = SignatureAlgorithmPolicy.Strong,
        });

    private TestCertificate Grca => TaiwanTrust.CaWithKey(taiwan.Pki, "grca-g2");

    private TestCertificate Gca => TaiwanTrust.CaWithKey(taiwan.Pki, "gca");

    private static TestCertificate Leaf(TestCertificate issuer, string organisation = "行政院", IReadOnlyList<X509Extension>? extra = null, IReadOnlyList<string>? ekus = null,
        IReadOnlyList<string>? policies = null, HashAlgorithmName? hash = null) =>
        TestCertificates.Issue(new()
        {
            CommonName = "測試機關", Organisation = organisation, Issuer = issuer, UseRsa = true, ExtraExtensions = extra ?? [],
            ExtendedKeyUsages = ekus ?? [], Policies = policies ?? [], Hash = hash ?? HashAlgorithmName.SHA256,
        });

    [Fact]
    public void A_leaf_of_GCA_builds_to_the_root()
    {
        var result = Validate(Leaf(Gca));

        result.Failure.ShouldBeNull();
        result.Path!.Certificates.Count.ShouldBe(3);
    }

    [Fact]
    public void An_intermediate_without_cA_cannot_issue()
    {
        var notCa = TestCertificates.Issue(new() { CommonName = "假的憑證管理中心", Issuer = Grca, IsCa = false, KeyUsage = X509KeyUsageFlags.KeyCertSign, UseRsa = true });

        Validate(Leaf(notCa), [notCa]).Failure!.Code.ShouldBe(CertificateFailureCode.BasicConstraints);
    }

    [Fact]
    public void A_name_outside_the_permitted_directory_subtree_is_refused()
    {
        var constrained = TestCertificates.Issue(new() { CommonName = "受限憑證管理中心", Issuer = Grca, IsCa = true, PathLength = 0, PermittedSubtrees = [TestName.Directory("行政院")], UseRsa = true });

        Validate(Leaf(constrained, "行政院"), [constrained]).Failure.ShouldBeNull();
        var outside = Validate(Leaf(constrained, "某公司"), [constrained]);
        outside.Failure!.Code.ShouldBe(CertificateFailureCode.NameConstraints);
        outside.Failure.Detail.ShouldContain("某公司");
    }

    [Fact]
    public void A_required_explicit_policy_that_the_leaf_does_not_assert_is_refused()
    {
        const string level3 = "2.16.886.101.0.3.3";
        var strict = TestCertificates.Issue(new() { CommonName = "政策憑證管理中心", Issuer = Grca, IsCa = true, Policies = [level3], RequireExplicitPolicy = 0, UseRsa = true });

        Validate(Leaf(strict, policies: [level3]), [strict]).Failure.ShouldBeNull();
        Validate(Leaf(strict), [strict]).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
        Validate(Leaf(strict, policies: ["2.16.886.101.0.3.0"]), [strict]).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
    }

    [Fact]
    public void An_unknown_critical_extension_is_refused()
    {
        Validate(Leaf(Gca, extra: [TestCertificates.UnknownCritical()])).Failure!.Code.ShouldBe(CertificateFailureCode.UnknownCriticalExtension);
    }

    [Fact]
    public void A_required_extended_key_usage_the_leaf_does_not_allow_is_refused()
    {
        Validate(Leaf(Gca, ekus: [Oids.ClientAuth]), ekus: [Oids.ClientAuth]).Failure.ShouldBeNull();
        Validate(Leaf(Gca, ekus: [Oids.ClientAuth]), ekus: [Oids.ServerAuth]).Failure!.Code.ShouldBe(CertificateFailureCode.ExtendedKeyUsage);
    }

    [Fact]
    public void A_certificate_signed_with_SHA1_is_refused_as_an_unsupported_algorithm()
    {
        Validate(Leaf(Gca, hash: HashAlgorithmName.SHA1)).Failure!.Code.ShouldBe(CertificateFailureCode.UnsupportedAlgorithm);
    }

    [Fact]
    public void A_chain_longer_than_the_depth_limit_is_refused()
    {
        var result = PathValidator.Validate(Leaf(Gca).Parsed, new PathValidationOptions
        {
            Anchors = [TaiwanTrust.Ca(taiwan.Pki, "grca-g2")],
            Intermediates = [TaiwanTrust.Ca(taiwan.Pki, "gca")],
            Time = taiwan.Now,
            MaxIntermediates = 0,
            SignaturePolicy = SignatureAlgorithmPolicy.Strong,
        });

        result.Failure!.Code.ShouldBe(CertificateFailureCode.PathLength);
    }
}
