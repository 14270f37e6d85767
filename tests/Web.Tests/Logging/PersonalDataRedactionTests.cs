using Web.Logging;

namespace Web.Tests.Logging;

public class PersonalDataRedactionTests
{
    [Theory]
    [InlineData("/person/A123456789", "/person/[redacted]")]
    [InlineData("/person/a123456780/history", "/person/[redacted]/history")]
    [InlineData("/pin/846201", "/pin/[redacted]")]
    [InlineData("/Registration/First", "/Registration/First")]
    [InlineData("/lib/htmx/htmx.min.6dpfg1qi0s.js", "/lib/htmx/htmx.min.6dpfg1qi0s.js")]
    public void National_IDs_and_long_digit_runs_are_removed(string path, string logged) =>
        PersonalDataRedaction.Redact(path).ShouldBe(logged);
}
