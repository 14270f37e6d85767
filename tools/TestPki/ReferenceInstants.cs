namespace TestPki;

/// <summary>
/// The fixed instants the test PKI is built around (never "now"), recorded in the manifest so
/// validator tests can pin a FakeTimeProvider to them. Valid leaves stay valid on any plausible run
/// date up to 2035; expired and not-yet-valid leaves are far outside it.
/// </summary>
public sealed record ReferenceInstants
{
    /// <summary>A moment when every valid leaf is valid, expired ones expired, revoked ones revoked and every CRL current.</summary>
    public DateTimeOffset Now { get; init; } = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A moment when the revoked leaves were valid and not yet revoked (and no CRL had been issued).</summary>
    public DateTimeOffset BeforeRevocations { get; init; } = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A moment after every valid leaf expired and every CRL's next update passed.</summary>
    public DateTimeOffset AfterValidLeavesExpire { get; init; } = new(2036, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset CaNotBefore { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset CaNotAfter { get; init; } = new(2049, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public DateTimeOffset ValidNotBefore { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset ValidNotAfter { get; init; } = new(2035, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public DateTimeOffset ExpiredNotBefore { get; init; } = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset ExpiredNotAfter { get; init; } = new(2012, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public DateTimeOffset NotYetValidNotBefore { get; init; } = new(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset NotYetValidNotAfter { get; init; } = new(2049, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>When the revoked leaves were revoked (as the CRLs say).</summary>
    public DateTimeOffset RevokedAt { get; init; } = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public DateTimeOffset CrlThisUpdate { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset CrlNextUpdate { get; init; } = new(2035, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public (DateTimeOffset NotBefore, DateTimeOffset NotAfter) LeafValidity(LeafCase leafCase) => leafCase switch
    {
        LeafCase.Expired => (ExpiredNotBefore, ExpiredNotAfter),
        LeafCase.NotYetValid => (NotYetValidNotBefore, NotYetValidNotAfter),
        _ => (ValidNotBefore, ValidNotAfter),
    };
}
