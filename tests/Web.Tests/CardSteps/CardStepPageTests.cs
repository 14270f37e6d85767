using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Web.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.CardSteps;

/// <summary>
/// The card step over HTTP, through a real page (查詢機關憑證OID): the browser-session cookie, the partial's markup
/// (a PIN input that can never be posted), and a token verified against the configured origin, not the Host header.
/// </summary>
public class CardStepPageTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    private const string Page = "/Queries/OrganisationOid";

    /// <summary>The agency code the page asks with the card: org-gca-rsa's agency (the demo directory has it).</summary>
    private static readonly KeyValuePair<string, string>[] AgencyCode = [new("Input.AgencyCode", "3230000")];

    [Fact]
    public async Task The_first_page_starts_a_browser_session_in_an_HttpOnly_SameSite_Strict_cookie()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        using var response = await client.GetAsync(new Uri(Page, UriKind.Relative));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal));
        var sealedId = cookie.Split(';')[0][(BrowserSession.CookieName.Length + 1)..];
        BrowserSession.IsWellFormed(BrowserSession.Open(app.Services.GetRequiredService<IDataProtectionProvider>(), sealedId)).ShouldBeTrue(cookie);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/", Case.Insensitive);
        cookie.ShouldNotContain("secure", Case.Insensitive);
        cookie.ShouldNotContain("expires", Case.Insensitive);
    }

    [Fact]
    public async Task Over_HTTPS_the_session_cookie_is_Secure()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

        using var response = await client.GetAsync(new Uri(Page, UriKind.Relative));

        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal))
            .ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task A_session_id_the_server_did_not_issue_is_replaced_and_an_issued_one_is_kept()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var first = await client.GetAsync(new Uri(Page, UriKind.Relative));
        var issued = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
        var wellFormedButInvented = new string('A', 43);

        foreach (var planted in new[] { "attacker-chosen", wellFormedButInvented })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(Page, UriKind.Relative));
            forged.Headers.Add("Cookie", $"{BrowserSession.CookieName}={planted}");
            using var replaced = await client.SendAsync(forged);
            replaced.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal) && !c.Contains(planted), planted);
        }

        using var kept = new HttpRequestMessage(HttpMethod.Get, new Uri(Page, UriKind.Relative));
        kept.Headers.Add("Cookie", issued);
        using var same = await client.SendAsync(kept);
        (same.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_step_renders_a_PIN_input_without_a_name_and_nothing_about_the_card_in_its_URLs()
    {
        using var client = app.CreateClient();

        var form = await CardStepForm.OpenAsync(client, Page);

        var markup = form.Page.QuerySelector("form[data-card-step]")!;
        var pin = markup.QuerySelector("#CardStep_Pin")!;
        pin.HasAttribute("name").ShouldBeFalse();
        pin.GetAttribute("type").ShouldBe("password");
        pin.GetAttribute("autocomplete").ShouldBe("off");
        markup.QuerySelectorAll("[name]").Select(e => e.GetAttribute("name")).ShouldBe(["__RequestVerificationToken", "Input.AgencyCode", "CardStep.Challenge", "CardStep.Token"], ignoreOrder: true);
        form.Challenge.Length.ShouldBe(71);
        form.Action.ShouldBe("/Queries/OrganisationOid?handler=VerifyCard");
        markup.GetAttribute("hx-post").ShouldBe(form.Action);
        markup.GetAttribute("hx-trigger").ShouldBe("card-step:ready");
        markup.GetAttribute("data-card-kind").ShouldBe("organisation");
        // In an attribute, not a <script> block: htmx removes every script of a swapped step.
        markup.GetAttribute("data-card-step-messages")!.ShouldContain("\"PIN_BLOCKED\"");
        markup.QuerySelectorAll("script").ShouldBeEmpty();
        var scripts = form.Page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")).ToList();
        scripts.ShouldContain(src => src!.Contains("card-step", StringComparison.Ordinal), string.Join(", ", scripts));
    }

    [Fact]
    public async Task A_token_signed_for_the_configured_origin_is_accepted_whatever_the_Host_header_says()
    {
        // A deployment answering to several host names (AllowedHosts): whichever the request names, tokens are for the origin.
        using var factory = app.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "localhost;attacker.example"));
        await DemoHost.DemoData.DemoDataSeeder.SeedReferenceDataAsync(factory.Services, app.Pki);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Host = "attacker.example";
        var form = await CardStepForm.OpenAsync(client, Page);

        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, "org-gca-rsa", CardStepApp.PublicOrigin, form.Challenge), AgencyCode);
        var result = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        result.QuerySelector("[data-testid=agency-oid]")!.TextContent.ShouldBe("2.16.886.101.20003.20012");
    }

    [Fact]
    public async Task A_token_signed_for_the_Host_header_s_origin_is_refused()
    {
        // A deployment answering to several host names (AllowedHosts): whichever the request names, tokens are for the origin.
        using var factory = app.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "localhost;attacker.example"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Host = "attacker.example";
        var form = await CardStepForm.OpenAsync(client, Page);

        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, "org-gca-rsa", "http://attacker.example", form.Challenge));
        var result = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        result.QuerySelector("#CardStep_Pin-error")!.TextContent.ShouldBe(Domain.Certificates.Cards.CardFailureMessages.For(Pkix.Validation.CertificateFailureCode.SignatureInvalid));
        result.QuerySelector("#CardStep_Pin")!.GetAttribute("aria-invalid").ShouldBe("true");
        result.QuerySelector("[data-testid=agency-oid]").ShouldBeNull();
    }

    [Fact]
    public async Task A_refused_step_comes_back_with_a_fresh_challenge_and_the_cards_state_once_in_its_notice()
    {
        using var client = app.CreateClient();
        var form = await CardStepForm.OpenAsync(client, Page);

        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, "org-expired", CardStepApp.PublicOrigin, form.Challenge));
        var text = await response.Content.ReadAsStringAsync();
        var result = await Html.ParseAsync(response);

        var next = result.QuerySelector("input[name='CardStep.Challenge']")!.GetAttribute("value");
        next.ShouldNotBe(form.Challenge);
        next!.Length.ShouldBe(71);
        var expired = Domain.Certificates.Cards.CardFailureMessages.For(Pkix.Validation.CertificateFailureCode.Expired);
        var notice = result.QuerySelector("[data-card-step-notice]")!;
        notice.GetAttribute("data-announce").ShouldNotBeNull();
        notice.QuerySelectorAll("p").Select(p => p.TextContent).ShouldBe([expired, Web.CardSteps.CardStepMessages.WhomToAsk(Web.Pages.Queries.OrganisationOid.IndexModel.Step)]);
        // An expired card is no input error: not in a summary, not at the PIN, said once.
        result.QuerySelector(".error-summary").ShouldBeNull();
        result.QuerySelector("#CardStep_Pin-error")!.TextContent.ShouldBeEmpty();
        result.QuerySelector("#CardStep_Pin")!.GetAttribute("aria-invalid").ShouldBeNull();
        result.Body!.TextContent.Split(expired).Length.ShouldBe(2);
        text.ShouldNotContain("<html", Case.Insensitive, "an htmx post gets the step, not the whole page");
        text.ShouldStartWith("<section id=\"organisation-oid\"");

        // A refusal the user can act on at the field stays there and in the summary, with no notice.
        var again = form with { Challenge = next };
        using var second = await again.PostAsync(client, CardTokens.Sign(app.Pki, "org-gca-rsa", "http://attacker.example", again.Challenge));
        var refused = await Html.ParseAsync(second);
        var message = refused.QuerySelector("#CardStep_Pin-error")!.TextContent;
        message.ShouldNotBeEmpty();
        refused.QuerySelector(".error-summary a[href='#CardStep_Pin']")!.TextContent.ShouldBe(message);
        refused.QuerySelector("#CardStep_Pin")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelector("[data-card-step-notice]").ShouldBeNull();
    }

    [Fact]
    public async Task Without_htmx_the_same_post_answers_with_the_whole_page()
    {
        await DemoHost.DemoData.DemoDataSeeder.SeedReferenceDataAsync(app.Services, app.Pki);
        using var client = app.CreateClient();
        var form = await CardStepForm.OpenAsync(client, Page);

        using var response = await form.PostAsync(client, CardTokens.Sign(app.Pki, "org-gca-rsa", CardStepApp.PublicOrigin, form.Challenge), AgencyCode, htmx: false);
        var result = await Html.ParseAsync(response);

        result.QuerySelector("h1")!.TextContent.ShouldBe("查詢機關憑證OID");
        result.QuerySelector("[data-testid=agency-name]")!.TextContent.ShouldBe("人事行政總處");
    }

    [Fact]
    public async Task The_cards_a_browser_session_verified_are_recalled_and_forgotten_through_its_cookie()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var form = await CardStepForm.OpenAsync(client, Page);
        string rotated;
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.Action, UriKind.Relative)))
        {
            request.Headers.Add("Cookie", string.Join("; ", form.Cookies));
            request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", form.FormToken), new("CardStep.Challenge", form.Challenge),
                new("CardStep.Token", CardTokens.Sign(app.Pki, "org-gca-rsa", CardStepApp.PublicOrigin, form.Challenge))]);
            using var verified = await client.SendAsync(request);
            rotated = verified.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserSession.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
        }
        HttpContext With(string cookie) => new DefaultHttpContext { RequestServices = app.Services, Request = { Headers = { Cookie = cookie } } };

        var remembered = app.CardSteps.VerifiedCards(With(rotated));
        var underTheOldId = app.CardSteps.VerifiedCards(With($"{BrowserSession.CookieName}={form.SessionId}"));
        app.CardSteps.ForgetVerifiedCards(With(rotated));

        remembered.ShouldHaveSingleItem().Step.ShouldBe("query-organisation-oid");
        remembered[0].Facts.AgencyOid.ShouldBe("2.16.886.101.20003.20012");
        underTheOldId.ShouldBeEmpty("the id is rotated after the card step: the old one holds nothing");
        app.CardSteps.VerifiedCards(With(rotated)).ShouldBeEmpty();
        app.CardSteps.VerifiedCards(new DefaultHttpContext { RequestServices = app.Services }).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_post_without_the_session_cookie_is_refused_as_another_session()
    {
        using var client = app.CreateClient();
        var form = await CardStepForm.OpenAsync(client, Page);
        using var stranger = app.CreateClient();
        // The stranger has its own antiforgery pair: only the browser session differs.
        var own = await CardStepForm.OpenAsync(stranger, Page);

        using var response = await (own with { Challenge = form.Challenge }).PostAsync(stranger, CardTokens.Sign(app.Pki, "org-gca-rsa", CardStepApp.PublicOrigin, form.Challenge));
        var result = await Html.ParseAsync(response);

        result.QuerySelector("#CardStep_Pin-error")!.TextContent.ShouldBe(Domain.Certificates.Cards.CardFailureMessages.For(Domain.Certificates.Cards.CardCheck.ChallengeWrongSession));
    }
}
