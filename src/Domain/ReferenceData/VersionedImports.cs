using System.Globalization;

namespace Domain.ReferenceData;

/// <summary>What a terms-of-use file adds to the recorded versions: the new versions with their texts, and the file's row count.</summary>
public sealed record TermsOfUseAdditions(IReadOnlyList<TermsVersionRow> Added, int RowCount);

/// <summary>What a function catalogue file adds to the recorded versions, and the file's row count.</summary>
public sealed record FunctionCatalogueAdditions(IReadOnlyList<CatalogueVersionRow> Added, int RowCount);

/// <summary>A text file uploaded with a terms-of-use file: one version's whole text.</summary>
public sealed record TermsText(string FileName, string Text);

/// <summary>
/// The rules for adding versions of the versioned kinds (terms of use, function catalogue) to what is
/// recorded. A recorded version never changes (managers accepted its text, grants were checked against
/// its tree): a file may repeat it unchanged, and every new version must take effect after the latest
/// recorded one and not before <c>today</c>, so what was in force on a past day never changes.
/// </summary>
public static class VersionedImports
{
    private static readonly string[] TermsColumns = ["version", "effective_from", "text_sha256"];
    private static readonly string[] CatalogueColumns = ["version", "effective_from", "code", "name", "parent"];

    /// <summary>
    /// Checks a terms-of-use file against the recorded versions and the uploaded texts (matched to versions by
    /// their SHA-256, <see cref="TermsOfUse.HashText"/>). Every problem names its line; nothing is half accepted.
    /// </summary>
    public static ReferenceDataImport<TermsOfUseAdditions> Terms(string csv, IReadOnlyList<TermsText> texts, IReadOnlyList<TermsVersionRow> recorded, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(recorded);
        var parsed = TermsOfUse.Parse(csv);
        if (parsed.Value is not { } file)
            return ReferenceDataImport<TermsOfUseAdditions>.Of(() => null!, parsed.Problems);

        var problems = new List<ReferenceDataProblem>();
        var lineOf = LinesByKey(csv, TermsColumns, "version");
        var textByHash = texts.GroupBy(t => TermsOfUse.HashText(t.Text)).ToDictionary(g => g.Key, g => g.First());
        var byVersion = recorded.ToDictionary(r => r.Version, StringComparer.Ordinal);
        var latest = recorded.Count == 0 ? (DateOnly?)null : recorded.Max(r => ReferenceDataImportPlan.ParseDay(r.EffectiveFrom));
        var added = new List<TermsVersionRow>();
        var usedHashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in file.Versions.OrderBy(v => lineOf.GetValueOrDefault(v.Version)))
        {
            var line = lineOf.GetValueOrDefault(version.Version);
            usedHashes.Add(version.TextSha256);
            if (byVersion.TryGetValue(version.Version, out var known))
            {
                if (known.EffectiveFrom != ReferenceDataImportPlan.Day(version.EffectiveFrom) || known.TextSha256 != version.TextSha256)
                    problems.Add(new ReferenceDataProblem(line, "version", "version-changed",
                        $"版本 {version.Version} 已經匯入（生效日 {known.EffectiveFrom}），已匯入的版本不可更改；修訂的條款請使用新的版本代號。"));
                continue;
            }
            if (!CheckNewVersionDate(version.Version, version.EffectiveFrom, line, latest, recorded.Count > 0, today, problems))
                continue;
            if (!textByHash.TryGetValue(version.TextSha256, out var text))
            {
                problems.Add(new ReferenceDataProblem(line, "text_sha256", "text-missing",
                    $"找不到版本 {version.Version} 的條款全文：請一併上傳內容雜湊為 {version.TextSha256[..12]}… 的 UTF-8 文字檔。"));
                continue;
            }
            added.Add(new TermsVersionRow(version.Version, ReferenceDataImportPlan.Day(version.EffectiveFrom), version.TextSha256, text.Text.ReplaceLineEndings("\n")));
        }
        foreach (var (hash, text) in textByHash.Where(t => !usedHashes.Contains(t.Key)))
            problems.Add(new ReferenceDataProblem(0, null, "text-unused", $"上傳的文字檔「{text.FileName}」不是檔案中任何版本的條款全文（雜湊 {hash[..12]}… 不符）。"));
        if (problems.Count == 0 && added.Count == 0)
            problems.Add(Nothing());
        return ReferenceDataImport<TermsOfUseAdditions>.Of(() => new TermsOfUseAdditions(added, file.Versions.Count), problems);
    }

    /// <summary>Checks a function catalogue file against the recorded versions.</summary>
    public static ReferenceDataImport<FunctionCatalogueAdditions> FunctionCatalogue(string csv, IReadOnlyList<CatalogueVersionRow> recorded, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var parsed = FunctionCatalogues.Parse(csv);
        if (parsed.Value is not { } file)
            return ReferenceDataImport<FunctionCatalogueAdditions>.Of(() => null!, parsed.Problems);

        var problems = new List<ReferenceDataProblem>();
        var lineOf = LinesByKey(csv, CatalogueColumns, "version");
        var byVersion = recorded.ToDictionary(r => r.Version, StringComparer.Ordinal);
        var latest = recorded.Count == 0 ? (DateOnly?)null : recorded.Max(r => ReferenceDataImportPlan.ParseDay(r.EffectiveFrom));
        var added = new List<CatalogueVersionRow>();
        foreach (var version in file.Versions.OrderBy(v => lineOf.GetValueOrDefault(v.Version)))
        {
            var line = lineOf.GetValueOrDefault(version.Version);
            var row = new CatalogueVersionRow(version.Version, ReferenceDataImportPlan.Day(version.EffectiveFrom),
                version.Functions.Select(f => new CatalogueFunctionRow(f.Code, f.Name, f.ParentCode)).ToList());
            if (byVersion.TryGetValue(version.Version, out var known))
            {
                if (known.EffectiveFrom != row.EffectiveFrom || !known.Functions.SequenceEqual(row.Functions))
                    problems.Add(new ReferenceDataProblem(line, "version", "version-changed",
                        $"功能選單版本 {version.Version} 已經匯入（生效日 {known.EffectiveFrom}），已匯入的版本不可更改；修訂的選單請使用新的版本代號。"));
                continue;
            }
            if (CheckNewVersionDate(version.Version, version.EffectiveFrom, line, latest, recorded.Count > 0, today, problems))
                added.Add(row);
        }
        if (problems.Count == 0 && added.Count == 0)
            problems.Add(Nothing());
        return ReferenceDataImport<FunctionCatalogueAdditions>.Of(() => new FunctionCatalogueAdditions(added, file.Versions.Sum(v => v.Functions.Count)), problems);
    }

    private static bool CheckNewVersionDate(string version, DateOnly effectiveFrom, int line, DateOnly? latest, bool anyRecorded, DateOnly today, List<ReferenceDataProblem> problems)
    {
        if (latest is { } last && effectiveFrom <= last)
        {
            problems.Add(new ReferenceDataProblem(line, "effective_from", "effective-before-recorded",
                $"版本 {version} 的生效日 {Day(effectiveFrom)} 不晚於已匯入的最新版本（{Day(last)} 生效）；新版本必須在它之後生效，過去某天適用的版本才不會改變。"));
            return false;
        }
        if (anyRecorded && effectiveFrom < today)
        {
            problems.Add(new ReferenceDataProblem(line, "effective_from", "effective-in-the-past",
                $"版本 {version} 的生效日 {Day(effectiveFrom)} 已經過去；新版本最早只能從今天（{Day(today)}）起生效。"));
            return false;
        }
        return true;
    }

    private static ReferenceDataProblem Nothing() =>
        new(0, null, "nothing-new", "檔案中的版本都已經匯入過，沒有新的內容可以匯入。");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The first line each value of <paramref name="key"/> appears on, for problems found after parsing.</summary>
    private static Dictionary<string, int> LinesByKey(string csv, IReadOnlyList<string> columns, string key)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in CsvTable.Read(csv, columns, []))
            lines.TryAdd(row[key], row.Line);
        return lines;
    }
}
