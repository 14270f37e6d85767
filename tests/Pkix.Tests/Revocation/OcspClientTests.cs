using LimboHarness.Cases;
using Pkix.Revocation;
using Pkix.Tests.Support;
using Pkix.Validation;
using TestPki;
using TestPki.Ocsp;

namespace Pkix.Tests.Revocation;

/// <summary>
/// The OCSP client against TestPki's responder answering for MOICA g2, carried in process (Pkix does no I/O; the
/// host's HTTP transport is tested in Web.Tests).
/// </summary>
public sealed class OcspClientTests(GeneratedPki taiwan) : IClassFixture<GeneratedPki>, IAsyncLifetime
{
    private OcspResponder _responder = null!;
    private readonly PkixCertificate _moica = TaiwanTrust.Ca(taiwan.Pki, "moica-g2");

    public Task InitializeAsync()
    {
        _responder = OcspResponder.Start(OcspCa.AllOf(taiwan.Pki), taiwan.Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _responder.DisposeAsync();

    // Generous unless a test is about the timeout: a loaded CI machine must not turn a slow answer into OcspTimeout.
    private OcspClient Client(TimeSpan? timeout = null) =>
        new(_responder.InProcess, new OcspOptions { ResponderOverride = _responder.Url, Timeout = timeout ?? TimeSpan.FromSeconds(30) }, taiwan.Clock);

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
        _responder.Behaviour = new() { DelegatedResponder = Delegate(ekus: [Oids.OcspSigning], issuer: "moica-g3") };

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
        var late = new OcspClient(_responder.InProcess, new OcspOptions { ResponderOverride = _responder.Url },
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
        var client = Client();
        await _responder.DisposeAsync();

        (await client.CheckAsync(TaiwanTrust.Leaf(taiwan.Pki, "citizen-moica2-rsa"), _moica)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspUnavailable);
        _responder = OcspResponder.Start([]);
    }
}
