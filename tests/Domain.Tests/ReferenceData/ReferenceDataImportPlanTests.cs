using System.Globalization;
using System.Text;
using Domain.Common;
using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class ReferenceDataImportPlanTests
{
    private static readonly ImportDetails Details = new(Guid.Parse("0193a1b2-0000-7000-8000-000000000001"), "2026-11", "file.csv", new string('a', 64), "staff:admin",
        new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private static PersonnelRecords People(int count)
    {
        var csv = new StringBuilder("national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n");
        for (var i = 0; i < count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{NationalId.WithCheckDigit($"A1{i:0000000}").Value},人員{i},,current,01,秘書室,,3230000,2026-01-05\n");
        return PersonnelRecords.Parse(csv.ToString()).Value.ShouldNotBeNull();
    }

    [Fact]
    public void A_large_personnel_file_becomes_chunks_of_5000_rows_and_one_closing_event()
    {
        var events = ReferenceDataImportPlan.Personnel(People(12_001), Details);

        events.Count.ShouldBe(4);
        events.Take(3).Cast<PersonnelRecordsImported>().Select(c => (c.Chunk, c.Records.Count)).ShouldBe([(0, 5000), (1, 5000), (2, 2001)]);
        var closing = events[^1].ShouldBeOfType<PersonnelImportCompleted>();
        (closing.RowCount, closing.ChunkCount, closing.ImportedBy, closing.FileSha256).ShouldBe((12_001, 3, "staff:admin", new string('a', 64)));
        events.ShouldAllBe(e => e.ImportId == "0193a1b2-0000-7000-8000-000000000001");
    }

    [Fact]
    public void Personnel_rows_keep_the_whole_national_id_and_the_report_day()
    {
        var row = ((PersonnelRecordsImported)ReferenceDataImportPlan.Personnel(People(1), Details)[0]).Records[0];

        row.ShouldBe(new PersonnelRow(NationalId.WithCheckDigit("A10000000").Value, "人員0", null, "current", "01", "秘書室", null, "3230000", "2026-01-05"));
    }

    [Fact]
    public void A_directory_becomes_chunks_in_file_order_and_a_closing_event()
    {
        var directory = AgencyDirectory.Parse("""
            code,name,expected_oids,review_desk
            3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
            12345,範例縣政府,,承保第二科
            """).Value.ShouldNotBeNull();

        var events = ReferenceDataImportPlan.AgencyDirectory(directory, Details, chunkSize: 1);

        events.OfType<AgencyDirectoryRowsImported>().SelectMany(c => c.Agencies).Select(a => $"{a.Code}|{a.Name}|{string.Join(';', a.ExpectedOids)}|{a.ReviewDesk}").ShouldBe([
            "3230000|行政院人事行政總處|2.16.886.101.20003.20012|承保第一科",
            "12345|範例縣政府||承保第二科",
        ]);
        events[^1].ShouldBeOfType<AgencyDirectoryImportCompleted>().ChunkCount.ShouldBe(2);
    }

    [Fact]
    public void A_calendar_import_names_the_years_it_replaces()
    {
        var calendar = HolidayCalendar.Parse("""
            date,name,kind
            2026-10-10,國慶日,holiday
            2027-02-20,補行上班,workday
            """).Value.ShouldNotBeNull();

        var imported = ReferenceDataImportPlan.HolidayCalendar(calendar, Details);

        imported.Years.ShouldBe([2026, 2027]);
        imported.Days.ShouldBe([new CalendarRow("2026-10-10", "國慶日", "holiday"), new CalendarRow("2027-02-20", "補行上班", "workday")]);
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("v1.2_final", true)]
    [InlineData("", false)]
    [InlineData("2026 11", false)]
    [InlineData("版本一", false)]
    [InlineData("123456789012345678901234567890123", false)]
    public void Version_labels_are_short_plain_names(string label, bool valid) =>
        ReferenceDataImportPlan.IsVersionLabel(label).ShouldBe(valid);
}
