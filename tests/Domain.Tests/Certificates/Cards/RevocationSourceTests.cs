using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki.Ocsp;

namespace Domain.Tests.Certificates.Cards;

/// <summary>
/// Which revocation source the card validator asks (loaded CRLs, OCSP) and what it does when one does not answer:
/// TestPki's responder for MOICA g2 and the root, carried in process.
/// </summary>
public sealed class RevocationSourceTests(TaiwanPki taiwan) : IClassFixture<TaiwanPki>, IAsyncLifetime
{
    private OcspResponder _responder = null!;

    public Task InitializeAsync()
    {
        _responder = OcspResponder.Start(OcspCa.AllOf(taiwan.Pki), taiwan.Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _responder.DisposeAsync();

    // Generous unless a test is about the timeout: a loaded CI machine must not turn a slow answer into OcspTimeout.
    private OcspClient Client(TimeSpan? timeout = null) =>
        new(_responder.InProcess, new OcspOptions { ResponderOverride = _responder.Url, Timeout = timeout ?? TimeSpan.FromSeconds(30) }, taiwan.Clock);

    [Fact]
    public async Task The_validator_asks_OCSP_when_no_CRL_is_loaded_and_refuses_a_revoked_card()
    {
        var validator = taiwan.Validator(new RevocationOptions(), Client(), crls: new CrlStore());

        var good = await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen);
        good.IsValid.ShouldBeTrue(good.Failure?.ToString());
        (await validator.ValidateAsync(taiwan.Der("citizen-revoked"), CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
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

        (await validator.ValidateAsync(taiwan.Der("citizen-revoked"), CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.Revoked);
        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_forged_OCSP_answer_is_not_overridden_by_the_CRL()
    {
        _responder.Behaviour = new() { SignWithWrongKey = true };
        var validator = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.OcspThenCrl }, Client());

        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.OcspBadSignature);
    }

    [Fact]
    public async Task OCSP_only_with_the_responder_down_fails_closed()
    {
        _responder.Behaviour = new() { Delay = TimeSpan.FromSeconds(3) };
        var validator = taiwan.Validator(new RevocationOptions { Mode = RevocationMode.OcspOnly }, Client(TimeSpan.FromMilliseconds(300)));

        (await validator.ValidateAsync(taiwan.Der("citizen-moica2-rsa"), CertificateKind.Citizen)).Failure!.Certificate.ShouldBe(CertificateFailureCode.OcspTimeout);
    }
}
