using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Web.CardSteps;
using Web.Tests.CardSteps;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>The app with the demo reference data, the test PKI as trust and a configured origin, so the card steps run for real over HTTP.</summary>
public sealed class FixationApp : DemoDataHandlerApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Web:PublicOrigin", CardStepApp.PublicOrigin),
        new("Web:Trust:Directory", Pki.Root),
    ];
}

/// <summary>
/// The three session-fixation attacks of issue 14, each with two browsers: the attacker gets a browser-session id from
/// the service, plants it in the victim's browser (a cookie injected from a sibling host, a shared PC), lets the victim
/// pass a card step, then uses the planted id. The id is rotated after every card step, so the attacker holds nothing;
/// each test also lets the victim go on, to show the attack would otherwise have had something to take.
/// </summary>
public sealed class SessionFixationTests(FixationApp app) : IClassFixture<FixationApp>
{
    private static readonly Uri Origin = new("http://localhost/");

    private sealed record Browser(HttpClient Client, CookieContainer Jar);

    private Browser Open()
    {
        var jar = new CookieContainer();
        return new Browser(app.CreateDefaultClient(new CookieContainerHandler(jar)), jar);
    }

    /// <summary>The attacker's own browser-session cookie, issued by the service to the attacker, planted in the victim's browser.</summary>
    private static async Task<string> PlantAsync(Browser attacker, Browser victim, string page)
    {
        using (await attacker.Client.GetAsync(page))
        {
        }
        var planted = attacker.Jar.GetCookies(Origin)[BrowserSession.CookieName]!.Value;
        victim.Jar.Add(new Cookie(BrowserSession.CookieName, planted, "/", "localhost"));
        return planted;
    }

    private static string SessionOf(Browser browser) => browser.Jar.GetCookies(Origin)[BrowserSession.CookieName]!.Value;

    private async Task<HttpResponseMessage> PassCardStepAsync(Browser browser, string page, string leaf, params (string Name, string Value)[] fields)
    {
        var form = await CardStepForm.OpenAsync(browser.Client, page);
        return await PassAsync(browser, form, leaf, fields);
    }

    private async Task<HttpResponseMessage> PassAsync(Browser browser, CardStepForm form, string leaf, params (string Name, string Value)[] fields)
    {
        var response = await form.PostAsync(browser.Client, CardTokens.Sign(app.Pki, leaf, CardStepApp.PublicOrigin, form.Challenge),
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), htmx: false);
        ((int)response.StatusCode).ShouldBeLessThan(400, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static async Task<string> AntiforgeryTokenAsync(Browser browser)
    {
        using var page = await browser.Client.GetAsync("/Account/SignIn");
        return Tests.Authentication.SignInSupport.FormToken(await Html.ParseAsync(page));
    }

    [Fact]
    public async Task A_planted_id_does_not_take_over_the_victim_s_grant_sitting()
    {
        await app.RegisterAsync();
        await app.CaughtUpAsync();
        var (attacker, victim) = (Open(), Open());
        var planted = await PlantAsync(attacker, victim, "/Grants");

        using (await PassCardStepAsync(victim, "/Grants", "org-gca-rsa", ("Step.AgencyCode", DemoDataHandlerApp.Agency)))
        {
        }
        SessionOf(victim).ShouldNotBe(planted, "the id is rotated after the card step");
        using (await PassCardStepAsync(victim, "/Grants", "citizen-moica2-rsa", ("Step.ManagerNationalId", DemoDataHandlerApp.ManagerId)))
        {
        }

        using var attackerView = await attacker.Client.GetAsync("/Grants");
        var attackerPage = await Html.ParseAsync(attackerView);
        attackerPage.QuerySelector("[data-testid=sitting-agency]").ShouldBeNull("the planted id must not open the victim's sitting");
        attackerPage.QuerySelector("form[data-card-step] [name='Step.AgencyCode']").ShouldNotBeNull("the attacker is asked for the organisation card");
        using var victimView = await victim.Client.GetAsync("/Grants");
        (await Html.ParseAsync(victimView)).QuerySelector("[data-testid=sitting-agency]")!.TextContent.ShouldBe(DemoDataHandlerApp.Agency);
    }

    [Fact]
    public async Task A_planted_id_cannot_finish_the_victim_s_first_sign_in()
    {
        var (attacker, victim) = (Open(), Open());
        await PlantAsync(attacker, victim, "/Account/SignIn");

        using (var noAccount = await PassCardStepAsync(victim, "/Account/SignIn", "citizen-moica2-rsa"))
            (await noAccount.Content.ReadAsStringAsync()).ShouldContain("FirstSignIn.AccountOrNationalId", Case.Sensitive, "the card has no account yet: the first-sign-in step is shown");

        using var attempt = await attacker.Client.PostAsync("/Account/SignIn?handler=FirstSignIn", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", await AntiforgeryTokenAsync(attacker)), new("FirstSignIn.AccountOrNationalId", DemoDataHandlerApp.ManagerId)]));

        ((int)attempt.StatusCode).ShouldNotBe(302, "the attacker must not be signed in");
        attacker.Jar.GetCookies(Origin)[Web.Authentication.SessionCookie.Name].ShouldBeNull();
        using var victimFinishes = await victim.Client.PostAsync("/Account/SignIn?handler=FirstSignIn", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", await AntiforgeryTokenAsync(victim)), new("FirstSignIn.AccountOrNationalId", DemoDataHandlerApp.ManagerId)]));
        ((int)victimFinishes.StatusCode).ShouldBe(302, "the victim's own browser finishes the first sign-in");
    }

    [Fact]
    public async Task A_planted_id_does_not_let_the_attacker_continue_a_manager_swap_the_victim_began()
    {
        await app.RegisterAsync();
        await app.CaughtUpAsync();
        const string page = "/Registration/Swap/Manager";
        var (attacker, victim) = (Open(), Open());
        // The wizard's entry stores nothing and so issues no browser session (a run is stored once its terms are
        // accepted): the attacker takes one from a card-step page, as any page with a card step hands one out.
        await PlantAsync(attacker, victim, "/Queries/CitizenSerial");

        CardStepForm organisationStep;
        string victimsRun;
        using (var started = await victim.Client.GetAsync(page))
        using (var terms = await victim.Client.GetAsync(started.Headers.Location))
        {
            victimsRun = started.Headers.Location!.OriginalString.Split('?')[0];
            var termsPage = await Html.ParseAsync(terms);
            var form = termsPage.QuerySelector("form[action*='AcceptTerms']")!;
            using var accepted = await victim.Client.PostAsync(form.GetAttribute("action"), Html.FormFields(form));
            accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
            organisationStep = await CardStepForm.FromAsync(accepted);
        }
        using (var managerStep = await PassAsync(victim, organisationStep, "org-gca-rsa", ("Input.AgencyCode", DemoDataHandlerApp.Agency)))
            (await managerStep.Content.ReadAsStringAsync()).ShouldContain("Input.ManagerNationalId", Case.Sensitive, "the victim's wizard is at the manager step");

        // The attacker, knowing even the victim's run, posts its manager step with a bogus token, which in a shared session
        // would hand back a fresh challenge for it.
        using var attempt = await attacker.Client.PostAsync(victimsRun + "?handler=VerifyManagerCard", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", await AntiforgeryTokenAsync(attacker)), new("Input.ManagerNationalId", "B120000005"),
             new("CardStep.Challenge", "x"), new("CardStep.Token", "{}")]));
        var attackerPage = await Html.ParseAsync(attempt);

        attackerPage.QuerySelector("[name='Input.ManagerNationalId']").ShouldBeNull("the planted id must not reach the victim's manager step");
        attackerPage.QuerySelector("form[action*='AcceptTerms']").ShouldNotBeNull("the attacker's wizard starts over at the terms");
    }
}
