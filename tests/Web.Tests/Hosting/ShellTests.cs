using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Web.Tests.TestSupport;

namespace Web.Tests.Hosting;

public class ShellTests(WebAppFactory factory) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task The_home_page_is_zh_TW_with_a_skip_link_landmarks_and_the_main_navigation()
    {
        using var response = await factory.CreateClient().GetAsync("/");
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.DocumentElement.GetAttribute("lang").ShouldBe("zh-Hant-TW");
        page.QuerySelector("a.skip-link")!.GetAttribute("href").ShouldBe("#main");
        page.QuerySelector("main#main").ShouldNotBeNull();
        page.QuerySelector("header .site-header__title")!.TextContent.ShouldBe("憑證註冊及授權服務");
        page.QuerySelector("nav[aria-label=功能選單] a[aria-current=page]")!.TextContent.ShouldBe("首頁");
        page.QuerySelector("footer a[href='/Diagnostics']").ShouldNotBeNull();
        page.QuerySelector("[aria-live=polite]#live-region").ShouldNotBeNull();
        page.QuerySelector("h1")!.TextContent.ShouldBe("憑證註冊及授權服務");
    }

    [Fact]
    public async Task Pages_load_scripts_and_styles_from_this_origin_only()
    {
        using var response = await factory.CreateClient().GetAsync("/");
        var page = await Html.ParseAsync(response);

        var scripts = page.QuerySelectorAll("script").ToList();
        scripts.ShouldNotBeEmpty();
        scripts.ShouldAllBe(s => s.GetAttribute("src")!.StartsWith('/') && s.TextContent.Trim() == "");
        page.QuerySelectorAll("[style]").ShouldBeEmpty();
        var htmx = scripts.Single(s => s.GetAttribute("src")!.StartsWith("/lib/htmx/", StringComparison.Ordinal)).GetAttribute("src")!;
        using var script = await factory.CreateClient().GetAsync(htmx);
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await script.Content.ReadAsStringAsync()).ShouldContain("2.0.");
    }

    [Fact]
    public async Task The_browsers_own_request_for_favicon_ico_finds_an_icon()
    {
        // Browsers ask for /favicon.ico on every site; a 404 there is console noise on every page.
        using var response = await factory.CreateClient().GetAsync("/favicon.ico");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/x-icon");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes[..4].ShouldBe(new byte[] { 0, 0, 1, 0 }); // ICONDIR: reserved 0, type 1 (icon)
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        // Every page of the app at its bare path (whatever it answers: the page, a redirect to sign in, a refusal), a
        // static file, a missing page and the monitors' JSON.
        var pages = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()?.ViewEnginePath)
            .OfType<string>()
            .Select(path => path.EndsWith("/Index", StringComparison.Ordinal) ? path[..^"Index".Length] : path)
            .Distinct()
            .ToList();
        pages.Count.ShouldBeGreaterThan(10);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in pages.Concat(["/css/site.css", "/no-such-page"]))
        {
            using var response = await client.GetAsync(path);
            ShouldCarryTheSecurityHeaders(response, path);
        }
        using var json = new HttpRequestMessage(HttpMethod.Get, "/health");
        json.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        using var monitors = await client.SendAsync(json);
        ShouldCarryTheSecurityHeaders(monitors, "/health as JSON");
    }

    private static void ShouldCarryTheSecurityHeaders(HttpResponseMessage response, string path)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self';", Case.Sensitive, path);
        csp.ShouldNotContain("unsafe-inline", Case.Sensitive, path);
        csp.ShouldNotContain("unsafe-eval", Case.Sensitive, path);
        csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, path);
        csp.ShouldContain("connect-src 'self' http://127.0.0.1:61280;", Case.Sensitive, path);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", path);
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin", path);
        response.Headers.Vary.ShouldContain("HX-Request", path);
    }

    [Fact]
    public async Task The_policy_lets_pages_reach_the_card_agent_configured()
    {
        using var custom = factory.WithWebHostBuilder(b => b.UseSetting("Web:CardAgentUrl", "http://127.0.0.1:61999/v1/"));
        using var response = await custom.CreateClient().GetAsync("/");
        var page = await Html.ParseAsync(response);

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("connect-src 'self' http://127.0.0.1:61999;");
        page.QuerySelector("meta[name=card-agent-url]")!.GetAttribute("content").ShouldBe("http://127.0.0.1:61999");
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_with_a_zh_TW_page()
    {
        var client = factory.CreateClient();
        using var home = await client.GetAsync("/");

        using var response = await client.PostAsync("/", new FormUrlEncodedContent([new("NationalId", "A123456789")]));
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        page.QuerySelector("h1")!.TextContent.ShouldBe("無法處理這個要求");
        page.DocumentElement.GetAttribute("lang").ShouldBe("zh-Hant-TW");
    }

    [Fact]
    public async Task An_htmx_post_with_the_token_in_its_header_is_accepted()
    {
        var client = factory.CreateClient();
        using var home = await client.GetAsync("/");
        var token = Html.RequestToken(await Html.ParseAsync(home));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        using var accepted = await client.SendAsync(request);

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([]) };
        forged.Headers.Add("HX-Request", "true");
        forged.Headers.Add("RequestVerificationToken", token[..^4] + "AAAA");
        using var refused = await client.SendAsync(forged);

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_zh_TW_not_found_page()
    {
        using var response = await factory.CreateClient().GetAsync("/Registration/Nowhere");
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("h1")!.TextContent.ShouldBe("找不到這個頁面");
        page.QuerySelector("main a[href='/']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_failure_inside_a_page_shows_a_friendly_page_and_never_the_exception()
    {
        using var broken = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Configure<MvcOptions>(o => o.Filters.Add(new HomePageThrows()))));
        using var response = await broken.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        page.QuerySelector("h1")!.TextContent.ShouldBe("系統暫時無法處理");
        page.QuerySelector("main code").ShouldNotBeNull(); // the trace id people quote to support
        html.ShouldNotContain("hunter2");
        html.ShouldNotContain("InvalidOperationException");
        html.ShouldNotContain("at Web.");
    }

    /// <summary>A bug on the home page only (the error page itself must still render).</summary>
    private sealed class HomePageThrows : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
            if (context.HttpContext.Request.Path == "/")
                throw new InvalidOperationException("connection string Password=hunter2 at Web.Secret.Method()");
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
