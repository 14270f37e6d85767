using EndToEnd.Tests.Harness;
using TestPki;
using DemoHost.DemoData;

namespace EndToEnd.Tests.Admin.ReferenceData;

/// <summary>
/// Gives a browser test the demo reference data (about 200 agencies, 2,000 personnel reports, the 2025–2027
/// office calendar, terms, function catalogue and trust list; every holder of the test PKI's cards included)
/// through the real import path. Seeds once per store; a second call does nothing.
/// <code>await service.SeedReferenceDataAsync();</code>
/// </summary>
public static class ReferenceDataSeeding
{
    public static Task<DemoSeedResult> SeedReferenceDataAsync(this ServiceUnderTest service, PkiManifest? pki = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        return DemoDataSeeder.SeedReferenceDataAsync(service.Services, pki ?? TestPkiCache.Get());
    }
}
