using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Domain.Common;

/// <summary>
/// A Taiwan national ID (身分證統一編號) or resident certificate number: one letter and nine
/// digits with the official checksum. The one national-ID type of the code base.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> deliberately returns the masked form, so an ID that reaches a log
/// line or an exception message by accident is already masked. Use <see cref="Value"/> only
/// where the whole ID is needed (the personnel lookup, a hash).
/// </remarks>
public readonly record struct NationalId
{
    // Letter → two-digit area code, in the order the official algorithm defines.
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    private NationalId(string value) => Value = value;

    /// <summary>The full ID, upper case. Personal data: never put it in a log, URL or page.</summary>
    public string Value { get; }

    /// <summary>The last four digits, as carried by citizen certificates (2.16.886.1.100.2.51).</summary>
    public string LastFour => Value[^4..];

    /// <summary>The form for screens and lists: A12****789.</summary>
    public string Masked => Value.Length == 10 ? string.Concat(Value.AsSpan(0, 3), "****", Value.AsSpan(7)) : "";

    public override string ToString() => Masked;

    /// <summary>Parses user input (surrounding blanks ignored, lower case accepted).</summary>
    public static NationalIdParse Parse(string? input)
    {
        var text = (input ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
            return new NationalIdParse(null, NationalIdError.Missing);
        if (text.Length != 10 || !char.IsAsciiLetterUpper(text[0]) || text.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
            return new NationalIdParse(null, NationalIdError.Format);
        if (text[1] is not ('1' or '2' or '8' or '9'))
            return new NationalIdParse(null, NationalIdError.Format);
        return HasValidChecksum(text)
            ? new NationalIdParse(new NationalId(text), null)
            : new NationalIdParse(null, NationalIdError.Checksum);
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out NationalId? id)
    {
        var result = Parse(input);
        id = result.Id;
        return id is not null;
    }

    /// <summary>Builds the ID whose first nine characters are given, with the matching check digit (demo data, tests).</summary>
    public static NationalId WithCheckDigit(string firstNine)
    {
        ArgumentNullException.ThrowIfNull(firstNine);
        var prefix = firstNine.ToUpperInvariant();
        for (var check = 0; check <= 9; check++)
        {
            var candidate = prefix + (char)('0' + check);
            if (Parse(candidate).Id is { } id)
                return id;
        }
        throw new ArgumentException("No check digit completes this prefix: it is not a letter, 1/2/8/9 and seven digits.", nameof(firstNine));
    }

    /// <summary>
    /// A keyed hash of the ID for stream names and indexes (person-{hash}): stable for one key,
    /// and not reversible by trying all 10^9 IDs without the key.
    /// </summary>
    public string Hash(ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(Value), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    private static bool HasValidChecksum(string id)
    {
        var area = Letters.IndexOf(id[0], StringComparison.Ordinal) + 10;
        var sum = area / 10 + area % 10 * 9;
        for (var i = 1; i <= 8; i++)
            sum += (id[i] - '0') * (9 - i);
        sum += id[9] - '0';
        return sum % 10 == 0;
    }
}

public enum NationalIdError
{
    Missing,
    Format,
    Checksum,
}

/// <summary>The outcome of <see cref="NationalId.Parse"/>: an ID or the reason there is none.</summary>
public readonly record struct NationalIdParse(NationalId? Id, NationalIdError? Error)
{
    /// <summary>The zh-TW message for the field, or null when the ID is valid.</summary>
    public string? Message => Error switch
    {
        NationalIdError.Missing => "請輸入身分證統一編號。",
        NationalIdError.Format => "身分證統一編號應為 1 個英文字母加 9 個數字，第 2 碼為 1、2、8 或 9。",
        NationalIdError.Checksum => "身分證統一編號的檢查碼不正確，請再核對一次。",
        _ => null,
    };
}
