using EndToEnd.Tests.Harness;
using TestPki;

namespace EndToEnd.Tests.CardSteps;

/// <summary>
/// The service for card-step tests: the harness's app and demo agent, on a clock pinned to the test PKI's reference
/// instant (every valid card valid, expired ones expired, revoked ones on a current CRL), whatever day the suite runs.
/// </summary>
public class CardStepFixture : ServiceUnderTest
{
    public PkiManifest Pki { get; } = TestPkiCache.Get();

    protected override bool UseFakeTime => true;

    protected override DateTimeOffset FakeTimeStart => Pki.ReferenceInstants.Now;
}
