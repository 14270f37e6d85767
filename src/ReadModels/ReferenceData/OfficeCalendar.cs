using Dapper;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>The imported office calendar, and the business-day rule over it (weekends and holidays skipped, make-up working days counted).</summary>
public sealed class OfficeCalendar(ReadModelDatabase readModels)
{
    /// <summary>Every imported year's holidays and make-up working days.</summary>
    public async Task<HolidayCalendar> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Date, string Name, string Kind)>(new CommandDefinition(
            "SELECT date, name, kind FROM ref_holidays ORDER BY date", cancellationToken: cancellationToken));
        return HolidayCalendar.From(rows.Select(r => new CalendarDay(ReferenceDataImportPlan.ParseDay(r.Date), r.Name, ReferenceDataImportPlan.ParseKind(r.Kind))));
    }

    /// <summary>The first business day after <paramref name="day"/>; null when the calendar does not cover the years that takes (import them).</summary>
    public async Task<DateOnly?> NextBusinessDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var calendar = await GetAsync(cancellationToken);
        // BusinessDays.Next throws past the covered years; look no further than the calendar reaches.
        for (var next = day.AddDays(1); calendar.Covers(next); next = next.AddDays(1))
        {
            if (BusinessDays.IsBusinessDay(calendar, next))
                return next;
        }
        return null;
    }

    /// <summary>Whether offices work on <paramref name="day"/>; null when its year is not imported.</summary>
    public async Task<bool?> IsBusinessDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var calendar = await GetAsync(cancellationToken);
        return calendar.Covers(day) ? BusinessDays.IsBusinessDay(calendar, day) : null;
    }
}
