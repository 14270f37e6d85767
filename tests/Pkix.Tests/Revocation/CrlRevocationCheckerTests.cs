using LimboHarness.Cases.PkitsStyle;
using Pkix.Revocation;
using Pkix.Validation;

namespace Pkix.Tests.Revocation;

/// <summary>RFC 5280 §6.3 over a validated path: which CRLs speak for which certificate, and what an answer is worth.</summary>
public class CrlRevocationCheckerTests
{
    private static readonly DateTimeOffset Now = PkitsStyleCases.ValidationTime;
    private static int _labels;

    private readonly PkitsCertificate _root = Issue("root", null, ca: true);

    private static PkitsCertificate Issue(string label, PkitsCertificate? issuer, Func<CertificateSpec, CertificateSpec>? with = null, bool ca = false)
    {
        var unique = $"checker {label} {Interlocked.Increment(ref _labels)}";
        var spec = new CertificateSpec { Subject = [new("CN", label)], Issuer = issuer, IsCa = ca || issuer is null };
        return PkitsCertificates.Issue(with is null ? spec : with(spec), unique);
    }

    private static CrlIndex Crl(PkitsCertificate signer, Func<CrlSpec, CrlSpec>? with = null)
    {
        var spec = new CrlSpec { Signer = signer };
        return CrlIndex.Parse(PkitsCrls.Issue(with is null ? spec : with(spec), $"checker crl {Interlocked.Increment(ref _labels)}")).Index!;
    }

    private CertificationPath Path(PkitsCertificate leaf, params PkitsCertificate[] intermediates) =>
        PathValidator.Validate(leaf.Parsed, new PathValidationOptions
        {
            Anchors = [_root.Parsed], Intermediates = [.. intermediates.Select(c => c.Parsed)], Time = Now, SignaturePolicy = SignatureAlgorithmPolicy.Rfc5280,
        }).Path!;

    private static CrlRevocationChecker Checker(IEnumerable<CrlIndex> crls, CrlSignerScope signers = CrlSignerScope.AnyKeyOfTheCrlIssuer, params PkitsCertificate[] pool)
    {
        var store = new CrlStore();
        foreach (var crl in crls)
            store.Add(crl);
        return new CrlRevocationChecker(store, new CrlCheckOptions
        {
            Time = Now, SignaturePolicy = SignatureAlgorithmPolicy.Rfc5280, Signers = signers, CandidateSigners = [.. pool.Select(c => c.Parsed)],
        });
    }

    [Fact]
    public void An_issuing_CA_on_the_roots_CRL_is_revoked_and_so_is_the_path()
    {
        var ca = Issue("ca", _root, ca: true);
        var leaf = Issue("leaf", ca);
        var path = Path(leaf, ca);
        var checker = Checker([Crl(_root, s => s with { Entries = [CrlEntrySpec.Of(ca)] }), Crl(ca)]);

        checker.Check(path, 0).IsGood.ShouldBeTrue();
        checker.Check(path, 1).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
        checker.CheckPath(path).Failure!.Detail.ShouldContain("CN=ca");
    }

    [Fact]
    public void Without_a_CRL_of_the_roots_the_issuing_CAs_status_is_undetermined()
    {
        var ca = Issue("ca", _root, ca: true);
        var path = Path(Issue("leaf", ca), ca);

        var status = Checker([Crl(ca)]).CheckPath(path);

        status.Failure!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
        status.Failure.Detail.ShouldContain("CN=ca");
    }

    [Fact]
    public void Partitions_by_reason_must_together_cover_every_reason()
    {
        const ReasonFlags some = ReasonFlags.KeyCompromise | ReasonFlags.CaCompromise;
        var ca = Issue("ca", _root, ca: true);
        var path = Path(Issue("leaf", ca), ca);
        var first = Crl(ca, s => s with { IssuingDistributionPoint = new IdpSpec(OnlySomeReasons: some) });
        var rest = Crl(ca, s => s with { IssuingDistributionPoint = new IdpSpec(OnlySomeReasons: ReasonFlags.AllReasons & ~some), Number = 2 });

        var partial = Checker([Crl(_root), first]).Check(path, 0);

        partial.Failure!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
        partial.Failure.Detail.ShouldContain("only the reasons");
        Checker([Crl(_root), first, rest]).Check(path, 0).IsGood.ShouldBeTrue();
    }

    [Fact]
    public void A_delta_CRL_releases_a_hold_and_revokes_what_the_base_does_not_list()
    {
        var ca = Issue("ca", _root, ca: true);
        var held = Issue("held", ca);
        var late = Issue("late", ca);
        var complete = Crl(ca, s => s with { Number = 5, Entries = [CrlEntrySpec.Of(held, CrlReason.CertificateHold)] });
        var delta = Crl(ca, s => s with { Number = 6, DeltaBase = 5, Entries = [CrlEntrySpec.Of(held, CrlReason.RemoveFromCrl), CrlEntrySpec.Of(late)] });

        Checker([complete]).Check(Path(held, ca), 0).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
        Checker([complete, delta]).Check(Path(held, ca), 0).IsGood.ShouldBeTrue();
        Checker([complete, delta]).Check(Path(late, ca), 0).Failure!.Detail.ShouldContain("delta CRL 6");
    }

    [Fact]
    public void The_product_rule_does_not_let_another_key_of_the_same_name_vouch_for_a_certificate()
    {
        // As MOICA's generations: two CAs with one DN and different keys, both certified by the root.
        var generationOne = Issue("moica", _root, ca: true);
        var generationTwo = Issue("moica", _root, ca: true);
        var leaf = Issue("card", generationTwo);
        var path = Path(leaf, generationTwo);
        var onlyGenerationOnesCrl = new[] { Crl(_root), Crl(generationOne) };

        Checker(onlyGenerationOnesCrl, CrlSignerScope.AnyKeyOfTheCrlIssuer, generationOne, generationTwo).Check(path, 0).IsGood.ShouldBeTrue();
        var product = Checker(onlyGenerationOnesCrl, CrlSignerScope.IssuerKeyOrKeysItCertified, generationOne, generationTwo).Check(path, 0);
        product.Failure!.Code.ShouldBe(CertificateFailureCode.CrlBadSignature);
        product.Failure.Detail.ShouldContain("neither the issuer's key nor one it certified");
    }

    [Fact]
    public void A_CRL_signed_by_a_separate_key_counts_only_while_that_keys_certificate_is_good()
    {
        var ca = Issue("ca", _root, s => s with { KeyUsage = KeyUsageBits.KeyCertSign }, ca: true);
        var crlSigner = Issue("ca", _root, s => s with { KeyUsage = KeyUsageBits.CrlSign });
        var leaf = Issue("leaf", ca);
        var path = Path(leaf, ca);

        Checker([Crl(_root), Crl(crlSigner)], pool: [ca, crlSigner]).Check(path, 0).IsGood.ShouldBeTrue();
        var revokedSigner = Checker([Crl(_root, s => s with { Entries = [CrlEntrySpec.Of(crlSigner)] }), Crl(crlSigner)], pool: [ca, crlSigner]).Check(path, 0);
        revokedSigner.Failure!.Code.ShouldBe(CertificateFailureCode.CrlBadSignature);
        revokedSigner.Failure.Detail.ShouldContain("not in good standing");
    }

    [Fact]
    public void A_CRL_with_an_unknown_critical_extension_is_read_but_never_relied_on()
    {
        var ca = Issue("ca", _root, ca: true);
        var crl = Crl(ca, s => s with { UnknownCriticalExtension = true });

        crl.Defect!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
        Checker([Crl(_root), crl]).Check(Path(Issue("leaf", ca), ca), 0).Failure!.Detail.ShouldContain("not relied on");
    }
}
