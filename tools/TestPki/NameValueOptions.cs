using System.Globalization;

namespace Tools;

/// <summary>
/// The <c>--name value</c> options of the command-line tools (TestPki, Replay); one source file each tool compiles in
/// (Replay links it), so both read their options the same way.
/// </summary>
internal static class NameValueOptions
{
    /// <summary>The options by name (without the dashes); null when an argument is not an option name or a name has no value.</summary>
    public static Dictionary<string, string>? Parse(IEnumerable<string> arguments)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        using var list = arguments.GetEnumerator();
        while (list.MoveNext())
        {
            if (!list.Current.StartsWith("--", StringComparison.Ordinal))
                return null;
            var name = list.Current[2..];
            if (!list.MoveNext())
                return null;
            options[name] = list.Current;
        }

        return options;
    }

    /// <summary>The option as a whole number (thousands separators allowed), or null when it is missing or not a number.</summary>
    public static long? Number(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n : null;
}
