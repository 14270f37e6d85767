using Domain.Certificates.Cards;

namespace Web.CardSteps.Trust;

/// <summary>
/// What the trust material in use says about itself (<see cref="TrustAudit"/>): every anchor or issuing CA that could
/// never validate a card. Each store reports when it loads or rebuilds its snapshot (at start-up through the warm-up,
/// after a trust import on first use); each problem goes to the log as an error, and /health lists the latest report.
/// </summary>
public sealed class TrustHealth(ILogger<TrustHealth> logger)
{
    private volatile Report? _latest;

    /// <summary>The latest report, or null before any trust material loaded.</summary>
    public Report? Latest => _latest;

    public void Record(string source, IReadOnlyList<TrustProblem> problems, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var problem in problems)
            logger.LogError("Trust material ({Source}): {Problem}", source, problem);
        _latest = new Report(source, problems, checkedAt);
    }

    /// <param name="Source">Where the material came from: <c>files</c> (Web:Trust) or <c>import</c> (the trust-list import).</param>
    public sealed record Report(string Source, IReadOnlyList<TrustProblem> Problems, DateTimeOffset CheckedAt);
}
