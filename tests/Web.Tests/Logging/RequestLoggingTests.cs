using Microsoft.AspNetCore.Hosting;
using Web.Tests.TestSupport;

namespace Web.Tests.Logging;

/// <summary>The app logging as verbosely as configuration allows, so anything that could leak would.</summary>
public sealed class VerboseLoggingWebAppFactory : WebAppFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Logging:LogLevel:Default", "Trace"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
    ];
}

public class RequestLoggingTests(VerboseLoggingWebAppFactory factory) : IClassFixture<VerboseLoggingWebAppFactory>
{
    private const string NationalId = "A123456789";
    private const string Pin = "8462019";

    [Fact]
    public async Task Requests_carrying_a_national_ID_and_a_PIN_leave_neither_in_the_log()
    {
        var client = factory.CreateClient();
        using var home = await client.GetAsync("/");
        var token = Html.RequestToken(await Html.ParseAsync(home));

        (await client.GetAsync($"/?nationalId={NationalId}&pin={Pin}")).Dispose();
        (await client.GetAsync($"/person/{NationalId}/pin/{Pin}")).Dispose();
        (await client.PostAsync("/", new FormUrlEncodedContent([new("NationalId", NationalId), new("Pin", Pin)]))).Dispose();
        using var htmx = new HttpRequestMessage(HttpMethod.Post, $"/?handler=VerifyCard&id={NationalId}")
        {
            Content = new FormUrlEncodedContent([new("NationalId", NationalId), new("Pin", Pin), new("__RequestVerificationToken", token)]),
        };
        htmx.Headers.Add("HX-Request", "true");
        htmx.Headers.Add("X-Pin", Pin);
        (await client.SendAsync(htmx)).Dispose();
        (await client.GetAsync($"/?handler={NationalId}")).Dispose();

        var logged = factory.Logs.AllText;
        logged.ShouldNotContain(NationalId, Case.Insensitive);
        logged.ShouldNotContain(Pin);
        // and the requests were logged, so the absence means something
        logged.ShouldContain("GET / answered 200");
        logged.ShouldContain("GET /person/[redacted]/pin/[redacted] answered 404");
        logged.ShouldContain("POST / answered 400");
        logged.ShouldContain("POST / [VerifyCard] answered");
    }
}
