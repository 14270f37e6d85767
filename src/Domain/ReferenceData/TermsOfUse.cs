using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Domain.ReferenceData;

/// <summary>One version of the terms of use (用戶約定條款): its id, the day it takes effect, and the SHA-256 of its text.</summary>
/// <param name="TextSha256">Lower-case hex SHA-256 of the UTF-8 text, so a shown text can be proven to be this version.</param>
public sealed record TermsVersion(string Version, DateOnly EffectiveFrom, string TextSha256);

/// <summary>
/// Every version of the terms of use; the one in force on a day is the latest that has taken effect.
/// Parsed from <c>version,effective_from,text_sha256</c> CSV.
/// </summary>
public sealed partial class TermsOfUse
{
    private static readonly string[] Columns = ["version", "effective_from", "text_sha256"];

    private TermsOfUse(IReadOnlyList<TermsVersion> versions) => Versions = versions;

    /// <summary>Versions by effective date, oldest first.</summary>
    public IReadOnlyList<TermsVersion> Versions { get; }

    /// <summary>The version in force on <paramref name="date"/>, or null before the first one takes effect.</summary>
    public TermsVersion? InForce(DateOnly date) => Versions.LastOrDefault(v => v.EffectiveFrom <= date);

    /// <summary>Versions already validated by an import (e.g. read back from a query model).</summary>
    public static TermsOfUse From(IEnumerable<TermsVersion> versions) => new(versions.OrderBy(v => v.EffectiveFrom).ToList());

    /// <summary>The hash a terms text is recorded under: SHA-256 of its UTF-8 bytes, line ends normalised to LF.</summary>
    public static string HashText(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((text ?? "").ReplaceLineEndings("\n"))));

    public static ReferenceDataImport<TermsOfUse> Parse(string csv)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var versions = new List<TermsVersion>();
        var versionLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var dateLine = new Dictionary<DateOnly, int>();
        foreach (var row in rows)
        {
            var version = row.Required("version");
            if (version is not null && !VersionPattern().IsMatch(version))
                row.Problem("version", "version-invalid", "版本代號只能由 1 至 32 個英文字母、數字、點、底線或連字號組成。");
            else if (version is not null && !versionLine.TryAdd(version, row.Line))
                row.Problem("version", "version-repeated", $"版本 {version} 已在第 {versionLine[version]} 行出現過。");
            var effective = row.Date("effective_from");
            if (effective is { } day && !dateLine.TryAdd(day, row.Line))
                row.Problem("effective_from", "date-repeated", $"第 {dateLine[day]} 行的版本也在 {day:yyyy-MM-dd} 生效；同一天只能有一個版本生效。");
            var hash = row.Required("text_sha256")?.ToLowerInvariant();
            if (hash is not null && !Sha256Pattern().IsMatch(hash))
                row.Problem("text_sha256", "hash-invalid", "條款內容雜湊應為 64 個十六進位字元（SHA-256）。");
            if (row.IsValid)
                versions.Add(new TermsVersion(version!, effective!.Value, hash!));
        }
        return ReferenceDataImport<TermsOfUse>.Of(() => new TermsOfUse(versions.OrderBy(v => v.EffectiveFrom).ToList()), problems);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,32}$")]
    internal static partial Regex VersionPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
