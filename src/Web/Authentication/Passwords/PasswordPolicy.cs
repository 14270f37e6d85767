using System.Collections.Frozen;
using System.Text;
using Domain.Common;

namespace Web.Authentication.Passwords;

/// <summary>
/// The password rules, after NIST SP 800-63B (3.1.1.2): at least <see cref="MinimumLength"/> characters (Unicode code
/// points, so 中文 counts per character), at most <see cref="MaximumLength"/>, not on the shipped list of common
/// passwords, not the account name or one character repeated — and no composition rules (no "one digit, one symbol"):
/// they make passwords harder to remember without making them harder to guess.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    /// <summary>Long passphrases are welcome; the bound only keeps a form post from feeding the hash megabytes.</summary>
    public const int MaximumLength = 128;

    public const string Field = "Password";

    public static Rejection Missing { get; } = new("PASSWORD_MISSING", "請輸入密碼。", Field);

    public static Rejection TooShort { get; } = new("PASSWORD_TOO_SHORT",
        $"密碼至少要有 {MinimumLength} 個字元。可以用一句好記的話（中英文、空白都可以），不必加數字或符號。", Field);

    public static Rejection TooLong { get; } = new("PASSWORD_TOO_LONG", $"密碼最多 {MaximumLength} 個字元。", Field);

    public static Rejection Common { get; } = new("PASSWORD_TOO_COMMON",
        "這個密碼太常見，很容易被猜中（在常用密碼清單上）。請換一個只有您知道的句子或詞組。", Field);

    public static Rejection Predictable { get; } = new("PASSWORD_PREDICTABLE",
        "密碼不能包含帳號名稱，也不能只是同一個字元重複。請換一個只有您知道的句子或詞組。", Field);

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(Load);

    /// <summary>How many passwords the shipped list holds (for the tests).</summary>
    public static int ListedCount => CommonPasswords.Value.Count;

    /// <summary>Null when <paramref name="password"/> may be used for <paramref name="account"/>, else why not (a zh-TW message for the field).</summary>
    public static Rejection? Check(string? password, string? account = null)
    {
        if (string.IsNullOrEmpty(password))
            return Missing;
        var length = password.EnumerateRunes().Count();
        if (length < MinimumLength)
            return TooShort;
        if (length > MaximumLength)
            return TooLong;
        var folded = password.ToLowerInvariant();
        if (CommonPasswords.Value.Contains(folded))
            return Common;
        if ((account is { Length: >= 3 } && folded.Contains(account.ToLowerInvariant(), StringComparison.Ordinal))
            || password.EnumerateRunes().Distinct().Count() < 3)
            return Predictable;
        return null;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Web.Authentication.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the Web assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                passwords.Add(line.Trim().ToLowerInvariant());
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
