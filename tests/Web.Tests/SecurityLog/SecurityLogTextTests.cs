using Web.SecurityLog;

namespace Web.Tests.SecurityLog;

public sealed class SecurityLogTextTests
{
    [Theory]
    [InlineData("A123456789", "A12****789")]
    [InlineData("a123456789", "A12****789")]
    [InlineData("查詢 B223456789 的授權", "查詢 B22****789 的授權")]
    [InlineData("帳號F131104093", "帳號F13****093")]
    [InlineData("A1234567890", "A12****7890")]
    // A job's hex id happened to hold a letter and nine digits (e501342210): it stays whole, as the auditor must match it.
    [InlineData("import:7200743e501342210c05f2d658c69b5e", "import:7200743e501342210c05f2d658c69b5e")]
    public void National_IDs_are_masked_wherever_they_stand_but_not_inside_a_longer_id(string text, string logged) =>
        SecurityLogText.Clean(text, 400).ShouldBe(logged);
}
