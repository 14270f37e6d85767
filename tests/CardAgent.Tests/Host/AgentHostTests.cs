using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CardAgent.Host;
using CardAgent.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CardAgent.Tests.Host;

/// <summary>The HTTP host: exact-origin checks on every request, CORS and Private Network Access, loopback only, no PIN in logs.</summary>
public sealed class AgentHostTests : IAsyncLifetime
{
    private readonly TempDirectory cards = new();
    private readonly CapturingLoggerProvider logs = new();
    private AgentServer agent = null!;
    private string reader = null!;

    public async Task InitializeAsync()
    {
        var path = TestCards.Write(cards.Path, "citizen-demo", "citizen", "RSA-2048");
        reader = CardAgent.Backends.DemoBackend.ReaderName(path);
        agent = await AgentServer.StartAsync(
            new Dictionary<string, string?> { ["CardAgent:Backend"] = "demo", ["CardAgent:Demo:CardsDirectory"] = cards.Path },
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
            });
    }

    public async Task DisposeAsync()
    {
        await agent.DisposeAsync();
        cards.Dispose();
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost:5081")]
    [InlineData("https://localhost:5080")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://LOCALHOST:5080")]
    [InlineData("null")]
    public async Task Request_from_an_origin_not_exactly_on_the_list_is_refused_even_for_GET(string origin)
    {
        using var client = agent.Client(origin);

        var response = await client.GetAsync("/v1/status");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("error").GetString().ShouldBe("ORIGIN_NOT_ALLOWED");
        body.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Request_without_an_origin_is_refused()
    {
        using var client = agent.Client(origin: null);

        var response = await client.PostAsJsonAsync("/v1/authenticate", new { reader, pin = "123456", challenge = CardTokenVerifier.NewChallenge() });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Allowed_origin_is_echoed_exactly_never_as_a_wildcard()
    {
        using var client = agent.Client();

        var response = await client.GetAsync("/v1/status");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([AgentServer.AllowedOrigin]);
        response.Headers.Vary.ShouldContain("Origin");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("demo").GetBoolean().ShouldBeTrue();
        body.GetProperty("backends")[0].GetProperty("name").GetString().ShouldBe("demo");
        body.GetProperty("backends")[0].GetProperty("available").GetBoolean().ShouldBeTrue();
        body.GetProperty("version").GetString().ShouldBe("1.1.0", "the project's <Version>, which pages compare with the server's minimum");
        body.GetProperty("algorithms").EnumerateArray().Select(a => a.GetString()).ShouldBe(["PS256", "ES256", "ES384", "RS256"]);
    }

    [Fact]
    public async Task Preflight_is_answered_with_methods_headers_and_private_network_access_when_asked()
    {
        using var client = agent.Client();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/authenticate");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        preflight.Headers.Add("Access-Control-Request-Private-Network", "true");

        var response = await client.SendAsync(preflight);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(AgentServer.AllowedOrigin);
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().ShouldContain("POST");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("Content-Type");
        response.Headers.GetValues("Access-Control-Allow-Private-Network").Single().ShouldBe("true");
    }

    [Fact]
    public async Task Preflight_from_another_origin_is_refused()
    {
        using var client = agent.Client("http://evil.example");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/authenticate");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Private-Network", "true");

        var response = await client.SendAsync(preflight);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Contains("Access-Control-Allow-Private-Network").ShouldBeFalse();
    }

    [Fact]
    public async Task Request_naming_another_host_is_refused_against_DNS_rebinding()
    {
        using var client = agent.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Host = "attacker.example";

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Body_that_is_not_JSON_is_refused()
    {
        using var client = agent.Client();

        var response = await client.PostAsync("/v1/authenticate", new FormUrlEncodedContent([new("reader", reader), new("pin", "123456")]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().ShouldBe("BAD_REQUEST");
    }

    [Fact]
    public async Task Challenge_that_is_not_base64url_is_refused()
    {
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, reader, "123456", "not a challenge!");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Server_timing_reports_the_card_time()
    {
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, reader, "123456", CardTokenVerifier.NewChallenge());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var timing = response.Headers.GetValues("Server-Timing").Single();
        timing.ShouldStartWith("card;dur=");
        double.Parse(timing["card;dur=".Length..], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task PINs_never_appear_in_the_logs_whatever_the_outcome()
    {
        using var client = agent.Client();
        string[] pins = ["741852", "963852", "12a", "123456"];

        foreach (var pin in pins)
            await agent.AuthenticateAsync(client, reader, pin, CardTokenVerifier.NewChallenge());
        await client.PostAsync("/v1/authenticate", new StringContent("{\"reader\":1,\"pin\":\"852963\"", System.Text.Encoding.UTF8, "application/json"));

        logs.Messages.ShouldNotBeEmpty("the test must see what the host logs at Trace level");
        foreach (var pin in pins.Append("852963"))
            logs.Messages.ShouldAllBe(m => !m.Contains(pin));
    }

    [Theory]
    [InlineData("http://0.0.0.0:61280")]
    [InlineData("http://192.168.1.10:61280")]
    [InlineData("http://*:61280")]
    [InlineData("http://+:61280")]
    public void Listening_beyond_loopback_is_refused_at_start(string url)
    {
        Should.Throw<InvalidOperationException>(() => AgentHost.Build([], b => b.Configuration["CardAgent:Urls"] = url))
            .Message.ShouldContain("loopback");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("null")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://localhost:5080/path")]
    public void Allow_list_entries_that_are_not_exact_origins_are_refused_at_start(string origin)
    {
        Should.Throw<InvalidOperationException>(() => new OriginPolicy([origin]));
    }
}

/// <summary>Keeps every formatted log message (and exception text) the host writes.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(messages);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception) + " " + state + " " + exception);
    }
}
