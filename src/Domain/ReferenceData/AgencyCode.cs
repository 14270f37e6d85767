using System.Diagnostics.CodeAnalysis;

namespace Domain.ReferenceData;

/// <summary>Which numbering an <see cref="AgencyCode"/> follows.</summary>
public enum AgencyCodeKind
{
    /// <summary>公保機關代號: the insurance e-system's five digits, e.g. 12345.</summary>
    InsuranceUnit = 1,

    /// <summary>機關代碼: eCPA's 7 to 10 letters and digits, e.g. 3230000 or 376470000A.</summary>
    Agency = 2,
}

/// <summary>
/// An agency's code, in either numbering the two systems use: exactly five digits (the insurance
/// e-system's 機關代號) or 7 to 10 upper-case ASCII letters and digits (eCPA's 機關代碼). Input is
/// trimmed and upper-cased; every other shape (6 characters, letters in a five-character code,
/// full-width characters, punctuation) is refused. One agency directory holds both kinds.
/// </summary>
public readonly record struct AgencyCode : IComparable<AgencyCode>
{
    private AgencyCode(string value) => Value = value;

    /// <summary>The normalised code: upper case, no blanks.</summary>
    public string Value { get; }

    public AgencyCodeKind Kind => Value.Length == 5 ? AgencyCodeKind.InsuranceUnit : AgencyCodeKind.Agency;

    public override string ToString() => Value ?? "";

    public int CompareTo(AgencyCode other) => string.CompareOrdinal(Value, other.Value);

    public static AgencyCodeParse Parse(string? input)
    {
        var text = (input ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
            return new AgencyCodeParse(null, AgencyCodeError.Missing);
        var shapeIsValid = text.Length switch
        {
            5 => !text.AsSpan().ContainsAnyExceptInRange('0', '9'),
            >= 7 and <= 10 => text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)),
            _ => false,
        };
        return shapeIsValid
            ? new AgencyCodeParse(new AgencyCode(text), null)
            : new AgencyCodeParse(null, AgencyCodeError.Format);
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out AgencyCode? code)
    {
        code = Parse(input).Code;
        return code is not null;
    }

    /// <summary>For codes known to be valid (tests, seed data); throws on anything else.</summary>
    public static AgencyCode Of(string code) =>
        Parse(code).Code ?? throw new ArgumentException($"'{code}' is not an agency code: five digits, or 7 to 10 letters and digits.", nameof(code));
}

public enum AgencyCodeError
{
    Missing,
    Format,
}

/// <summary>The outcome of <see cref="AgencyCode.Parse"/>: a code or the reason there is none.</summary>
public readonly record struct AgencyCodeParse(AgencyCode? Code, AgencyCodeError? Error)
{
    /// <summary>The zh-TW message for the field, or null when the code is valid.</summary>
    public string? Message => Error switch
    {
        AgencyCodeError.Missing => "請輸入機關代號。",
        AgencyCodeError.Format => "機關代號應為 5 位數字（公保機關代號），或 7 至 10 位英文字母及數字（機關代碼）。",
        _ => null,
    };
}
