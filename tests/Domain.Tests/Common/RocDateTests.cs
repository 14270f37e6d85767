using Domain.Common;

namespace Domain.Tests.Common;

public class RocDateTests
{
    [Fact]
    public void Formats_a_UTC_instant_as_a_receipt_time_in_Taiwan()
    {
        var utc = new DateTimeOffset(2016, 4, 22, 6, 36, 34, TimeSpan.Zero);
        RocDate.FormatDateTime(utc).ShouldBe("105年04月22日14點36分34秒");
    }

    [Fact]
    public void Uses_the_Taiwan_calendar_day_not_the_UTC_day()
    {
        var lateUtc = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
        RocDate.FormatDate(lateUtc).ShouldBe("115年11月23日");
        RocDate.TaiwanDate(lateUtc).ShouldBe(new DateOnly(2026, 11, 23));
    }

    [Fact]
    public void Formats_short_dates_for_tables() =>
        RocDate.FormatShort(new DateOnly(2026, 1, 5)).ShouldBe("115/01/05");

    [Theory]
    [InlineData("115/11/23")]
    [InlineData("115-11-23")]
    [InlineData("115.11.23")]
    [InlineData("115年11月23日")]
    [InlineData("1151123")]
    [InlineData(" 115/11/23 ")]
    public void Parses_the_forms_people_type(string input) =>
        RocDate.TryParse(input).ShouldBe(new DateOnly(2026, 11, 23));

    [Fact]
    public void Parses_two_digit_years() =>
        RocDate.TryParse("991231").ShouldBe(new DateOnly(2010, 12, 31));

    [Theory]
    [InlineData("115/02/30")]
    [InlineData("115/13/01")]
    [InlineData("0/01/01")]
    [InlineData("2026-11-23")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Returns_null_for_anything_that_is_not_a_real_date(string? input) =>
        RocDate.TryParse(input).ShouldBeNull();

    [Fact]
    public void Round_trips_through_the_short_form()
    {
        var day = new DateOnly(2024, 2, 29);
        RocDate.TryParse(RocDate.FormatShort(day)).ShouldBe(day);
    }

    [Fact]
    public void A_Taiwan_day_starts_at_16_00_UTC_the_day_before() =>
        RocDate.StartOfTaiwanDay(new DateOnly(2026, 11, 23)).ShouldBe(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));
}
