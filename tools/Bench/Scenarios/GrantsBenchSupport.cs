using System.Globalization;

namespace Bench.Scenarios;

/// <summary>What the grant scenarios share: the seeded folder, a text option with a default, latency percentiles.</summary>
internal static class GrantsBenchSupport
{
    /// <summary>The seeded store tools/Seed writes (docs/grants.md, "Seeding").</summary>
    public const string DefaultFolder = "/tmp/evs-grants-1m";

    public static string Option(string[] args, string name, string fallback) => ScenarioOptions.Option(args, name) ?? fallback;

    /// <summary>The nearest-rank percentile of sorted milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
