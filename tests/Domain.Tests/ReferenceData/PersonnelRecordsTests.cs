using Domain.Common;
using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class PersonnelRecordsTests
{
    private static readonly NationalId Wang = NationalId.WithCheckDigit("A12345678");
    private static readonly NationalId Lin = NationalId.WithCheckDigit("F22345678");

    private static readonly string Csv = $"""
        national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
        {Wang.Value},王小明,wang01,current,01,秘書室,,3230000,2026-01-05
        {Wang.Value},王小明,wang01,departed,01,秘書室,,3230000,2026-11-20
        {Wang.Value},王小明,wang01,current,08,人事室,,376470000A,2026-11-10
        {Lin.Value},林新任,,current,01,總務科,5,12345,2026-11-23
        """;

    private static PersonnelRecords Records => PersonnelRecords.Parse(Csv).Value.ShouldNotBeNull();

    [Fact]
    public void Parses_every_column_of_table_2()
    {
        var lin = Records.Records.Single(r => r.NationalId == Lin);

        lin.ShouldBe(new PersonnelRecord(Lin, "林新任", null, EmploymentStatus.Current, "01", "總務科", "5", AgencyCode.Of("12345"), new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void A_report_takes_effect_the_day_after_it_was_reported()
    {
        Records.Find(Lin, new DateOnly(2026, 11, 23)).ShouldBeNull();
        Records.Find(Lin, new DateOnly(2026, 11, 24)).ShouldNotBeNull().Name.ShouldBe("林新任");
    }

    [Fact]
    public void The_latest_report_of_an_agency_replaces_its_earlier_ones()
    {
        var effective = Records.EffectiveRecords(Wang, new DateOnly(2026, 11, 25));

        effective.Single(r => r.Agency == AgencyCode.Of("3230000")).Status.ShouldBe(EmploymentStatus.Departed);
    }

    [Fact]
    public void Someone_who_moved_stays_current_even_when_the_old_agency_reports_the_departure_later() =>
        Records.Find(Wang, new DateOnly(2026, 11, 25)).ShouldNotBeNull().Agency.ShouldBe(AgencyCode.Of("376470000A"));

    [Fact]
    public void Someone_departed_everywhere_is_found_as_departed()
    {
        var records = PersonnelRecords.Parse($"""
            national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
            {Wang.Value},王小明,,current,01,秘書室,,3230000,2026-01-05
            {Wang.Value},王小明,,departed,01,秘書室,,3230000,2026-11-20
            """).Value!;

        records.Find(Wang, new DateOnly(2026, 11, 25)).ShouldNotBeNull().Status.ShouldBe(EmploymentStatus.Departed);
        records.Find(Wang, new DateOnly(2026, 11, 20)).ShouldNotBeNull().Status.ShouldBe(EmploymentStatus.Current);
    }

    [Fact]
    public void A_person_can_be_found_by_self_chosen_account_in_any_case() =>
        Records.FindByAccount("WANG01", new DateOnly(2026, 11, 25)).ShouldNotBeNull().NationalId.ShouldBe(Wang);

    [Fact]
    public void An_unknown_account_finds_nobody() =>
        Records.FindByAccount("nobody", new DateOnly(2026, 11, 25)).ShouldBeNull();

    [Fact]
    public void Every_bad_row_is_reported_and_nothing_is_returned()
    {
        var import = PersonnelRecords.Parse($"""
            national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
            A123456788,王小明,,current,01,秘書室,,3230000,2026-01-05
            {Wang.Value},王小明,,retired,01,秘書室,,3230000,2026-01-05
            {Wang.Value},王小明,,current,8,秘書室,,3230000,2026-01-06
            {Wang.Value},王小明,,current,01,秘書室,兼辦,3230000,2026-01-07
            {Wang.Value},王小明,,current,01,秘書室,,323,2026-01-08
            {Wang.Value},王小明,,current,01,秘書室,,3230000,115/01/09
            {Wang.Value},王小明,wang01,current,01,秘書室,,3230000,2026-01-10
            {Wang.Value},王小明,,current,01,秘書室,,3230000,2026-01-10
            {Lin.Value},林新任,wang01,current,01,總務科,,12345,2026-01-10
            {Lin.Value},林新任,a b,current,01,總務科,,12345,2026-01-11
            """);

        import.Value.ShouldBeNull();
        import.Problems.Select(p => (p.Line, p.Code)).ShouldBe([
            (2, "national-id-invalid"),
            (3, "status-invalid"),
            (4, "category-invalid"),
            (5, "concurrent-duty-invalid"),
            (6, "code-invalid"),
            (7, "date-invalid"),
            (9, "record-repeated"),
            (10, "account-taken"),
            (11, "account-invalid"),
        ]);
    }

    [Fact]
    public void Problems_never_show_a_whole_national_id()
    {
        var import = PersonnelRecords.Parse($"""
            national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
            {Wang.Value},王小明,,current,01,秘書室,,3230000,2026-01-10
            {Wang.Value},王小明,,current,01,秘書室,,3230000,2026-01-10
            """);

        var problem = import.Problems.ShouldHaveSingleItem();
        problem.Message.ShouldNotContain(Wang.Value);
        problem.Message.ShouldContain(Wang.Masked);
    }
}
