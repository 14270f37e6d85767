using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Security.Tests.Harness;

namespace Security.Tests.Transport;

/// <summary>Issue 14 point 1: the app in Production behind a real TLS-terminating nginx.</summary>
public partial class BehindTlsProxyTests(SecureDeployment deployment) : IClassFixture<SecureDeployment>
{
    [Fact]
    public async Task Every_cookie_of_a_visit_and_a_sign_in_is_Secure_with_the_Host_prefix()
    {
        using var client = deployment.ClientThroughProxy();
        using var signInPage = await client.GetAsync("/Account/SignIn?returnUrl=%2FAccount%2FMyArea");
        signInPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pageCookies = SetCookies(signInPage);
        var token = await RequestTokenAsync(signInPage);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn?handler=Password")
        {
            Content = new FormUrlEncodedContent([new("Input.Account", SecureDeployment.StaffAccount), new("Input.Password", SecureDeployment.StaffPassword), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", string.Join("; ", pageCookies.Select(c => c.Split(';')[0])));
        using var passwordStep = await client.SendAsync(post);
        passwordStep.StatusCode.ShouldBe(HttpStatusCode.OK, "staff prove themselves twice: the card step follows the password");
        var stepCookies = pageCookies.Concat(SetCookies(passwordStep)).ToList();
        var stepPage = await passwordStep.Content.ReadAsStringAsync();
        var challenge = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(stepPage, "name=\"CardStep.Challenge\" value=\"([^\"]+)").Groups[1].Value);
        var stepToken = System.Text.RegularExpressions.Regex.Match(stepPage, "<meta name=\"request-verification-token\" content=\"([^\"]+)").Groups[1].Value;
        using var card = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn?handler=VerifyStaffCard")
        {
            Content = new FormUrlEncodedContent([new("CardStep.Challenge", challenge),
                new("CardStep.Token", CardTokens.Sign(SecureDeployment.StaffCard, deployment.PublicOrigin.GetLeftPart(UriPartial.Authority), challenge)),
                new("__RequestVerificationToken", stepToken)]),
        };
        card.Headers.Add("Cookie", string.Join("; ", Latest(stepCookies).Select(c => c.Split(';')[0])));
        using var signedIn = await client.SendAsync(card);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        var cookies = stepCookies.Concat(SetCookies(signedIn)).ToList();

        var names = cookies.Select(c => c.Split('=')[0]).ToHashSet();
        new[] { "__Host-evs-antiforgery", "__Host-evs-session", "__Host-evs-return", "__Host-evs-auth" }.ShouldBeSubsetOf(names);
        foreach (var cookie in cookies)
        {
            cookie.ShouldStartWith("__Host-");
            cookie.ShouldContain("; secure", Case.Insensitive, cookie);
            cookie.ShouldContain("; path=/", Case.Insensitive, cookie);
            cookie.ShouldNotContain("domain=", Case.Insensitive, cookie);
            cookie.ShouldContain("; httponly", Case.Insensitive, cookie);
        }
    }

    [Fact]
    public void The_TempData_cookie_is_named_and_flagged_like_the_others()
    {
        // No anonymous page writes TempData; its options are what the provider sends.
        var options = deployment.Services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value;

        options.Cookie.Name.ShouldBe("__Host-evs-tempdata");
        options.Cookie.SecurePolicy.ShouldBe(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always);
        options.Cookie.Path.ShouldBe("/");
        options.Cookie.Domain.ShouldBeNull();
    }

    [Fact]
    public async Task Answers_over_TLS_carry_HSTS()
    {
        using var client = deployment.ClientThroughProxy();
        using var response = await client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
    }

    [Fact]
    public async Task Plain_HTTP_through_the_proxy_is_redirected_to_the_https_origin()
    {
        using var client = deployment.ClientThroughProxy(new Uri($"http://localhost:{deployment.Proxy.HttpPort}"));
        using var response = await client.GetAsync("/Account/SignIn?x=1");

        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        response.Headers.Location.ShouldBe(new Uri(deployment.PublicOrigin, "/Account/SignIn?x=1"));
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_listed_proxy_are_ignored()
    {
        // The same forged headers, straight to Kestrel: from 127.0.0.2 (not listed) they are ignored, so the
        // request is still plain HTTP and redirected; from 127.0.0.1 (the listed proxy) they are believed.
        using var stranger = deployment.ClientDirectFrom(IPAddress.Parse("127.0.0.2"));
        using var proxy = deployment.ClientDirectFrom(IPAddress.Loopback);

        using var fromStranger = await stranger.SendAsync(Forged());
        using var fromProxy = await proxy.SendAsync(Forged());

        fromStranger.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        fromProxy.StatusCode.ShouldBe(HttpStatusCode.OK);
        fromProxy.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();

        HttpRequestMessage Forged()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = $"localhost:{deployment.Proxy.HttpsPort}";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            return request;
        }
    }

    [Fact]
    public async Task A_Host_header_other_than_the_configured_hosts_is_refused()
    {
        // As nginx would pass it on (its Host is the browser's): straight from the listed proxy's address.
        using var client = deployment.ClientDirectFrom(IPAddress.Loopback);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"evil.example:{deployment.Proxy.HttpsPort}";
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    private static async Task<string> RequestTokenAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return TokenMeta().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no token");
    }

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)""")]
    private static partial Regex TokenMeta();

    /// <summary>The last value of each cookie (a later Set-Cookie replaces an earlier one of the same name).</summary>
    private static IEnumerable<string> Latest(IEnumerable<string> setCookies) =>
        setCookies.GroupBy(c => c.Split('=')[0]).Select(g => g.Last());
}
