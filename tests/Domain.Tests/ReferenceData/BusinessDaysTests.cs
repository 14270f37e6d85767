using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class BusinessDaysTests
{
    // A 2026 calendar shaped like the office calendar; the 19 December make-up Saturday is invented for the tests.
    private static readonly HolidayCalendar Calendar = HolidayCalendar.Parse("""
        date,name,kind
        2026-01-01,中華民國開國紀念日,holiday
        2026-02-16,農曆除夕,holiday
        2026-02-17,春節,holiday
        2026-02-18,春節,holiday
        2026-02-19,春節,holiday
        2026-02-20,補假,holiday
        2026-12-19,補行上班,workday
        2026-12-25,行憲紀念日,holiday
        """).Value.ShouldNotBeNull();

    [Fact]
    public void After_a_weekday_comes_the_next_weekday() =>
        BusinessDays.Next(Calendar, new DateOnly(2026, 11, 23)).ShouldBe(new DateOnly(2026, 11, 24));

    [Fact]
    public void After_a_friday_comes_the_monday() =>
        BusinessDays.Next(Calendar, new DateOnly(2026, 11, 27)).ShouldBe(new DateOnly(2026, 11, 30));

    [Fact]
    public void A_weekend_day_leads_to_the_monday() =>
        BusinessDays.Next(Calendar, new DateOnly(2026, 11, 28)).ShouldBe(new DateOnly(2026, 11, 30));

    [Fact]
    public void Holidays_on_weekdays_are_skipped() =>
        BusinessDays.Next(Calendar, new DateOnly(2026, 12, 24)).ShouldBe(new DateOnly(2026, 12, 28));

    [Fact]
    public void A_whole_new_year_holiday_block_is_skipped() =>
        BusinessDays.Next(Calendar, new DateOnly(2026, 2, 13)).ShouldBe(new DateOnly(2026, 2, 23));

    [Fact]
    public void A_make_up_working_saturday_is_a_business_day()
    {
        BusinessDays.Next(Calendar, new DateOnly(2026, 12, 18)).ShouldBe(new DateOnly(2026, 12, 19));
        BusinessDays.IsBusinessDay(Calendar, new DateOnly(2026, 12, 19)).ShouldBeTrue();
    }

    [Fact]
    public void A_day_in_a_year_the_calendar_does_not_cover_cannot_be_judged() =>
        Should.Throw<InvalidOperationException>(() => BusinessDays.Next(Calendar, new DateOnly(2026, 12, 31))).Message.ShouldContain("2027");

    [Fact]
    public void Entries_come_out_in_date_order_whatever_the_file_order()
    {
        var calendar = HolidayCalendar.Parse("date,name,kind\n2026-12-25,行憲紀念日,holiday\n2026-01-01,開國紀念日,holiday\n").Value!;

        calendar.Days.Select(d => d.Date.Month).ShouldBe([1, 12]);
        calendar.CoveredYears.ShouldBe([2026]);
    }

    [Fact]
    public void Every_bad_row_is_reported_and_nothing_is_returned()
    {
        var import = HolidayCalendar.Parse("""
            date,name,kind
            2026-01-01,開國紀念日,holiday
            2026-01-01,重複,holiday
            2026-12-18,星期五補班,workday
            2026-02-30,不存在的日子,holiday
            2026-04-03,,holiday
            2026-04-06,清明節,day-off
            """);

        import.Value.ShouldBeNull();
        import.Problems.Select(p => (p.Line, p.Code)).ShouldBe([
            (3, "date-repeated"),
            (4, "workday-not-weekend"),
            (5, "date-invalid"),
            (6, "value-missing"),
            (7, "kind-invalid"),
        ]);
    }
}
