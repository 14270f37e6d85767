using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Security.Tests.Harness;
using Web.Hosting;

namespace Security.Tests.AbuseLimits;

/// <summary>The deployment with small limits, so a test reaches them in a handful of requests.</summary>
public sealed class LimitedDeployment : SecureDeployment
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Web:RateLimits:Window", "00:10:00"),
        new("Web:RateLimits:SignIn:PerAddress", "4"),
        new("Web:RateLimits:SignIn:PerSubject", "3"),
        new("Web:RateLimits:CardStep:PerAddress", "4"),
        new("Web:RateLimits:CardStep:PerSubject", "3"),
        new("Web:RateLimits:LookUp:PerAddress", "3"),
        new("Web:RateLimits:LookUp:PerSubject", "3"),
        new("Web:RateLimits:Receipt:PerAddress", "3"),
        new("Web:RateLimits:Receipt:PerSubject", "3"),
        new("Web:RateLimits:MaxRequestBodyBytes", "65536"),
    ];
}

/// <summary>Issue 14 point 5: ASP.NET Core rate limiting per client address and per account or certificate, answering 429 in zh-TW.</summary>
public class RateLimitTests(LimitedDeployment deployment) : IClassFixture<LimitedDeployment>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_from_one_address_get_the_zh_TW_429_page_and_another_address_is_not_affected()
    {
        using var stranger = new Visitor(deployment, "198.51.100.1");
        using var neighbour = new Visitor(deployment, "198.51.100.2");
        await stranger.GetAsync("/Account/SignIn");
        await neighbour.GetAsync("/Account/SignIn");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await stranger.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", $"guess{i}"), ("Input.Password", "wrong password"))).Response.StatusCode);
        var (refused, page) = await stranger.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", "guess9"), ("Input.Password", "wrong password"));
        var (neighbourAnswer, _) = await neighbour.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", "someone"), ("Input.Password", "wrong password"));

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        page.ShouldContain("操作太頻繁，請稍候再試");
        page.ShouldContain("lang=\"zh-Hant-TW\"");
        neighbourAnswer.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_in_posts_for_one_account_from_many_addresses_are_limited_per_account()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var visitor = new Visitor(deployment, $"203.0.113.{10 + i}");
            await visitor.GetAsync("/Account/SignIn");
            answers.Add((await visitor.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", "Target-Account"), ("Input.Password", "wrong password"))).Response.StatusCode);
        }

        answers.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task Card_step_posts_with_one_certificate_from_many_addresses_are_limited_per_certificate()
    {
        // The same certificate in the token (its signature need not be good: the limit comes before verification).
        var token = new JsonObject { ["format"] = "evs-auth/1", ["certificate"] = Convert.ToBase64String(TestPki.TestPkiCache.Get().Leaf("citizen-moica2-rsa").CertificateDer()), ["signature"] = "AA==", ["algorithm"] = "PS256" }.ToJsonString();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var visitor = new Visitor(deployment, $"203.0.113.{40 + i}");
            await visitor.GetAsync("/Registration/First");
            answers.Add((await visitor.PostAsync("/Registration/First?handler=VerifyOrganisationCard", ("CardStep.Challenge", "x"), ("CardStep.Token", token))).Response.StatusCode);
        }

        answers.Take(3).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
        answers[3].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("/Queries/CitizenSerial", "203.0.113.70")]
    [InlineData("/Registration/Receipts", "203.0.113.71")]
    public async Task Look_ups_and_receipts_beyond_the_limit_from_one_address_answer_429(string path, string address)
    {
        using var visitor = new Visitor(deployment, address);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            answers.Add((await visitor.GetAsync(path)).Response.StatusCode);

        answers.Take(3).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
        answers[3].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_sign_in_post_larger_than_the_small_body_limit_is_refused_with_413_and_nothing_is_read()
    {
        using var visitor = new Visitor(deployment, "203.0.113.90");
        await visitor.GetAsync("/Account/SignIn");

        var (response, page) = await visitor.PostAsync("/Account/SignIn?handler=Password", ("Input.Account", "big"), ("Input.Password", new string('x', 100_000)));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        page.ShouldContain("送出的資料太大");
    }

    [Theory]
    [InlineData("POST", "/Account/SignIn", "handler=Password", LimitedAction.SignIn)]
    [InlineData("POST", "/Account/SignIn", "handler=VerifyCitizenCard", LimitedAction.SignIn)]
    [InlineData("POST", "/Registration/First", "handler=VerifyOrganisationCard", LimitedAction.CardStep)]
    [InlineData("POST", "/Account/UpdateCertificate", "handler=VerifyCard", LimitedAction.CardStep)]
    [InlineData("GET", "/Queries/IssuedGrants", "", LimitedAction.LookUp)]
    [InlineData("POST", "/Queries/CitizenSerial", "handler=VerifyCard", LimitedAction.LookUp)]
    [InlineData("GET", "/Admin/GrantSearch", "", LimitedAction.LookUp)]
    [InlineData("GET", "/Registration/Receipts", "", LimitedAction.Receipt)]
    [InlineData("GET", "/Account/SignIn", "", null)]
    [InlineData("GET", "/", "", null)]
    [InlineData("POST", "/Grants/Add", "handler=Save", null)]
    public void Each_limited_action_is_recognised(string method, string path, string query, LimitedAction? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = query.Length > 0 ? new QueryString("?" + query) : QueryString.Empty;

        RateLimitHosting.Classify(context.Request).ShouldBe(expected);
    }
}
