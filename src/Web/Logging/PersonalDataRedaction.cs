using System.Text.RegularExpressions;

namespace Web.Logging;

/// <summary>Removes what could be personal data from text bound for a log (a URL path, above all).</summary>
public static partial class PersonalDataRedaction
{
    /// <summary>
    /// Each national-ID-shaped run (a letter and nine digits, any case) and each run of four or more digits
    /// (a PIN, a phone number, part of an ID) becomes <c>[redacted]</c>.
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Digits().Replace(NationalIdShape().Replace(text, "[redacted]"), "[redacted]");
    }

    // Deliberately wider than a valid ID (no checksum, any second digit): a mistyped ID is personal data too.
    [GeneratedRegex("[A-Za-z][0-9]{9}")]
    private static partial Regex NationalIdShape();

    [GeneratedRegex("[0-9]{4,}")]
    private static partial Regex Digits();
}
