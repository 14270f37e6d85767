namespace Domain.ReferenceData;

/// <summary>One thing wrong with an imported file: where (line, column), a stable code, and a zh-TW explanation.</summary>
/// <param name="Line">1-based line of the file (the header is line 1); 0 for the file as a whole.</param>
/// <param name="Column">The header name of the offending column, or null when the whole row or file is at fault.</param>
public sealed record ReferenceDataProblem(int Line, string? Column, string Code, string Message)
{
    public override string ToString() => Column is null ? $"第 {Line} 行：{Message}" : $"第 {Line} 行 {Column} 欄：{Message}";
}

/// <summary>
/// The outcome of parsing one reference-data file: the whole parsed set, or the report of every bad
/// row — never a half result, so an import either replaces the set completely or changes nothing.
/// </summary>
public sealed class ReferenceDataImport<T>
    where T : class
{
    private ReferenceDataImport(T? value, IReadOnlyList<ReferenceDataProblem> problems)
    {
        Value = value;
        Problems = problems;
    }

    /// <summary>The parsed set; null exactly when there are problems.</summary>
    public T? Value { get; }

    public IReadOnlyList<ReferenceDataProblem> Problems { get; }

    public bool IsValid => Value is not null;

    /// <summary>Builds the set when nothing is wrong; otherwise the report, in file order.</summary>
    internal static ReferenceDataImport<T> Of(Func<T> build, IReadOnlyList<ReferenceDataProblem> problems) =>
        problems.Count == 0 ? new ReferenceDataImport<T>(build(), []) : new ReferenceDataImport<T>(null, problems.OrderBy(p => p.Line).ToList());
}
