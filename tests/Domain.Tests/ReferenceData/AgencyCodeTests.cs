using Domain.ReferenceData;

namespace Domain.Tests.ReferenceData;

public class AgencyCodeTests
{
    [Theory]
    [InlineData("12345", AgencyCodeKind.InsuranceUnit)]
    [InlineData("3230000", AgencyCodeKind.Agency)]
    [InlineData("376470000A", AgencyCodeKind.Agency)]
    [InlineData("A58000000E", AgencyCodeKind.Agency)]
    public void Both_numberings_are_agency_codes(string input, AgencyCodeKind kind)
    {
        var code = AgencyCode.Parse(input).Code.ShouldNotBeNull();

        code.Value.ShouldBe(input);
        code.Kind.ShouldBe(kind);
    }

    [Fact]
    public void Input_is_trimmed_and_upper_cased() =>
        AgencyCode.Parse(" 376470000a ").Code!.Value.Value.ShouldBe("376470000A");

    [Theory]
    [InlineData("1234")]
    [InlineData("123456")]
    [InlineData("1234A")]
    [InlineData("12345678901")]
    [InlineData("323-0000")]
    [InlineData("３２３００００")]
    [InlineData("32300 00")]
    public void Other_shapes_are_refused_with_the_format_rule(string input)
    {
        var parse = AgencyCode.Parse(input);

        parse.Error.ShouldBe(AgencyCodeError.Format);
        parse.Message.ShouldBe("機關代號應為 5 位數字（公保機關代號），或 7 至 10 位英文字母及數字（機關代碼）。");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_blank_code_is_missing(string? input) =>
        AgencyCode.Parse(input).Error.ShouldBe(AgencyCodeError.Missing);

    [Fact]
    public void Codes_compare_by_value() =>
        AgencyCode.Of("3230000").ShouldBe(AgencyCode.Parse("3230000 ").Code!.Value);
}
