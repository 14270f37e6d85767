using Microsoft.Extensions.Time.Testing;
using TestPki;

namespace Pkix.Tests.Support;

/// <summary>The generated test PKI (seed 2026) as test material, with a clock pinned at its reference "now".</summary>
public sealed class GeneratedPki
{
    public PkiManifest Pki { get; } = TestPkiCache.Get();

    public DateTimeOffset Now => Pki.ReferenceInstants.Now;

    public FakeTimeProvider Clock => new(Now);
}
