using System.Net;
using EventStore.State;
using Web.CardSteps;
using Web.Pages.Grants;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>
/// A grant sitting on a shared PC: it ends with 結束 or after <see cref="HandlerGrantSittings.IdleTimeout"/> without a
/// request, and either way the cards are forgotten; its pages are never stored by the browser; and browsers that
/// never send a cookie leave no session rows behind, only challenges that the sweep removes.
/// </summary>
public sealed class GrantSittingEndTests(FixationApp app) : IClassFixture<FixationApp>
{
    private string SessionOf(CookieContainer jar) =>
        BrowserSession.Open(app.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), jar.GetCookies(new Uri("http://localhost/"))[BrowserSession.CookieName]?.Value)!;

    private Task<(HttpClient Client, CookieContainer Jar)> OpenSittingAsync() => app.OpenSittingAsync();

    private static Task<string?> SittingAgencyAsync(HttpClient client) => GrantSittingBrowser.SittingAgencyAsync(client);

    [Fact]
    public async Task A_sitting_in_use_goes_on_past_ten_minutes_from_its_opening()
    {
        var (client, _) = await OpenSittingAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        (await SittingAgencyAsync(client)).ShouldBe(DemoDataHandlerApp.Agency);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        (await SittingAgencyAsync(client)).ShouldBe(DemoDataHandlerApp.Agency, "the ten minutes count from the last request");
    }

    [Fact]
    public async Task A_sitting_left_alone_for_ten_minutes_ends_and_its_cards_are_forgotten()
    {
        var (client, jar) = await OpenSittingAsync();

        app.Clock.Advance(HandlerGrantSittings.IdleTimeout + TimeSpan.FromSeconds(1));

        (await SittingAgencyAsync(client)).ShouldBeNull();
        app.Get<IStateStore>().List(StateKinds.VerifiedCard, SessionOf(jar)).ShouldBeEmpty("the cards were forgotten, not just hidden");
    }

    [Fact]
    public async Task Ending_the_sitting_forgets_its_cards()
    {
        var (client, _) = await OpenSittingAsync();
        using var page = await client.GetAsync("/Grants");
        var form = (await Html.ParseAsync(page)).QuerySelector("form[data-testid=sitting-end]").ShouldNotBeNull();
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var ended = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        ((int)ended.StatusCode).ShouldBe(302);
        (await SittingAgencyAsync(client)).ShouldBeNull();
    }

    [Fact]
    public async Task Pages_with_personal_data_are_not_stored_by_the_browser_but_static_files_are_cached()
    {
        var (client, _) = await OpenSittingAsync();

        using var sitting = await client.GetAsync("/Grants");
        using var script = await client.GetAsync("/js/site.js");

        sitting.Headers.CacheControl!.NoStore.ShouldBeTrue();
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Headers.CacheControl?.NoStore.ShouldNotBe(true);
    }

    [Fact]
    public async Task Cookie_less_requests_write_no_state_rows_not_even_their_challenges()
    {
        var state = app.Get<IStateStore>();
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        (await client.GetAsync("/Grants")).StatusCode.ShouldBe(HttpStatusCode.OK); // the first card-step page makes the shared challenge key
        string[] kinds = [StateKinds.Challenge, StateKinds.ChallengeKey, StateKinds.VerifiedCard, StateKinds.Wizard, StateKinds.GrantSitting, StateKinds.BindingFailures, StateKinds.SignInSession];
        var rowsBefore = kinds.Select(state.Count).ToArray();

        var challenges = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            using var page = await client.GetAsync("/Grants");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            challenges.Add(System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "value=\"([A-Za-z0-9_-]{71})\" data-card-step-challenge").Groups[1].Value);
        }

        challenges.Count.ShouldBe(50, "each page has its own challenge");
        challenges.ShouldNotContain("");
        kinds.Select(state.Count).ShouldBe(rowsBefore, "a browser session id and a challenge are sealed, not stored");

        // The registration wizards' entries: a run is saved only once its terms are accepted.
        foreach (var wizard in new[] { "/Registration/First", "/Registration/Swap/Manager", "/Registration/Swap/Organisation", "/Registration/Swap/Both" })
        {
            for (var i = 0; i < 5; i++)
            {
                using var terms = await client.GetAsync(wizard);
                terms.StatusCode.ShouldBe(HttpStatusCode.OK);
                terms.RequestMessage!.RequestUri!.Query.ShouldContain("step=terms", customMessage: "the entry sends the browser to its run's terms step");
                (await terms.Content.ReadAsStringAsync()).ShouldContain("同意條款內容");
            }
        }

        kinds.Select(state.Count).ShouldBe(rowsBefore, "a wizard run not yet accepted is not stored");
    }
}
