using Domain.Certificates;
using Domain.Certificates.Revocation;
using Domain.Certificates.Validation;
using Domain.Tests.Certificates.Validation;
using LimboHarness.Cases;
using TestPki;
using TestPki.Ocsp;

namespace Domain.Tests.Certificates.Revocation;

/// <summary>Every test talks HTTP to the local OCSP responder on 127.0.0.1, answering for TestPki's MOICA g2.</summary>
public sealed class OcspClientTests(TaiwanPki taiwan) : IClassFixture<TaiwanPki>, IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private OcspResponder _responder = null!;
    private readonly PkixCertificate _moica = TaiwanTrust.Ca(taiwan.Pki, "moica-g2");

    public Task InitializeAsync()
    {
        // The root answers for the issuing CAs it certified (the manifest lists leaves only, hence no known-serial list).
        var root = OcspCa.From(taiwan.Pki, "grca") with { KnownSerials = null };
        _responder = OcspResponder.Start([root, .. OcspCa.AllOf(taiwan.Pki).Where(c => !c.CertificateDer.AsSpan().SequenceEqual(root.CertificateDer))], taiwan.Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _responder.DisposeAsync();
        _http.Dispose();
    }

    // Generous unless a test is about the timeout: a loaded CI machine must not turn a slow answer into OcspTimeout.
    private OcspClient Client(TimeSpan? timeout = null) =>
        new(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = _responder.Url, Timeout = timeout ?? TimeSpan.FromSeconds(30) }, taiwan.Clock);

    private Task<RevocationStatus> Ask(string leaf, TimeSpan? timeout = null) =>
        Client(timeout).CheckAsync(TaiwanTrust.Leaf(taiwan.Pki, leaf), _moica);

    [Fact]
    public async Task A_good_certificate_is_good()
    {
        var status = await Ask("citizen-moica2-rsa");

        status.IsGood.ShouldBeTrue(status.Failure?.ToString());
        _responder.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_revoked_certificate_is_revoked()
    {
        (await Ask("citizen-revoked")).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
    }

    [Fact]
    public async Task A_certificate_the_responder_does_not_know_is_unknown()
    {
        var extra = taiwan.Pki.IssueCitizenCard(new CitizenHolder("林美華", "F223456786"));

        var status = await Client().CheckAsync(PkixCertificate.FromPemOrDer(extra.CertificateDer), _moica);

        status.Failure!.Code.ShouldBe(CertificateFailureCode.OcspUnknown);
    }

    [Fact]
    public async Task A_response_signed_with_another_key_is_refused()
    {
        _responder.Behaviour = new() { SignWithWrongKey = true };

        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    [Fact]
    public async Task A_responder_the_CA_delegated_with_OCSPSigning_is_trusted()
    {
        _responder.Behaviour = new() { DelegatedResponder = Delegate(ekus: [Oids.OcspSigning]) };

        var status = await Ask("citizen-moica2-rsa");

        status.IsGood.ShouldBeTrue(status.Failure?.ToString());
    }

    [Fact]
    public async Task A_responder_certificate_without_OCSPSigning_is_not_trusted()
    {
        _responder.Behaviour = new() { DelegatedResponder = Delegate(ekus: [Oids.ClientAuth]) };

        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    [Fact]
    public async Task A_responder_certificate_from_another_CA_is_not_trusted()
    {
        _responder.Behaviour = new() { DelegatedResponder = Delegate(ekus: [Oids.OcspSigning], issuer: "moica-g1") };

        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    private (byte[], byte[]) Delegate(IReadOnlyList<string> ekus, string issuer = "moica-g2")
    {
        var responder = TestCertificates.Issue(new()
        {
            CommonName = "內政部憑證管理中心 OCSP", Issuer = TaiwanTrust.CaWithKey(taiwan.Pki, issuer), UseRsa = true, ExtendedKeyUsages = ekus,
            NotBefore = taiwan.Now.AddDays(-1), NotAfter = taiwan.Now.AddDays(30),
        });
        return (responder.Der, ((System.Security.Cryptography.RSA)responder.Key).ExportPkcs8PrivateKey());
    }

    [Fact]
    public async Task A_stale_response_is_refused()
    {
        _responder.Behaviour = new() { Stale = true };

        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspStale);
    }

    [Fact]
    public async Task A_response_from_the_future_is_refused()
    {
        var late = new OcspClient(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = _responder.Url },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(taiwan.Now.AddHours(-2)));

        (await late.CheckAsync(TaiwanTrust.Leaf(taiwan.Pki, "citizen-moica2-rsa"), _moica)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspStale);
    }

    [Fact]
    public async Task A_response_without_our_nonce_is_refused()
    {
        _responder.Behaviour = new() { Nonce = NonceBehaviour.Omit };
        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspNonceMismatch);

        _responder.Behaviour = new() { Nonce = NonceBehaviour.Wrong };
        (await Ask("citizen-moica2-rsa")).Failure!.Code.ShouldBe(CertificateFailureCode.OcspNonceMismatch);
    }

    [Fact]
    public async Task A_slow_responder_times_out()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };

        (await Ask("citizen-moica2-rsa", TimeSpan.FromMilliseconds(300))).Failure!.Code.ShouldBe(CertificateFailureCode.OcspTimeout);
    }

    [Fact]
    public async Task An_unreachable_responder_is_unavailable()
    {
        var url = _responder.Url;
        await _responder.DisposeAsync();
        _responder = OcspResponder.Start([]);
        var client = new OcspClient(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = url }, taiwan.Clock);

        (await client.CheckAsync(TaiwanTrust.Leaf(taiwan.Pki, "citizen-moica2-rsa"), _moica)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspUnavailable);
    }

    [Fact]
    public async Task The_validator_asks_OCSP_when_no_CRL_is_loaded_and_refuses_a_revoked_card()
    {
        var validator = taiwan.Validator(new RevocationOptions(), Client(), crls: new CrlStore());

        var good = await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen);
        good.IsValid.ShouldBeTrue(good.Failure?.ToString());
        (await validator.ValidateAsync(taiwan.Der("citizen-revoked"), CertificateKind.Citizen)).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
        // The card and MOICA itself (at the root's responder) for the good card; the revoked card stops at the card.
        _responder.RequestCount.ShouldBe(3);
    }

    [Fact]
    public async Task With_a_fresh_CRL_loaded_the_validator_does_not_touch_the_network()
    {
        var validator = taiwan.Validator(new RevocationOptions(), Client());

        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).IsValid.ShouldBeTrue();
        _responder.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task OCSP_first_falls_back_to_the_CRL_when_the_responder_times_out()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };
        var validator = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.OcspThenCrl }, Client(TimeSpan.FromMilliseconds(300)));

        (await validator.ValidateAsync(taiwan.Der("citizen-revoked"), CertificateKind.Citizen)).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_forged_OCSP_answer_is_not_overridden_by_the_CRL()
    {
        _responder.Behaviour = new() { SignWithWrongKey = true };
        var validator = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.OcspThenCrl }, Client());

        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    [Fact]
    public async Task OCSP_only_with_the_responder_down_fails_closed()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };
        var validator = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.OcspOnly }, Client(TimeSpan.FromMilliseconds(300)));

        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspTimeout);
    }
}
