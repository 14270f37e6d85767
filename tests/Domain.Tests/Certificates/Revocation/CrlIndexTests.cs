using Domain.Certificates.Revocation;
using Domain.Certificates.Validation;
using LimboHarness.Cases;

namespace Domain.Tests.Certificates.Revocation;

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
    public void A_partitioned_CRL_speaks_only_for_certificates_naming_its_distribution_point()
    {
        const string partition = "http://crl.example.com/1.crl";
        var inside = TestCertificates.Issue(new() { CommonName = "in", Issuer = _ca, ExtraExtensions = [TestCertificates.CrlDistributionPoints(partition)] });
        var outside = Leaf();
        var index = CrlIndex.Load(_ca.IssueScopedCrl([], Now.AddDays(-1), Now.AddDays(7), [partition]), _ca.Parsed).Index!;

        index.CheckScope(inside.Parsed).ShouldBeNull();
        index.CheckScope(outside.Parsed)!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
        CrlIndex.Load(_ca.IssueScopedCrl([], Now.AddDays(-1), Now.AddDays(7), [], onlyCaCertificates: true), _ca.Parsed).Index!
            .CheckScope(outside.Parsed)!.Code.ShouldBe(CertificateFailureCode.RevocationUnknown);
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
