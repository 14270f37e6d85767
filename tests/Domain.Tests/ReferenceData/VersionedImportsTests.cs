using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class VersionedImportsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private const string FirstText = "第一版條款：授權管理者應保管好卡片。";
    private const string SecondText = "第二版條款：授權管理者應保管好卡片，並定期檢視授權。";

    private static readonly TermsVersionRow Recorded = new("2025-01", "2025-01-01", TermsOfUse.HashText(FirstText), FirstText);

    private static string TermsCsv(params string[] rows) => "version,effective_from,text_sha256\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void A_new_version_is_added_with_its_uploaded_text()
    {
        var check = VersionedImports.Terms(
            TermsCsv($"2025-01,2025-01-01,{Recorded.TextSha256}", $"2026-12,2026-12-01,{TermsOfUse.HashText(SecondText)}"),
            [new TermsText("second.txt", SecondText)], [Recorded], Today);

        var additions = check.Value.ShouldNotBeNull();
        additions.Added.ShouldBe([new TermsVersionRow("2026-12", "2026-12-01", TermsOfUse.HashText(SecondText), SecondText)]);
        additions.RowCount.ShouldBe(2);
    }

    [Fact]
    public void Texts_are_matched_by_hash_with_line_ends_normalised()
    {
        var check = VersionedImports.Terms(TermsCsv($"2026-12,2026-12-01,{TermsOfUse.HashText(SecondText + "\n")}"),
            [new TermsText("second.txt", SecondText + "\r\n")], [], Today);

        check.Value.ShouldNotBeNull().Added[0].Text.ShouldBe(SecondText + "\n");
    }

    [Fact]
    public void A_recorded_version_cannot_change_its_text()
    {
        var check = VersionedImports.Terms(TermsCsv($"2025-01,2025-01-01,{TermsOfUse.HashText(SecondText)}"), [new TermsText("x.txt", SecondText)], [Recorded], Today);

        check.Problems.ShouldContain(p => p.Code == "version-changed" && p.Line == 2);
        check.Value.ShouldBeNull();
    }

    [Fact]
    public void A_file_that_only_repeats_recorded_versions_has_nothing_to_import()
    {
        var check = VersionedImports.Terms(TermsCsv($"2025-01,2025-01-01,{Recorded.TextSha256}"), [], [Recorded], Today);

        check.Problems.ShouldHaveSingleItem().Code.ShouldBe("nothing-new");
    }

    [Theory]
    [InlineData("2024-12-01", "effective-before-recorded")]
    [InlineData("2026-11-22", "effective-in-the-past")]
    public void A_new_version_cannot_change_what_was_in_force_on_a_past_day(string effectiveFrom, string code)
    {
        var check = VersionedImports.Terms(TermsCsv($"2026-12,{effectiveFrom},{TermsOfUse.HashText(SecondText)}"), [new TermsText("x.txt", SecondText)], [Recorded], Today);

        check.Problems.ShouldHaveSingleItem().Code.ShouldBe(code);
        check.Problems[0].Line.ShouldBe(2);
    }

    [Fact]
    public void A_new_version_without_its_text_and_a_text_without_a_version_are_both_reported()
    {
        var check = VersionedImports.Terms(TermsCsv($"2026-12,2026-12-01,{TermsOfUse.HashText(SecondText)}"), [new TermsText("other.txt", "別的內容")], [Recorded], Today);

        check.Problems.Select(p => p.Code).ShouldBe(["text-unused", "text-missing"]);
        check.Problems[0].Message.ShouldContain("other.txt");
    }

    [Fact]
    public void The_first_terms_version_may_have_taken_effect_in_the_past()
    {
        VersionedImports.Terms(TermsCsv($"2025-01,2025-01-01,{Recorded.TextSha256}"), [new TermsText("first.txt", FirstText)], [], Today).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_catalogue_file_adds_only_its_new_versions()
    {
        var recorded = VersionedImports.FunctionCatalogue(ReferenceDataSeeds.FunctionCatalogueCsv, [], Today).Value.ShouldNotBeNull().Added;
        var next = ReferenceDataSeeds.FunctionCatalogueCsv + """
            2027-01,2027-01-01,01,保費申報作業,
            2027-01,2027-01-01,0101,異動登錄,01
            """;

        var check = VersionedImports.FunctionCatalogue(next, recorded, Today);

        check.Value.ShouldNotBeNull().Added.Select(v => (v.Version, v.Functions.Count)).ShouldBe([("2027-01", 2)]);
    }

    [Fact]
    public void A_recorded_catalogue_version_cannot_change_its_tree()
    {
        var recorded = VersionedImports.FunctionCatalogue(ReferenceDataSeeds.FunctionCatalogueCsv, [], Today).Value.ShouldNotBeNull().Added;
        var edited = ReferenceDataSeeds.FunctionCatalogueCsv.Replace("0106,問題協調", "0106,問題協調作業", StringComparison.Ordinal);

        var check = VersionedImports.FunctionCatalogue(edited, recorded, Today);

        check.Problems.ShouldHaveSingleItem().Code.ShouldBe("version-changed");
        check.Problems[0].Line.ShouldBe(2);
    }
}
