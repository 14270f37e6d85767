using Domain.Certificates;

namespace Domain.Tests.Certificates;

public class OrganisationIdentifierTests
{
    [Theory]
    [InlineData("2.16.886.101.20003.20012", true)]
    [InlineData("2.16.886.101.20003.20012.3", true)]
    [InlineData("2.16.886.111.90005.90003.100004", true)]
    [InlineData("2.16.886", false)]
    [InlineData("2.16.886.", false)]
    [InlineData("2.16.887.1", false)]
    [InlineData("2.16.886.101.20003.012", false)]
    [InlineData("24536806", false)]
    public void An_organisation_OID_lies_strictly_under_Taiwan_s_arc(string text, bool expected) =>
        OrganisationIdentifier.IsOid(text).ShouldBe(expected);

    [Theory]
    [InlineData("70759028", true)]   // the real MOEACA company certificate's
    [InlineData("24536806", true)]   // TestPki's MOEACA card
    [InlineData("82675132", true)]   // a 2023 test certificate's: a multiple of five, valid since the 2023 rule
    [InlineData("10458570", true)]   // a 7 in the seventh place: 28 counts as 1 or 0
    [InlineData("10458571", false)]
    [InlineData("70759029", false)]
    [InlineData("7075902", false)]
    [InlineData("７0759028", false)]
    public void A_business_number_is_eight_digits_with_a_valid_check(string text, bool expected) =>
        OrganisationIdentifier.IsBusinessNumber(text).ShouldBe(expected);

    [Fact]
    public void Screens_name_the_identifier_by_its_kind()
    {
        OrganisationIdentifier.Describe("24536806").ShouldBe("統一編號 24536806");
        OrganisationIdentifier.Describe("2.16.886.101.20003.20012").ShouldBe("OID 2.16.886.101.20003.20012");
    }
}
