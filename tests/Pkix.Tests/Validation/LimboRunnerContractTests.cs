using LimboHarness;
using LimboHarness.Cases.PkitsStyle;
using Pkix.Validation;

namespace Pkix.Tests.Validation;

/// <summary>How the harness reads the Limbo schema: validation kinds, peer names, depth, CRL switching, skipped namespaces.</summary>
public class LimboRunnerContractTests
{
    private static int _labels;
    private readonly PkitsCertificate _root = Issue("contract root", null);

    private static PkitsCertificate Issue(string commonName, PkitsCertificate? issuer, Func<CertificateSpec, CertificateSpec>? with = null)
    {
        var spec = new CertificateSpec { Subject = [new("CN", commonName)], Issuer = issuer, IsCa = issuer is null };
        return PkitsCertificates.Issue(with is null ? spec : with(spec), $"contract {commonName} {Interlocked.Increment(ref _labels)}");
    }

    private static PkitsCertificate Ca(string name, PkitsCertificate issuer, Func<CertificateSpec, CertificateSpec>? with = null) =>
        Issue(name, issuer, s => with is null ? s with { IsCa = true } : with(s with { IsCa = true }));

    private LimboTestcase Case(PkitsCertificate leaf, string kind = "SERVER", params PkitsCertificate[] intermediates) => new()
    {
        Id = "evs::contract::case",
        Description = "contract",
        ValidationKind = kind,
        TrustedCerts = [_root.Pem],
        UntrustedIntermediates = [.. intermediates.Select(c => c.Pem)],
        PeerCertificate = leaf.Pem,
        ValidationTime = PkitsStyleCases.ValidationTime,
        ExpectedResult = "SUCCESS",
    };

    private static string Run(LimboTestcase testcase) => LimboRunner.Evaluate(testcase, TimeProvider.System).ActualResult;

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public void A_server_case_without_EKUs_requires_serverAuth_and_a_client_case_clientAuth()
    {
        PkitsCertificate Leaf(string eku) => Issue("eku " + eku, _root, s => s with { AltNames = [GeneralNameSpec.Dns("example.com")], ExtendedKeyUsages = [eku] });
        var clientOnly = Leaf(ClientAuth);

        Run(Case(clientOnly, "SERVER")).ShouldBe("FAILURE");
        Run(Case(clientOnly, "CLIENT")).ShouldBe("SUCCESS");
        Run(Case(clientOnly, "SERVER") with { ExtendedKeyUsage = ["clientAuth"] }).ShouldBe("SUCCESS");
        Run(Case(Leaf(ServerAuth), "SERVER")).ShouldBe("SUCCESS");
    }

    [Fact]
    public void A_server_is_named_by_its_DNS_SAN_and_by_its_CN_only_when_it_has_no_SAN()
    {
        var sanOnly = Issue("other.example", _root, s => s with { AltNames = [GeneralNameSpec.Dns("www.example.com")] });
        var cnOnly = Issue("www.example.com", _root);
        var cnAndOtherSan = Issue("www.example.com", _root, s => s with { AltNames = [GeneralNameSpec.Dns("other.example.com")] });
        LimboTestcase Named(PkitsCertificate leaf, string name) => Case(leaf) with { ExpectedPeerName = new PeerName("DNS", name) };

        Run(Named(sanOnly, "WWW.Example.com.")).ShouldBe("SUCCESS");
        Run(Named(cnOnly, "www.example.com")).ShouldBe("SUCCESS");
        Run(Named(cnAndOtherSan, "www.example.com")).ShouldBe("FAILURE");
        Run(Named(cnOnly, "example.com")).ShouldBe("FAILURE");
    }

    [Fact]
    public void A_client_case_checks_expected_peer_names_and_ignores_the_server_peer_name()
    {
        var leaf = Issue("client person", _root, s => s with { AltNames = [GeneralNameSpec.Email("person@example.com")] });

        Run(Case(leaf, "CLIENT") with { ExpectedPeerName = new PeerName("DNS", "example.com") }).ShouldBe("SUCCESS");
        Run(Case(leaf, "CLIENT") with { ExpectedPeerNames = [new PeerName("RFC822", "person@example.com")] }).ShouldBe("SUCCESS");
        Run(Case(leaf, "CLIENT") with { ExpectedPeerNames = [new PeerName("RFC822", "person@example.com"), new PeerName("RFC822", "other@example.com")] }).ShouldBe("FAILURE");
    }

    [Fact]
    public void Max_chain_depth_counts_intermediates_but_not_self_issued_ones()
    {
        var ca = Ca("depth ca", _root);
        var rolled = Ca("depth ca", ca);
        var leaf = Issue("depth leaf", rolled, s => s with { ExtendedKeyUsages = [ClientAuth] });

        Run(Case(leaf, "CLIENT", ca, rolled) with { MaxChainDepth = 1 }).ShouldBe("SUCCESS");
        Run(Case(leaf, "CLIENT", ca, rolled) with { MaxChainDepth = 0 }).ShouldBe("FAILURE");
    }

    [Fact]
    public void Any_readable_CRL_switches_revocation_checking_on_for_every_certificate_below_the_anchor()
    {
        var ca = Ca("crl ca", _root);
        var leaf = Issue("crl leaf", ca);
        string Crl(PkitsCertificate signer, string label) => Pkix.Validation.Pem.Encode(PkitsCrls.Issue(new CrlSpec { Signer = signer }, $"contract crl {label} {Interlocked.Increment(ref _labels)}"), "X509 CRL");
        var notACrl = "-----BEGIN X509 CRL-----\nMAMCAQA=\n-----END X509 CRL-----\n";

        Run(Case(leaf, "CLIENT", ca) with { Crls = [notACrl] }).ShouldBe("SUCCESS");
        Run(Case(leaf, "CLIENT", ca) with { Crls = [Crl(ca, "ca")] }).ShouldBe("FAILURE");
        Run(Case(leaf, "CLIENT", ca) with { Crls = [Crl(ca, "ca"), Crl(_root, "root")] }).ShouldBe("SUCCESS");
    }

    [Theory]
    [InlineData("webpki::cn::cabf-cn-not-in-san", "7.1.4.3")]
    [InlineData("crl::cabf::idp-indirect-crl", "Baseline Requirements")]
    public void Cases_resting_on_the_CA_B_Forum_requirements_are_skipped_with_the_reason(string id, string reason)
    {
        var result = LimboRunner.Evaluate(Case(Issue("skipped", _root)) with { Id = id }, TimeProvider.System);

        result.ActualResult.ShouldBe("SKIPPED");
        result.Context.ShouldContain(reason);
    }
}
