using System.Globalization;
using System.Text;

namespace Domain.ReferenceData;

/// <summary>
/// One data row of a reference-data CSV: its line number and its fields by header name. Problems found
/// while reading its fields go to the import's shared list.
/// </summary>
internal sealed class CsvRow(int line, List<string> fields, IReadOnlyDictionary<string, int> columnIndex, List<ReferenceDataProblem> problems)
{
    private int problemCount;

    public int Line { get; } = line;

    /// <summary>Whether reading this row's fields has reported nothing so far.</summary>
    public bool IsValid => problemCount == 0;

    /// <summary>The trimmed field, "" when the row is shorter than the header.</summary>
    public string this[string column] => columnIndex.TryGetValue(column, out var i) && i < fields.Count ? fields[i] : "";

    /// <summary>The field, or null with a problem recorded when it is blank.</summary>
    public string? Required(string column)
    {
        var value = this[column];
        if (value.Length > 0)
            return value;
        Problem(column, "value-missing", $"「{column}」欄不可空白。");
        return null;
    }

    /// <summary>The field, or null when it is blank.</summary>
    public string? Optional(string column) => this[column] is { Length: > 0 } value ? value : null;

    /// <summary>An ISO 8601 calendar date (2026-11-23), or null with a problem recorded.</summary>
    public DateOnly? Date(string column)
    {
        var value = Required(column);
        if (value is null)
            return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Problem(column, "date-invalid", $"「{value}」不是 yyyy-MM-dd 格式的西元日期（例如 2026-11-23）。");
        return null;
    }

    /// <summary>An <see cref="ReferenceData.AgencyCode"/>, or null with a problem recorded.</summary>
    public AgencyCode? AgencyCode(string column)
    {
        var parse = ReferenceData.AgencyCode.Parse(this[column]);
        if (parse.Code is null)
            Problem(column, "code-invalid", parse.Message!);
        return parse.Code;
    }

    public void Problem(string? column, string code, string message)
    {
        problemCount++;
        problems.Add(new ReferenceDataProblem(Line, column, code, message));
    }
}

/// <summary>
/// Reads the reference-data CSV dialect (RFC 4180: comma separated, double quotes with "" escapes,
/// CRLF or LF, optional UTF-8 BOM, a header row) from text, checking the header against the columns a
/// file kind requires. Every problem is reported with its line; nothing is read from disk here.
/// </summary>
internal static class CsvTable
{
    public static IReadOnlyList<CsvRow> Read(string text, IReadOnlyList<string> columns, List<ReferenceDataProblem> problems)
    {
        var records = Split(text ?? "", problems);
        if (problems.Count > 0)
            return [];
        if (records.Count == 0)
        {
            problems.Add(new ReferenceDataProblem(0, null, "file-empty", $"檔案是空的；第一行應為欄位名稱：{string.Join(",", columns)}。"));
            return [];
        }

        var (headerLine, header) = records[0];
        var names = header.Select(h => h.ToLowerInvariant()).ToList();
        foreach (var missing in columns.Where(c => !names.Contains(c)))
            problems.Add(new ReferenceDataProblem(headerLine, missing, "column-missing", $"缺少「{missing}」欄。"));
        foreach (var name in names.Where(n => !columns.Contains(n)))
            problems.Add(new ReferenceDataProblem(headerLine, name, "column-unknown", $"不認得「{name}」欄；可用的欄位為 {string.Join(",", columns)}。"));
        foreach (var twice in names.GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add(new ReferenceDataProblem(headerLine, twice.Key, "column-repeated", $"「{twice.Key}」欄出現了 {twice.Count()} 次。"));
        if (problems.Count > 0)
            return [];

        var columnIndex = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var rows = new List<CsvRow>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count > names.Count)
            {
                problems.Add(new ReferenceDataProblem(line, null, "row-too-long",
                    string.Create(CultureInfo.InvariantCulture, $"這一行有 {fields.Count} 個欄位，比欄位名稱的 {names.Count} 個多；含逗號的內容請以雙引號括起。")));
                continue;
            }
            rows.Add(new CsvRow(line, fields, columnIndex, problems));
        }
        return rows;
    }

    /// <summary>Splits text into records of trimmed fields, each with the line it starts on; blank lines are skipped.</summary>
    private static List<(int Line, List<string> Fields)> Split(string text, List<ReferenceDataProblem> problems)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var wasQuoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        void EndField()
        {
            fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            wasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            if (fields.Count > 1 || fields[0].Length > 0)
                records.Add((recordLine, fields));
            fields = [];
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }

            switch (c)
            {
                case '"' when field.ToString().Trim().Length == 0 && !wasQuoted:
                    field.Clear();
                    quoted = true;
                    wasQuoted = true;
                    break;
                case '"':
                    problems.Add(new ReferenceDataProblem(line, null, "quote-misplaced", "雙引號只能包住整個欄位；欄位內的雙引號請寫成兩個（\"\"）。"));
                    return records;
                case ',':
                    EndField();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (wasQuoted && !char.IsWhiteSpace(c))
                    {
                        problems.Add(new ReferenceDataProblem(line, null, "quote-misplaced", "右雙引號之後只能接逗號或換行。"));
                        return records;
                    }
                    if (!wasQuoted)
                        field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            problems.Add(new ReferenceDataProblem(recordLine, null, "quote-unterminated", "雙引號沒有結束，這一行之後的內容都無法讀取。"));
            return records;
        }
        EndRecord();
        return records;
    }
}
