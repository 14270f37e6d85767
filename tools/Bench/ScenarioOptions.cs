using System.Globalization;

namespace Bench;

/// <summary>A scenario's <c>--name value</c> options, read the same way by every scenario (<c>using static</c> this).</summary>
internal static class ScenarioOptions
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>
    /// The whole number after <paramref name="name"/>, or <paramref name="fallback"/> when the option is not given;
    /// a value that is not a number stops the run rather than measure something other than what was asked.
    /// </summary>
    public static int Option(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
}
