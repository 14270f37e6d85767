using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class TermsOfUseTests
{
    private static readonly string Hash2016 = new('a', 64);
    private static readonly string Hash2022 = new('b', 64);

    private static TermsOfUse Terms => TermsOfUse.Parse($"""
        version,effective_from,text_sha256
        2022-11,2022-11-01,{Hash2022.ToUpperInvariant()}
        2016-01,2016-01-01,{Hash2016}
        """).Value.ShouldNotBeNull();

    [Fact]
    public void The_version_in_force_is_the_latest_that_has_taken_effect()
    {
        Terms.InForce(new DateOnly(2022, 10, 31))!.Version.ShouldBe("2016-01");
        Terms.InForce(new DateOnly(2022, 11, 1))!.Version.ShouldBe("2022-11");
    }

    [Fact]
    public void Before_the_first_version_no_terms_are_in_force() =>
        Terms.InForce(new DateOnly(2015, 12, 31)).ShouldBeNull();

    [Fact]
    public void Text_hashes_are_kept_in_lower_case() =>
        Terms.Versions.Select(v => v.TextSha256).ShouldBe([Hash2016, Hash2022]);

    [Fact]
    public void The_text_hash_does_not_depend_on_the_line_ends()
    {
        TermsOfUse.HashText("第一條\r\n第二條").ShouldBe(TermsOfUse.HashText("第一條\n第二條"));
        TermsOfUse.HashText("").ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void Every_bad_row_is_reported_and_nothing_is_returned()
    {
        var import = TermsOfUse.Parse($"""
            version,effective_from,text_sha256
            2016-01,2016-01-01,{Hash2016}
            2016-01,2017-01-01,{Hash2016}
            2018 年版,2018-01-01,{Hash2016}
            2019-01,2016-01-01,{Hash2016}
            2020-01,2020-01-01,not-a-hash
            """);

        import.Value.ShouldBeNull();
        import.Problems.Select(p => (p.Line, p.Code)).ShouldBe([
            (3, "version-repeated"),
            (4, "version-invalid"),
            (5, "date-repeated"),
            (6, "hash-invalid"),
        ]);
    }
}
