using System.Globalization;
using Domain.Common;

namespace Web.Pages.Audit;

/// <summary>
/// The instant an auditor asks about, typed as an ROC date (<see cref="RocDate.TryParse"/>) and an optional Taiwan time
/// of day. The instant is the <b>end</b> of what was typed — of the second (14:36:34), of the minute (14:36), or of the
/// day when no time is given — so an event shown at 14點36分34秒 is included when that time is typed back.
/// </summary>
public static class AuditInstant
{
    private static readonly string[] TimeFormats = ["H:mm:ss", "H:mm", "HH:mm:ss", "HH:mm"];

    /// <summary>The end of the given second, minute or day in Taiwan, as UTC; null when the date or time is not valid.</summary>
    public static DateTimeOffset? TryParse(string? rocDate, string? time)
    {
        if (RocDate.TryParse(rocDate) is not { } day)
            return null;
        var start = RocDate.StartOfTaiwanDay(day);
        if (string.IsNullOrWhiteSpace(time))
            return start.AddDays(1).AddTicks(-1);
        var text = time.Trim().Replace('：', ':');
        if (!TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
            return null;
        var span = text.Count(c => c == ':') == 2 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
        return start.Add(clock.ToTimeSpan()).Add(span).AddTicks(-1);
    }

    /// <summary>Whether <paramref name="time"/> is empty or a time of day this parser reads.</summary>
    public static bool IsTimeOfDay(string? time) =>
        string.IsNullOrWhiteSpace(time) || TimeOnly.TryParseExact(time.Trim().Replace('：', ':'), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
