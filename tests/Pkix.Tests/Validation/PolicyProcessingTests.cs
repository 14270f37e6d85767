using LimboHarness.Cases;
using Pkix.Validation;

namespace Pkix.Tests.Validation;

/// <summary>RFC 5280 policy processing with the caller's initial inputs (§6.1.1 c–f, §6.1.5 g), in the manner of NIST PKITS 4.8–4.12.</summary>
public class PolicyProcessingTests
{
    private const string P1 = "2.16.840.1.101.3.2.1.48.1";
    private const string P2 = "2.16.840.1.101.3.2.1.48.2";
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestCertificate _root = TestCertificates.Issue(new() { CommonName = "policy-root", IsCa = true });

    private PathValidationResult Validate(IReadOnlyList<string> caPolicies, IReadOnlyList<string> leafPolicies, Func<PathValidationOptions, PathValidationOptions> options,
        IReadOnlyList<(string, string)>? mappings = null)
    {
        var ca = TestCertificates.Issue(new() { CommonName = "policy-ca", IsCa = true, Issuer = _root, Policies = caPolicies, PolicyMappings = mappings ?? [] });
        var leaf = TestCertificates.Issue(new() { CommonName = "policy-leaf", Issuer = ca, Policies = leafPolicies });
        return PathValidator.Validate(leaf.Parsed, options(new PathValidationOptions { Anchors = [_root.Parsed], Intermediates = [ca.Parsed], Time = Now, SignaturePolicy = SignatureAlgorithmPolicy.Rfc5280 }));
    }

    [Fact]
    public void Without_initial_inputs_a_path_without_policies_is_valid()
    {
        Validate([], [], o => o).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Initial_explicit_policy_requires_a_policy_through_the_whole_path()
    {
        Validate([], [], o => o with { InitialExplicitPolicy = true }).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
        Validate([P1], [P1], o => o with { InitialExplicitPolicy = true }).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void The_user_initial_policy_set_keeps_only_its_own_policies()
    {
        Validate([P1], [P1], o => o with { InitialExplicitPolicy = true, InitialPolicySet = new HashSet<string> { P1 } }).IsValid.ShouldBeTrue();
        Validate([P1], [P1], o => o with { InitialExplicitPolicy = true, InitialPolicySet = new HashSet<string> { P2 } }).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
    }

    [Fact]
    public void An_initial_policy_set_is_satisfied_through_anyPolicy_in_every_certificate()
    {
        var result = Validate([Oids.AnyPolicy], [Oids.AnyPolicy], o => o with { InitialExplicitPolicy = true, InitialPolicySet = new HashSet<string> { P2 } });

        result.IsValid.ShouldBeTrue(result.Failure?.ToString());
    }

    [Fact]
    public void Initial_any_policy_inhibit_stops_anyPolicy_from_standing_for_a_policy()
    {
        Validate([Oids.AnyPolicy], [P1], o => o with { InitialExplicitPolicy = true }).IsValid.ShouldBeTrue();
        Validate([Oids.AnyPolicy], [P1], o => o with { InitialExplicitPolicy = true, InitialAnyPolicyInhibit = true }).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
    }

    [Fact]
    public void Initial_policy_mapping_inhibit_drops_mapped_policies()
    {
        Validate([P1], [P2], o => o with { InitialExplicitPolicy = true }, [(P1, P2)]).IsValid.ShouldBeTrue();
        Validate([P1], [P2], o => o with { InitialExplicitPolicy = true, InitialPolicyMappingInhibit = true }, [(P1, P2)]).Failure!.Code.ShouldBe(CertificateFailureCode.Policy);
    }
}
