using LimboHarness.Cases;
using LimboHarness.Cases.PkitsStyle;
using Pkix.Revocation;
using Pkix.Validation;

namespace Pkix.Tests.Revocation;

public class CrlIndexTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestCertificate _ca = TestCertificates.Issue(new() { CommonName = "evs-test-ca", IsCa = true });

    private TestCertificate Leaf() => TestCertificates.Issue(new() { CommonName = "leaf", Issuer = _ca });

    private static byte[] SerialOf(TestCertificate certificate) => certificate.Certificate.GetSerialNumber().Reverse().ToArray();

    [Fact]
    public void A_listed_serial_is_revoked_and_others_are_not()
    {
        var revoked = Leaf();
        var good = Leaf();
        var load = CrlIndex.Load(_ca.IssueCrl([SerialOf(revoked)], Now.AddDays(-1), Now.AddDays(7)), _ca.Parsed);

        load.Failure.ShouldBeNull();
        load.Index!.Contains(revoked.Parsed.SerialHex).ShouldBeTrue();
        load.Index.Contains(good.Parsed.SerialHex).ShouldBeFalse();
        load.Index.IssuerKeyId.ShouldBe(_ca.Parsed.KeyIdHex);
        load.Index.CheckFreshness(Now, TimeSpan.Zero).ShouldBeNull();
    }

    [Fact]
    public void A_CRL_signed_by_another_key_under_the_same_name_is_refused()
    {
        var impostor = TestCertificates.Issue(new() { CommonName = "evs-test-ca", IsCa = true });
        var crl = impostor.IssueCrl([], Now.AddDays(-1), Now.AddDays(7));

        var load = CrlIndex.Load(crl, _ca.Parsed);

        load.Index.ShouldBeNull();
        load.Failure!.Code.ShouldBe(CertificateFailureCode.CrlBadSignature);
    }

    [Fact]
    public void A_CRL_of_another_issuer_is_refused()
    {
        var other = TestCertificates.Issue(new() { CommonName = "evs-other-ca", IsCa = true });

        CrlIndex.Load(other.IssueCrl([], Now.AddDays(-1), Now.AddDays(7)), _ca.Parsed).Failure!.Code.ShouldBe(CertificateFailureCode.CrlBadSignature);
    }

    [Fact]
    public void A_CRL_past_its_next_update_is_stale_and_one_from_the_future_too()
    {
        var old = CrlIndex.Load(_ca.IssueCrl([], Now.AddDays(-10), Now.AddDays(-3)), _ca.Parsed).Index!;
        var future = CrlIndex.Load(_ca.IssueCrl([], Now.AddDays(1), Now.AddDays(8)), _ca.Parsed).Index!;

        old.CheckFreshness(Now, TimeSpan.FromMinutes(5))!.Code.ShouldBe(CertificateFailureCode.CrlStale);
        future.CheckFreshness(Now, TimeSpan.FromMinutes(5))!.Code.ShouldBe(CertificateFailureCode.CrlStale);
        old.CheckFreshness(Now.AddDays(-4), TimeSpan.Zero).ShouldBeNull();
    }

    [Fact]
    public void A_CRL_listing_a_serial_twice_is_not_relied_on()
    {
        var serial = SerialOf(Leaf());

        CrlIndex.Load(_ca.IssueScopedCrl([serial, serial], Now.AddDays(-1), Now.AddDays(7), []), _ca.Parsed).Failure!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
    }

    [Fact]
    public void A_CRL_breaking_the_encoding_rules_is_no_CRL_while_one_with_a_defect_is_read_with_it()
    {
        var signer = PkitsCertificates.Issue(new CertificateSpec { Subject = [new("CN", "crl reader ca")], IsCa = true }, "crl reader ca");
        byte[] Crl(string label, CrlSpec spec) => PkitsCrls.Issue(spec, "crl reader " + label);

        // RFC 5280 5.1.2.4: a date before 2050 in GeneralizedTime breaks the profile.
        CrlIndex.Parse(Crl("generalized 2031", new CrlSpec { Signer = signer, NextUpdateGeneralized = true })).Failure!.Code.ShouldBe(CertificateFailureCode.Malformed);
        var defective = CrlIndex.Parse(Crl("unknown extension", new CrlSpec { Signer = signer, UnknownCriticalExtension = true })).Index!;
        defective.Defect!.Detail.ShouldContain("critical extension");
        CrlIndex.Load(Crl("unknown extension 2", new CrlSpec { Signer = signer, UnknownCriticalExtension = true }), signer.Parsed, SignatureAlgorithmPolicy.Rfc5280)
            .Failure!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
    }

    [Fact]
    public void Entries_keep_their_reason_and_indirect_entries_their_certificate_issuer()
    {
        var signer = PkitsCertificates.Issue(new CertificateSpec { Subject = [new("CN", "indirect reader ca")], IsCa = true }, "indirect reader ca");
        var other = PkitsCertificates.Issue(new CertificateSpec { Subject = [new("CN", "other issuer")], IsCa = true }, "indirect reader other");
        var own = PkitsCertificates.Issue(new CertificateSpec { Subject = [new("CN", "own leaf")], Issuer = signer }, "indirect reader own leaf");
        var theirs = PkitsCertificates.Issue(new CertificateSpec { Subject = [new("CN", "their leaf")], Issuer = other, Serial = own.Serial }, "indirect reader their leaf");
        var crl = CrlIndex.Parse(PkitsCrls.Issue(new CrlSpec
        {
            Signer = signer,
            IssuingDistributionPoint = new IdpSpec(Indirect: true),
            Entries = [new CrlEntrySpec(own.Serial, CrlReason.CertificateHold), new CrlEntrySpec(7, CrlReason.Superseded, other.Subject), new CrlEntrySpec(own.Serial)],
        }, "indirect reader crl")).Index!;

        crl.Defect.ShouldBeNull();
        crl.ReasonFor(own.Parsed).ShouldBe(CrlReason.CertificateHold);
        // The third entry inherits certificateIssuer from the second (RFC 5280 5.3.3): the same serial, the other CA's certificate.
        crl.ReasonFor(theirs.Parsed).ShouldBe(CrlReason.Unspecified);
        crl.Count.ShouldBe(3);
    }

    [Fact]
    public void Garbage_is_malformed_not_an_exception()
    {
        CrlIndex.Load([0x30, 0x03, 0x02, 0x01], _ca.Parsed).Failure!.Code.ShouldBe(CertificateFailureCode.Malformed);
        CrlIndex.Load("-----BEGIN X509 CRL-----\n!!\n-----END X509 CRL-----"u8, _ca.Parsed).Failure!.Code.ShouldBe(CertificateFailureCode.Malformed);
    }

    [Fact]
    public void The_store_keeps_the_newer_CRL_per_issuing_key()
    {
        var revoked = Leaf();
        var store = new CrlStore();
        store.Add(CrlIndex.Load(_ca.IssueCrl([SerialOf(revoked)], Now.AddDays(-1), Now.AddDays(7)), _ca.Parsed).Index!);
        store.Add(CrlIndex.Load(_ca.IssueCrl([], Now.AddDays(-2), Now.AddDays(7)), _ca.Parsed).Index!);

        store.For(_ca.Parsed)!.Contains(revoked.Parsed.SerialHex).ShouldBeTrue();
    }
}
