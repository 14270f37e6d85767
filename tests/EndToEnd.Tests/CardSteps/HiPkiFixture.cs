using EndToEnd.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// A PC with HiPKI Local Server and no card agent of ours: the service's agent URL points at a port nobody listens on,
/// its HiPKI URL at the stand-in (on the test PKI's reference instant, like the service), and every card step accepts
/// HiPKI (Web:Signers). <see cref="TrustedHosts"/>: the stand-in's trusted-site list at start.
/// </summary>
public class HiPkiFixture : CardStepFixture, IAsyncLifetime
{
    private readonly int _deadAgentPort = FreePort.Next();
    private HiPkiStandIn? _hipki;

    public HiPkiStandIn HiPki => _hipki ?? throw new InvalidOperationException("not started");

    protected virtual string[] TrustedHosts => ["127.0.0.1"];

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Web:CardAgentUrl", $"http://127.0.0.1:{_deadAgentPort}"),
        new("Web:HiPkiUrl", HiPki.Origin),
        new("Web:Signers:Default:0", "Agent"),
        new("Web:Signers:Default:1", "HiPki"),
        new("Web:Signers:Steps:registration-:1", "HiPki"),
        new("Web:Signers:Steps:grants-:1", "HiPki"),
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        _hipki = await HiPkiStandIn.StartAsync(Path.Combine(DataDirectory, "hipki-cards"), new FakeTimeProvider(Pki.ReferenceInstants.Now), TrustedHosts);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_hipki is not null)
            await _hipki.DisposeAsync();
    }
}

/// <summary>The same PC before the user has added the service to HiPKI's trusted sites.</summary>
public sealed class UntrustedHiPkiFixture : HiPkiFixture
{
    protected override string[] TrustedHosts => [];
}
