using System.Text;

namespace Web.Exports;

/// <summary>
/// How every CSV file this service writes is made (grant exports, audit history): UTF-8 with a byte-order mark (so
/// Excel reads the Chinese), RFC 4180 quoting, and cells that a spreadsheet would read as a formula prefixed with an
/// apostrophe.
/// </summary>
public static class CsvText
{
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>One record, CRLF-terminated.</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
