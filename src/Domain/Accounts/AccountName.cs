using System.Text.RegularExpressions;
using Domain.Common;

namespace Domain.Accounts;

/// <summary>
/// The name a person types to sign in with a password: a staff account or a civil servant's self-chosen
/// eCPA account (自訂帳號). 2–30 of <c>A-Za-z0-9._-</c>, compared without regard to case; never shaped
/// like a national ID, so a stream name, claim or log line built from it cannot carry one.
/// </summary>
public readonly partial record struct AccountName
{
    private AccountName(string value) => Value = value;

    /// <summary>The name in lower case (the form stored and compared).</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>The name, or the reason it is not one (a zh-TW message for the field).</summary>
    public static (AccountName? Name, string? Error) Parse(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
            return (null, "請輸入帳號。");
        if (!Pattern().IsMatch(text))
            return (null, "帳號由 2 至 30 個英文字母、數字、點、底線或連字號組成。");
        if (NationalId.Parse(text).Id is not null)
            return (null, "帳號不能是身分證統一編號。");
        return (new AccountName(text.ToLowerInvariant()), null);
    }

    /// <summary>Parses a name known to be well formed (demo data, tests); throws otherwise.</summary>
    public static AccountName Of(string input) =>
        Parse(input) is { Name: { } name } ? name : throw new ArgumentException($"'{input}' is not an account name.", nameof(input));


    [GeneratedRegex("^[A-Za-z0-9._-]{2,30}$")]
    private static partial Regex Pattern();
}
