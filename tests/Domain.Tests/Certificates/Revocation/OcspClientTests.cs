using System.Security.Cryptography;
using Domain.Certificates.Revocation;
using Domain.Certificates.Validation;
using LimboHarness.Cases;
using TestPki.Ocsp;

namespace Domain.Tests.Certificates.Revocation;

/// <summary>Every test talks HTTP to the local responder on 127.0.0.1.</summary>
public sealed class OcspClientTests : IAsyncLifetime
{
    private readonly TestCertificate _ca = TestCertificates.Issue(new() { CommonName = "evs-ocsp-ca", IsCa = true, UseRsa = true });
    private readonly TestCertificate _good;
    private readonly TestCertificate _revoked;
    private readonly TestCertificate _unknown;
    private readonly HttpClient _http = new();
    private OcspResponder _responder = null!;

    public OcspClientTests()
    {
        _good = TestCertificates.Issue(new() { CommonName = "good", Issuer = _ca });
        _revoked = TestCertificates.Issue(new() { CommonName = "revoked", Issuer = _ca });
        _unknown = TestCertificates.Issue(new() { CommonName = "never-issued", Issuer = _ca });
    }

    public Task InitializeAsync()
    {
        var ca = new OcspCa(_ca.Der, ((RSA)_ca.Key).ExportPkcs8PrivateKey(),
            new HashSet<string> { _revoked.Parsed.SerialHex },
            new HashSet<string> { _good.Parsed.SerialHex, _revoked.Parsed.SerialHex });
        _responder = OcspResponder.Start([ca]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _responder.DisposeAsync();
        _http.Dispose();
    }

    private OcspClient Client(TimeSpan? timeout = null) =>
        new(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = _responder.Url, Timeout = timeout ?? TimeSpan.FromSeconds(5) }, TimeProvider.System);

    private Task<RevocationStatus> Ask(TestCertificate leaf, TimeSpan? timeout = null) => Client(timeout).CheckAsync(leaf.Parsed, _ca.Parsed);

    [Fact]
    public async Task A_good_certificate_is_good()
    {
        var status = await Ask(_good);

        status.IsGood.ShouldBeTrue(status.Failure?.ToString());
        _responder.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_revoked_certificate_is_revoked()
    {
        (await Ask(_revoked)).Failure!.Code.ShouldBe(CertificateFailureCode.Revoked);
    }

    [Fact]
    public async Task A_certificate_the_responder_does_not_know_is_unknown()
    {
        (await Ask(_unknown)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspUnknown);
    }

    [Fact]
    public async Task A_response_signed_with_another_key_is_refused()
    {
        _responder.Behaviour = new() { SignWithWrongKey = true };

        (await Ask(_good)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    [Fact]
    public async Task A_stale_response_is_refused()
    {
        _responder.Behaviour = new() { Stale = true };

        (await Ask(_good)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspStale);
    }

    [Fact]
    public async Task A_response_without_our_nonce_is_refused()
    {
        _responder.Behaviour = new() { Nonce = NonceBehaviour.Omit };
        (await Ask(_good)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspNonceMismatch);

        _responder.Behaviour = new() { Nonce = NonceBehaviour.Wrong };
        (await Ask(_good)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspNonceMismatch);
    }

    [Fact]
    public async Task A_slow_responder_times_out()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };

        var status = await Ask(_good, TimeSpan.FromMilliseconds(300));

        status.Failure!.Code.ShouldBe(CertificateFailureCode.OcspTimeout);
    }

    [Fact]
    public async Task An_unreachable_responder_is_unavailable()
    {
        var url = _responder.Url;
        await _responder.DisposeAsync();
        _responder = OcspResponder.Start([]);
        var client = new OcspClient(new HttpOcspTransport(_http), new OcspOptions { ResponderOverride = url }, TimeProvider.System);

        (await client.CheckAsync(_good.Parsed, _ca.Parsed)).Failure!.Code.ShouldBe(CertificateFailureCode.OcspUnavailable);
    }
}
