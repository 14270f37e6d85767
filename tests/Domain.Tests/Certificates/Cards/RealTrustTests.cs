using Domain.Certificates;
using Domain.Certificates.Cards;
using Domain.ReferenceData;
using Microsoft.Extensions.Time.Testing;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;

namespace Domain.Tests.Certificates.Cards;

/// <summary>
/// The trust configuration docs/deployment.md names, over the real GPKI certificates of tools/TestPki/realpki, at instants
/// inside their validity: what the audit reports at load, and what card validation says about the real leaves.
/// </summary>
public class RealTrustTests
{
    private static readonly DateTimeOffset In2015 = new(2015, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset In2025 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static PkixCertificate Real(string file) => PkixCertificate.FromPemOrDer(RealPki.Der(file));

    private static TrustConfiguration Trust(PkixCertificate[] anchors, PkixCertificate[] citizenCas, PkixCertificate[] organisationCas, params string[] denied) => new()
    {
        Kinds = new Dictionary<CertificateKind, KindTrust>
        {
            [CertificateKind.Citizen] = new(anchors, citizenCas),
            [CertificateKind.Organisation] = new(anchors, organisationCas),
        },
        DeniedKeyIds = new HashSet<string>(denied, StringComparer.OrdinalIgnoreCase),
    };

    private static TrustConfiguration Documented() =>
        Trust([Real(RealPki.GrcaG2), Real(RealPki.GrcaG3)], [Real(RealPki.MoicaG2), Real(RealPki.MoicaG3)], [Real(RealPki.MoeacaG2)]);

    [Fact]
    public void The_documented_anchors_and_issuing_CAs_are_all_usable_in_2025()
    {
        TrustAudit.Check(Documented(), In2025).ShouldBeEmpty();
    }

    [Fact]
    public void GRCA_G1_as_the_only_anchor_is_reported_unusable_and_so_is_every_current_CA_under_it()
    {
        var trust = Trust([Real(RealPki.GrcaG1)], [Real(RealPki.MoicaG2), Real(RealPki.MoicaG3)], [Real(RealPki.MoeacaG2)]);

        var problems = TrustAudit.Check(trust, In2025);

        // G1 marks basicConstraints non-critical (and has no keyUsage): validation refuses it as an anchor.
        problems.Where(p => p.Role == TrustRole.Anchor).Select(p => (p.Kind, p.Failure.Code)).ShouldBe(
            [(CertificateKind.Organisation, CertificateFailureCode.BasicConstraints), (CertificateKind.Citizen, CertificateFailureCode.BasicConstraints)], ignoreOrder: true);
        problems.Where(p => p.Role == TrustRole.Issuing).Select(p => p.Subject).ShouldBe(
            ["OU=內政部憑證管理中心,O=行政院,C=TW", "OU=內政部憑證管理中心,O=行政院,C=TW", "OU=工商憑證管理中心,O=行政院,C=TW"], ignoreOrder: true);
        problems.ShouldAllBe(p => p.Sha256Fingerprint.Length == 64);
        problems[0].ToString().ShouldContain("can never validate a card");
    }

    [Fact]
    public void MOICA_G1_under_GRCA_G2_is_reported_it_chains_to_G1s_key()
    {
        // In 2015 (before GRCA G3 existed) MOICA G1 was still valid: it is refused for its path, not its age.
        var trust = Trust([Real(RealPki.GrcaG2)], [Real(RealPki.MoicaG1), Real(RealPki.MoicaG2)], [Real(RealPki.MoeacaG2)]);

        var problem = TrustAudit.Check(trust, In2015).ShouldHaveSingleItem();

        problem.Role.ShouldBe(TrustRole.Issuing);
        problem.Failure.Code.ShouldBe(CertificateFailureCode.UntrustedIssuer);
        problem.Sha256Fingerprint.ShouldBe(TrustAudit.Fingerprint(Real(RealPki.MoicaG1)));
    }

    [Fact]
    public void An_issuing_CA_past_its_validity_is_reported_as_expired()
    {
        var problems = TrustAudit.Check(Documented(), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));

        problems.ShouldContain(p => p.Role == TrustRole.Issuing && p.Failure.Code == CertificateFailureCode.Expired
            && p.Sha256Fingerprint == TrustAudit.Fingerprint(Real(RealPki.MoicaG2)));
        problems.ShouldNotContain(p => p.Sha256Fingerprint == TrustAudit.Fingerprint(Real(RealPki.MoicaG3)));
    }

    private static CardCertificateValidator Validator(TrustConfiguration trust, DateTimeOffset at) =>
        // No CRL of 2015 is at hand: revocation soft-fails, so what is judged is the path and the card rules.
        new(trust, new CrlStore(), null, new RevocationOptions { Mode = RevocationMode.CrlOnly, SoftFail = true }, new FakeTimeProvider(at));

    [Fact]
    public async Task The_real_MOEACA_company_card_validates_to_GRCA_G2_as_an_organisation_card_with_its_business_number()
    {
        var result = await Validator(Documented(), In2015).ValidateAsync(RealPki.Der(RealPki.MoeacaCompany), CertificateKind.Organisation);

        result.Failure.ShouldBeNull();
        result.Certificate!.Path.Anchor.KeyIdHex.ShouldBe(Real(RealPki.GrcaG2).KeyIdHex);
        result.Certificate.Path.Issuer.Subject.ToString().ShouldBe("OU=工商憑證管理中心,O=行政院,C=TW");
        result.Certificate.Facts.OrganisationIdentifier.ShouldBe("70759028");
    }

    [Fact]
    public async Task The_real_MOEACA_card_is_refused_as_a_citizen_card_and_the_XCA_card_lacks_its_CA()
    {
        var validator = Validator(Documented(), In2015);

        (await validator.ValidateAsync(RealPki.Der(RealPki.MoeacaCompany), CertificateKind.Citizen)).Failure!.Check.ShouldBe(CardCheck.WrongKind);
        // XCA's CA certificate is not among the real ones at hand: an operator adds it (docs/deployment.md).
        (await validator.ValidateAsync(RealPki.Der(RealPki.XcaSchool), CertificateKind.Organisation)).Failure!.Certificate.ShouldBe(CertificateFailureCode.UntrustedIssuer);
    }

    [Theory]
    [InlineData(RealPki.TestMoicaG3A, "EA7A4AAB78C2DA9228E0511AE3DB704F8C01B558", CertificateKind.Citizen)]
    [InlineData(RealPki.TestMoicaG3B, "EA7A4AAB78C2DA9228E0511AE3DB704F8C01B558", CertificateKind.Citizen)]
    [InlineData(RealPki.TestGtestca, "4BF64A7768D394C4E3B560DC0E1BEFA9BA7BF653", CertificateKind.Organisation)]
    [InlineData(RealPki.TestGtestca2MoeacaProfile, "77AFD06587EE1DC8A9F697A025470EC995DA71AB", CertificateKind.Organisation)]
    public async Task A_real_test_CA_certificate_is_refused_once_its_CA_key_id_is_denied(string file, string testCaKeyId, CertificateKind kind)
    {
        var denied = Trust([Real(RealPki.GrcaG2), Real(RealPki.GrcaG3)], [Real(RealPki.MoicaG2), Real(RealPki.MoicaG3)], [Real(RealPki.MoeacaG2)], testCaKeyId);
        var at = Real(file).NotBefore.AddDays(1);

        var result = await Validator(denied, at).ValidateAsync(RealPki.Der(file), kind);

        result.Failure!.Check.ShouldBe(CardCheck.TestCertificate);
    }

    [Fact]
    public void The_production_trust_list_names_the_real_certificates_fingerprints()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "certificate-validation.md"));
        var section = docs[docs.IndexOf("## Production trust list", StringComparison.Ordinal)..];
        var listed = new[] { RealPki.GrcaG2, RealPki.GrcaG3, RealPki.MoicaG2, RealPki.MoicaG3, RealPki.MoeacaG2 };
        var notListed = new[] { RealPki.GrcaG1, RealPki.GrcaG1ToG2Link, RealPki.MoicaG1 };

        foreach (var file in listed)
            section.ShouldContain($"| `{TrustAudit.Fingerprint(Real(file))}` |", customMessage: file);
        foreach (var file in notListed)
            section.ShouldContain($"(`{TrustAudit.Fingerprint(Real(file))}`", customMessage: file);
        // The documented list is the one the audit finds clean.
        TrustAudit.Check(Trust([.. listed.Take(2).Select(Real)], [.. listed.Skip(2).Take(2).Select(Real)], [Real(RealPki.MoeacaG2)]), In2025).ShouldBeEmpty();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EventSourced.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("EventSourced.sln not found above " + AppContext.BaseDirectory);
    }
}
