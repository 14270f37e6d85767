using System.Globalization;

namespace Bench.Scenarios;

/// <summary>What the grant scenarios share: their options and latency percentiles.</summary>
internal static class GrantsBenchSupport
{
    /// <summary>The seeded store tools/Seed writes (docs/grants.md, "Seeding").</summary>
    public const string DefaultFolder = "/tmp/evs-grants-1m";

    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static int Option(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>The nearest-rank percentile of sorted milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
