namespace Domain.ReferenceData;

/// <summary>What a calendar entry makes of its day.</summary>
public enum CalendarDayKind
{
    /// <summary>A day off (國定假日, 補假, 彈性放假) even if it falls on a weekday.</summary>
    Holiday = 1,

    /// <summary>補行上班: a Saturday or Sunday that is a working day.</summary>
    MakeUpWorkday = 2,
}

/// <summary>One dated entry of the government office calendar.</summary>
public sealed record CalendarDay(DateOnly Date, string Name, CalendarDayKind Kind);

/// <summary>
/// The government office calendar (政府行政機關辦公日曆表) for the years it covers: holidays and make-up
/// working days. A year is covered when the file has at least one entry in it; a day outside the
/// covered years cannot be judged. Parsed from <c>date,name,kind</c> CSV, kind <c>holiday</c> or <c>workday</c>.
/// </summary>
public sealed class HolidayCalendar
{
    private static readonly string[] Columns = ["date", "name", "kind"];

    private readonly Dictionary<DateOnly, CalendarDay> byDate;

    private HolidayCalendar(IReadOnlyList<CalendarDay> days)
    {
        Days = days;
        byDate = days.ToDictionary(d => d.Date);
        CoveredYears = days.Select(d => d.Date.Year).Distinct().Order().ToList();
    }

    /// <summary>Entries in date order.</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    public IReadOnlyList<int> CoveredYears { get; }

    public bool Covers(DateOnly date) => CoveredYears.Contains(date.Year);

    public CalendarDay? Find(DateOnly date) => byDate.GetValueOrDefault(date);

    /// <summary>A calendar from entries already validated by an import (e.g. read back from a query model); dates must be unique.</summary>
    public static HolidayCalendar From(IEnumerable<CalendarDay> days) => new(days.OrderBy(d => d.Date).ToList());

    public static ReferenceDataImport<HolidayCalendar> Parse(string csv)
    {
        var problems = new List<ReferenceDataProblem>();
        var rows = CsvTable.Read(csv, Columns, problems);
        var days = new List<CalendarDay>();
        var firstLineOf = new Dictionary<DateOnly, int>();
        foreach (var row in rows)
        {
            var date = row.Date("date");
            var name = row.Required("name");
            CalendarDayKind? kind = row["kind"] switch
            {
                "holiday" => CalendarDayKind.Holiday,
                "workday" => CalendarDayKind.MakeUpWorkday,
                _ => null,
            };
            if (kind is null)
                row.Problem("kind", "kind-invalid", $"「{row["kind"]}」不是日別；請填 holiday（放假）或 workday（補行上班）。");
            if (date is { } day && kind == CalendarDayKind.MakeUpWorkday && !IsWeekend(day))
                row.Problem("date", "workday-not-weekend", $"{day:yyyy-MM-dd} 本來就是上班日，補行上班只能設在星期六或星期日。");
            if (date is { } repeated && !firstLineOf.TryAdd(repeated, row.Line))
                row.Problem("date", "date-repeated", $"{repeated:yyyy-MM-dd} 已在第 {firstLineOf[repeated]} 行出現過。");
            if (row.IsValid)
                days.Add(new CalendarDay(date!.Value, name!, kind!.Value));
        }
        return ReferenceDataImport<HolidayCalendar>.Of(() => new HolidayCalendar(days.OrderBy(d => d.Date).ToList()), problems);
    }

    internal static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>
/// The business-day rule: a day is a business day when it is a weekday that is not a holiday, or a
/// make-up working Saturday or Sunday (補行上班). Used where something takes effect "the next
/// business day", such as an OID review approval.
/// </summary>
public static class BusinessDays
{
    /// <summary>Whether government offices work on <paramref name="date"/>.</summary>
    /// <exception cref="InvalidOperationException">The calendar does not cover the date's year: import that year's calendar.</exception>
    public static bool IsBusinessDay(HolidayCalendar calendar, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (!calendar.Covers(date))
            throw new InvalidOperationException($"The holiday calendar does not cover {date.Year}; import the office calendar for that year.");
        return calendar.Find(date)?.Kind switch
        {
            CalendarDayKind.Holiday => false,
            CalendarDayKind.MakeUpWorkday => true,
            _ => !HolidayCalendar.IsWeekend(date),
        };
    }

    /// <summary>The first business day strictly after <paramref name="date"/>.</summary>
    /// <exception cref="InvalidOperationException">The search reaches a year the calendar does not cover.</exception>
    public static DateOnly Next(HolidayCalendar calendar, DateOnly date)
    {
        var next = date.AddDays(1);
        while (!IsBusinessDay(calendar, next))
            next = next.AddDays(1);
        return next;
    }
}
