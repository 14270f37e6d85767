using Domain.Common;

namespace Domain.ReferenceData;

/// <summary>
/// The rule a personnel file must meet against the records already imported (the parser checks the file on
/// its own): a self-chosen account belongs to one person, across every import.
/// </summary>
public static class PersonnelImportCheck
{
    /// <summary>
    /// Problems for rows whose account is already held by someone else. <paramref name="recordedOwners"/> maps an
    /// account (case-insensitive) to its owner's key; <paramref name="keyOf"/> gives the same key for a row's ID
    /// (a keyed hash, so the caller need not hold IDs in clear).
    /// </summary>
    public static IReadOnlyList<ReferenceDataProblem> AccountConflicts(PersonnelRecords file, IReadOnlyDictionary<string, string> recordedOwners, Func<NationalId, string> keyOf)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(recordedOwners);
        ArgumentNullException.ThrowIfNull(keyOf);
        var problems = new List<ReferenceDataProblem>();
        for (var i = 0; i < file.Records.Count; i++)
        {
            var record = file.Records[i];
            if (record.Account is { } account && recordedOwners.TryGetValue(account, out var owner) && owner != keyOf(record.NationalId))
                problems.Add(new ReferenceDataProblem(file.LineOf(i), "account", "account-taken",
                    $"自訂帳號「{account}」在已匯入的人事資料中屬於另一個人；一個帳號只能屬於一個人。"));
        }
        return problems;
    }
}
