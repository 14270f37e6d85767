using Domain.Common;
using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class PersonnelImportCheckTests
{
    private static readonly NationalId Wang = NationalId.WithCheckDigit("A12345678");
    private static readonly NationalId Chen = NationalId.WithCheckDigit("B22345678");

    private static PersonnelRecords File => PersonnelRecords.Parse($"""
        national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on

        {Wang.Value},王小明,wang01,current,01,秘書室,,3230000,2026-11-20
        {Chen.Value},陳美玲,Chen01,current,01,秘書室,,3230000,2026-11-20
        """).Value.ShouldNotBeNull();

    [Fact]
    public void An_account_recorded_for_someone_else_is_named_at_its_line()
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WANG01"] = "wang", ["CHEN01"] = "someone-else" };

        var problems = PersonnelImportCheck.AccountConflicts(File, owners, id => id == Wang ? "wang" : "chen");

        problems.ShouldHaveSingleItem().ShouldBe(new ReferenceDataProblem(4, "account", "account-taken", "自訂帳號「Chen01」在已匯入的人事資料中屬於另一個人；一個帳號只能屬於一個人。"));
    }

    [Fact]
    public void Parsed_records_remember_their_lines()
    {
        File.LineOf(0).ShouldBe(3);
        File.LineOf(1).ShouldBe(4);
        PersonnelRecords.From(File.Records).LineOf(0).ShouldBe(0);
    }

    [Fact]
    public void The_standing_rule_works_on_any_report_type()
    {
        var reports = File.Records;

        PersonnelStanding.Of(reports, new DateOnly(2026, 11, 20)).ShouldBeNull();
        PersonnelStanding.Of(reports.Where(r => r.NationalId == Wang), new DateOnly(2026, 11, 21)).ShouldNotBeNull().Name.ShouldBe("王小明");
    }
}
