using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class FunctionCatalogueTests
{
    private static FunctionCatalogue Seed =>
        FunctionCatalogues.Parse(ReferenceDataSeeds.FunctionCatalogueCsv).Value.ShouldNotBeNull().Versions.ShouldHaveSingleItem();

    [Fact]
    public void The_seed_catalogue_is_the_insurance_function_tree()
    {
        Seed.Version.ShouldBe("2022-11");
        Seed.Roots.Select(f => f.Name).ShouldBe(["保費申報作業", "給付試算作業", "給付申辦作業", "一般查詢作業"]);
        Seed.Children("01").Select(f => f.Name).ShouldBe(["異動登錄", "申報資料傳送", "申報資料列印", "申報資料查詢", "附件補送", "問題協調", "離線異動登錄檔案下載"]);
    }

    [Fact]
    public void Only_leaves_are_grantable()
    {
        Seed.IsGrantable("0101").ShouldBeTrue();
        Seed.IsGrantable("01").ShouldBeFalse();
        Seed.IsGrantable("9999").ShouldBeFalse();
    }

    [Fact]
    public void A_group_stands_for_its_leaves() =>
        Seed.LeavesUnder("02").ShouldBe(["0201"]);

    [Fact]
    public void Codes_are_put_in_catalogue_order_without_repeats_or_unknowns() =>
        Seed.InCatalogueOrder(["0401", "0101", "0401", "zz"]).ShouldBe(["0101", "0401"]);

    [Fact]
    public void The_version_in_force_is_the_latest_that_has_taken_effect()
    {
        var catalogues = FunctionCatalogues.Parse("""
            version,effective_from,code,name,parent
            v1,2022-11-01,01,保費申報作業,
            v1,2022-11-01,0101,異動登錄,01
            v2,2027-01-01,01,保費申報作業,
            v2,2027-01-01,0101,異動登錄,01
            v2,2027-01-01,0108,線上補件,01
            """).Value.ShouldNotBeNull();

        catalogues.InForce(new DateOnly(2026, 12, 31))!.Version.ShouldBe("v1");
        catalogues.InForce(new DateOnly(2027, 1, 1))!.IsGrantable("0108").ShouldBeTrue();
        catalogues.InForce(new DateOnly(2022, 10, 31)).ShouldBeNull();
        catalogues.Find("v1")!.Find("0108").ShouldBeNull();
    }

    [Fact]
    public void A_parent_may_be_listed_after_its_children() =>
        FunctionCatalogues.Parse("version,effective_from,code,name,parent\nv1,2022-11-01,0101,異動登錄,01\nv1,2022-11-01,01,保費申報作業,\n")
            .Value.ShouldNotBeNull().Versions[0].IsGrantable("0101").ShouldBeTrue();

    [Fact]
    public void Every_bad_row_is_reported_and_nothing_is_returned()
    {
        var import = FunctionCatalogues.Parse("""
            version,effective_from,code,name,parent
            v1,2022-11-01,01,保費申報作業,
            v1,2022-11-01,01,重複代碼,
            v1,2022-11-02,0101,生效日不同,01
            v1,2022-11-01,0102,上層不存在,09
            v1,2022-11-01,A,繞圈甲,B
            v1,2022-11-01,B,繞圈乙,A
            v1,2022-11-01,代碼,中文代碼,
            v1,2022-11-01,0103,,01
            """);

        import.Value.ShouldBeNull();
        import.Problems.Select(p => (p.Line, p.Code)).ShouldBe([
            (3, "code-repeated"),
            (4, "version-date-differs"),
            (5, "parent-unknown"),
            (6, "parent-cycle"),
            (7, "parent-cycle"),
            (8, "code-invalid"),
            (9, "value-missing"),
        ]);
    }

    [Fact]
    public void Two_versions_cannot_take_effect_on_the_same_day() =>
        FunctionCatalogues.Parse("""
            version,effective_from,code,name,parent
            v1,2022-11-01,01,保費申報作業,
            v2,2022-11-01,01,保費申報作業,
            """).Problems.ShouldHaveSingleItem().Code.ShouldBe("date-repeated");
}
