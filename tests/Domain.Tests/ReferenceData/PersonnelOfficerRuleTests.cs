using Domain.Common;
using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class PersonnelOfficerRuleTests
{
    private static readonly DateOnly ReportedOn = new(2026, 11, 20);
    private static readonly DateOnly Later = new(2026, 12, 1);

    private static PersonnelRecord Staff(
        string category = "01", string unit = "秘書室", string? duty = null, EmploymentStatus status = EmploymentStatus.Current) =>
        new(NationalId.WithCheckDigit("A12345678"), "王小明", null, status, category, unit, duty, AgencyCode.Of("3230000"), ReportedOn);

    [Fact]
    public void Category_08_makes_a_personnel_officer() =>
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(category: "08"), Later).ShouldBeTrue();

    [Theory]
    [InlineData("人事室")]
    [InlineData("人事處")]
    [InlineData("教育局人事科")]
    public void A_service_unit_named_for_personnel_makes_a_personnel_officer(string unit) =>
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(unit: unit), Later).ShouldBeTrue();

    [Fact]
    public void Concurrent_duty_5_makes_a_personnel_officer() =>
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(duty: "5"), Later).ShouldBeTrue();

    [Fact]
    public void Other_staff_are_not_personnel_officers() =>
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(category: "80", unit: "事務科", duty: "3"), Later).ShouldBeFalse();

    [Fact]
    public void A_departed_personnel_officer_is_no_longer_one() =>
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(category: "08", status: EmploymentStatus.Departed), Later).ShouldBeFalse();

    [Fact]
    public void The_rule_counts_a_report_only_from_the_next_day()
    {
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(category: "08"), ReportedOn).ShouldBeFalse();
        PersonnelOfficerRule.IsPersonnelOfficer(Staff(category: "08"), ReportedOn.AddDays(1)).ShouldBeTrue();
    }

    [Fact]
    public void The_records_answer_from_the_report_in_effect_on_the_day()
    {
        var id = NationalId.WithCheckDigit("A12345678");
        var records = PersonnelRecords.Parse($"""
            national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
            {id.Value},王小明,,current,01,秘書室,,3230000,2026-01-05
            {id.Value},王小明,,current,01,人事室,,3230000,2026-11-20
            """).Value!;

        records.IsPersonnelOfficer(id, new DateOnly(2026, 11, 20)).ShouldBeFalse();
        records.IsPersonnelOfficer(id, new DateOnly(2026, 11, 21)).ShouldBeTrue();
    }
}
