using System.Globalization;
using System.Text.RegularExpressions;

namespace Domain.Common;

/// <summary>
/// The one formatter and parser for dates in the Republic of China calendar (民國年 = AD − 1911),
/// shown in Taiwan time (UTC+8, no daylight saving since 1979). Events keep UTC; only screens use this.
/// </summary>
public static partial class RocDate
{
    /// <summary>Taiwan's offset from UTC.</summary>
    public static readonly TimeSpan TaiwanOffset = TimeSpan.FromHours(8);

    private const int YearOffset = 1911;

    /// <summary>The instant in Taiwan local time.</summary>
    public static DateTimeOffset ToTaiwanTime(DateTimeOffset instant) => instant.ToOffset(TaiwanOffset);

    /// <summary>The calendar day in Taiwan on which <paramref name="instant"/> falls.</summary>
    public static DateOnly TaiwanDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToTaiwanTime(instant).DateTime);

    /// <summary>105年04月22日14點36分34秒 — the receipt style of the insurance e-system.</summary>
    public static string FormatDateTime(DateTimeOffset instant)
    {
        var t = ToTaiwanTime(instant);
        return string.Create(CultureInfo.InvariantCulture,
            $"{RocYear(t.Year)}年{t.Month:00}月{t.Day:00}日{t.Hour:00}點{t.Minute:00}分{t.Second:00}秒");
    }

    /// <summary>105年04月22日.</summary>
    public static string FormatDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{RocYear(date.Year)}年{date.Month:00}月{date.Day:00}日");

    /// <summary>105年04月22日, for the Taiwan calendar day of an instant.</summary>
    public static string FormatDate(DateTimeOffset instant) => FormatDate(TaiwanDate(instant));

    /// <summary>105/04/22 — compact form for tables and form fields.</summary>
    public static string FormatShort(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{RocYear(date.Year)}/{date.Month:00}/{date.Day:00}");

    /// <summary>
    /// Reads an ROC date typed by a user: 115/11/23, 115-11-23, 115.11.23, 115年11月23日 or 1151123
    /// (three-digit year) / 991123 (two-digit year). Returns null for anything that is not a real date.
    /// </summary>
    public static DateOnly? TryParse(string? input)
    {
        var text = (input ?? "").Trim();
        var match = Separated().Match(text);
        int year, month, day;
        if (match.Success)
        {
            year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
            month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        }
        else if (text.Length is 6 or 7 && !text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            var yearDigits = text.Length - 4;
            year = int.Parse(text.AsSpan(0, yearDigits), CultureInfo.InvariantCulture);
            month = int.Parse(text.AsSpan(yearDigits, 2), CultureInfo.InvariantCulture);
            day = int.Parse(text.AsSpan(yearDigits + 2, 2), CultureInfo.InvariantCulture);
        }
        else
        {
            return null;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1)
            return null;
        var adYear = year + YearOffset;
        if (day > DateTime.DaysInMonth(adYear, month))
            return null;
        return new DateOnly(adYear, month, day);
    }

    /// <summary>The instant at which the given Taiwan calendar day begins, in UTC.</summary>
    public static DateTimeOffset StartOfTaiwanDay(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TaiwanOffset).ToUniversalTime();

    private static int RocYear(int adYear) =>
        adYear > YearOffset ? adYear - YearOffset : throw new ArgumentOutOfRangeException(nameof(adYear), adYear, "Dates before ROC year 1 are not shown in the ROC calendar.");

    [GeneratedRegex(@"^(?<y>\d{1,3})\s*[/\-.年]\s*(?<m>\d{1,2})\s*[/\-.月]\s*(?<d>\d{1,2})\s*日?$")]
    private static partial Regex Separated();
}
