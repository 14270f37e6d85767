using System.Net;
using Domain.Certificates.Cards;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.CardSteps;
using Web.State;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.State;

/// <summary>
/// Two instances of the app on one scratch PostgreSQL database (each with its own read-model file, as two nodes
/// behind a balancer): whatever one node keeps for a browser, the other sees — nothing lives in a node's memory.
/// </summary>
public sealed class TwoNodesOnPostgresTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-web-tests", "two-nodes-" + Guid.NewGuid().ToString("N"));
    private PostgresDatabase _database = null!;
    private StateNode _a = null!;
    private StateNode _b = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var hashKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _a = new StateNode(StateNode.OnPostgres(_database.ConnectionString, Path.Combine(_folder, "a"), hashKey));
        _b = new StateNode(StateNode.OnPostgres(_database.ConnectionString, Path.Combine(_folder, "b"), hashKey));
        _ = _a.Services;
        _ = _b.Services;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_challenge_issued_on_one_node_is_redeemed_exactly_once_when_both_race_for_it()
    {
        var challenge = _a.Get<IChallengeStore>().Issue("race-session", "citizen-card");

        using var start = new ManualResetEventSlim();
        var takes = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            start.Wait();
            return (i % 2 == 0 ? _a : _b).Get<IChallengeStore>().Take(challenge.Value, "race-session", "citizen-card");
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(takes);

        results.Count(r => r.Accepted).ShouldBe(1);
        results.Where(r => !r.Accepted).ShouldAllBe(r => r.Failure!.Check == CardCheck.ChallengeUsed);
    }

    [Fact]
    public async Task A_wizard_started_on_one_node_goes_on_on_the_other_and_its_challenge_is_good_on_the_first()
    {
        var receipt = await _a.ImportTermsAsync();
        await _b.CaughtUpAsync(receipt);
        var jar = new CookieContainer();

        // The run's address (/Registration/First/{run}) comes from node A; its terms form posts to node B.
        using var started = await _a.Browser(jar).GetAsync("/Registration/First");
        using var terms = await _a.Browser(jar).GetAsync(started.Headers.Location);
        var termsPage = await Html.ParseAsync(terms);
        var token = SignInSupport.FormToken(termsPage);
        using var accepted = await _b.Browser(jar).PostAsync(termsPage.QuerySelector("form[action*='AcceptTerms']")!.GetAttribute("action"),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await Html.ParseAsync(accepted);
        var challenge = page.QuerySelector("[data-card-step-challenge]")?.GetAttribute("value");
        challenge.ShouldNotBeNullOrEmpty("node B should have found node A's wizard and moved it to the organisation card step");
        var step = Web.Pages.Registration.Wizard.WizardFlow.For(Domain.Registration.RegistrationFlow.FirstRegistration).OrganisationStep.Name;
        _a.Get<IChallengeStore>().Take(challenge, _b.BrowserSessionOf(jar)!, step).Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_session_opened_on_one_node_holds_on_the_other_and_signing_out_there_kills_the_copied_cookie()
    {
        var jar = new CookieContainer();
        await _a.SignInAsync(_a.Browser(jar), "two-nodes-admin", Roles.Administrator);
        var stolen = StateNode.Copy(jar);

        using (var onB = await _b.Browser(jar).GetAsync("/Admin/ReferenceData"))
            onB.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var stolenOnA = await _a.Browser(stolen).GetAsync("/Admin/ReferenceData"))
            stolenOnA.StatusCode.ShouldBe(HttpStatusCode.OK, "before sign-out the copy is as good as the original");

        using var page = await _b.Browser(jar).GetAsync("/Admin/ReferenceData");
        var token = SignInSupport.FormToken(await Html.ParseAsync(page));
        using (var signOut = await _b.Browser(jar).PostAsync("/Account/SignOut", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
            ((int)signOut.StatusCode).ShouldBe(302);

        using var replayed = await _a.Browser(stolen).GetAsync("/Admin/ReferenceData");
        StateNode.SentToSignIn(replayed).ShouldBeTrue("the copied cookie must find no session after sign-out");
    }

    [Fact]
    public async Task Ending_a_person_s_sessions_on_one_node_refuses_their_next_request_on_the_other()
    {
        var jar = new CookieContainer();
        await _a.SignInAsync(_a.Browser(jar), "ended-admin", Roles.Administrator);
        var tickets = _b.Get<DatabaseTicketStore>();
        var subject = $"staff:ended-admin";

        var ended = tickets.EndAllFor(subject);

        ended.ShouldBe(1, $"one session of {subject} should have been live");
        using var next = await _a.Browser(jar).GetAsync("/Admin/ReferenceData");
        StateNode.SentToSignIn(next).ShouldBeTrue();
    }
}
