using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class AgencyDirectoryTests
{
    private const string Good = """
        code,name,expected_oids,review_desk
        3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
        12345,"範例縣政府人事處, 南區",2.16.886.101.20003.20065;2.16.886.101.20003.20065.1,承保第二科
        54321,某私立學校,,承保第二科
        """;

    [Fact]
    public void Parses_codes_of_both_kinds_names_oids_and_desks()
    {
        var directory = AgencyDirectory.Parse(Good).Value.ShouldNotBeNull();

        directory.Entries.Count.ShouldBe(3);
        var entry = directory.Find(AgencyCode.Of("12345")).ShouldNotBeNull();
        entry.Name.ShouldBe("範例縣政府人事處, 南區");
        entry.ExpectedOids.ShouldBe(["2.16.886.101.20003.20065", "2.16.886.101.20003.20065.1"]);
        entry.ReviewDesk.ShouldBe("承保第二科");
        directory.Find(AgencyCode.Of("3230000"))!.Expects("2.16.886.101.20003.20012").ShouldBeTrue();
    }

    [Fact]
    public void An_agency_without_expected_oids_expects_none() =>
        AgencyDirectory.Parse(Good).Value!.Find(AgencyCode.Of("54321"))!.Expects("2.16.886.101.20003.20012").ShouldBeFalse();

    [Fact]
    public void An_agency_not_in_the_directory_is_not_found() =>
        AgencyDirectory.Parse(Good).Value!.Find(AgencyCode.Of("99999")).ShouldBeNull();

    [Fact]
    public void Every_bad_row_is_reported_and_nothing_is_returned()
    {
        var import = AgencyDirectory.Parse("""
            code,name,expected_oids,review_desk
            3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
            123456,六碼機關,2.16.886.101.20003.1,承保第一科
            12345,,2.16.886.101.20003.1,承保第一科
            23456,錯誤 OID,1.2.3.4,承保第一科
            34567,未指定窗口,2.16.886.101.20003.2,
            3230000,重複機關,2.16.886.101.20003.20012,承保第一科
            """);

        import.IsValid.ShouldBeFalse();
        import.Value.ShouldBeNull();
        import.Problems.Select(p => (p.Line, p.Column, p.Code)).ShouldBe([
            (3, "code", "code-invalid"),
            (4, "name", "value-missing"),
            (5, "expected_oids", "oid-invalid"),
            (6, "review_desk", "value-missing"),
            (7, "code", "code-repeated"),
        ]);
    }

    [Fact]
    public void An_agency_may_expect_an_organisation_OID_in_any_Taiwan_arc_or_a_business_number()
    {
        var directory = AgencyDirectory.Parse("""
            code,name,expected_oids,review_desk
            15023,員崠國民小學,2.16.886.111.90005.90003.100004,承保第二科
            3552417,臺灣網路認證股份有限公司,70759028,承保第一科
            """).Value.ShouldNotBeNull();

        directory.Find(AgencyCode.Of("15023"))!.Expects("2.16.886.111.90005.90003.100004").ShouldBeTrue();
        directory.Find(AgencyCode.Of("3552417"))!.Expects("70759028").ShouldBeTrue();
        directory.Find(AgencyCode.Of("3552417"))!.Expects("70759029").ShouldBeFalse();
    }

    [Theory]
    [InlineData("70759029")]
    [InlineData("1.2.3.4")]
    [InlineData("2.16.886")]
    [InlineData("7075902")]
    public void An_identifier_that_is_neither_a_Taiwan_OID_nor_a_valid_business_number_is_refused_at_its_line(string identifier)
    {
        var import = AgencyDirectory.Parse($"code,name,expected_oids,review_desk\n12345,某機關,{identifier},承保第一科\n");

        var problem = import.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((2, "expected_oids", "oid-invalid"));
        problem.Message.ShouldContain("統一編號");
    }

    [Fact]
    public void Problems_read_as_zh_TW_sentences_with_their_place() =>
        AgencyDirectory.Parse("code,name,expected_oids,review_desk\n12345,,,承保第一科\n").Problems.ShouldHaveSingleItem()
            .ToString().ShouldBe("第 2 行 name 欄：「name」欄不可空白。");
}
