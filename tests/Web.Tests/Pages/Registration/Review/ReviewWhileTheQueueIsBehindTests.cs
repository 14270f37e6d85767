using Domain.Accounts;
using Domain.Certificates;
using Domain.ReferenceData;
using Domain.Registration;
using EventStore;
using ReadModels.Registration;
using Web.Authentication;
using Web.Messaging;
using Web.Pages.Registration;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration.Review;

/// <summary>
/// The app with a read-model wait of a few seconds: long enough that a page waiting for a projection just released
/// sees it on a busy machine, short enough that a held projection makes the bound run out in a test.
/// </summary>
public sealed class FewSecondsWaitApp : HandlerApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Web:ReadModelWait", "00:00:03")];
}

public sealed class ReviewWhileTheQueueIsBehindTests(FewSecondsWaitApp app) : IClassFixture<FewSecondsWaitApp>
{
    [Fact]
    public async Task A_decision_the_queue_cannot_show_yet_is_saved_and_the_page_says_so_instead_of_failing()
    {
        const string agency = "3760100";
        await OpenReviewCaseAsync(agency);
        var reviewer = await SignedInReviewerAsync("reviewer1");

        using (app.Hold(OidReviewQueueProjection.ProjectionName))
        {
            using var answer = await RejectAsync(reviewer, agency);

            answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            var html = await Html.ParseAsync(answer);
            html.QuerySelector("[data-testid=review-decided]").ShouldNotBeNull();
            html.QuerySelector("[data-testid=not-shown-yet]").ShouldNotBeNull().TextContent.ShouldBe(ReadModelWait.SavedNotShownYet);
            // The queue still lists the case as open: its read model is the one held back.
            html.QuerySelectorAll("[data-testid=pending-case]").Length.ShouldBe(1);
            var stored = await app.Get<IEventStore>().ReadStreamAsync(AgencyRegistration.StreamName(AgencyCode.Of(agency)), Direction.Backwards, StreamRevision.End, 1);
            stored.Events.ShouldHaveSingleItem().Type.ShouldBe("OidReviewRejected.v1");
        }
    }

    [Fact]
    public async Task The_next_page_waits_for_the_decision_it_could_not_show_and_then_shows_it()
    {
        const string agency = "3760200";
        await OpenReviewCaseAsync(agency);
        var reviewer = await SignedInReviewerAsync("reviewer2");
        Task<HttpResponseMessage> next;

        using (app.Hold(OidReviewQueueProjection.ProjectionName))
        {
            using var answer = await RejectAsync(reviewer, agency);

            // The position travels with the browser, so whichever node serves the next page waits for it.
            answer.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("evs-written=", StringComparison.Ordinal));
            next = reviewer.GetAsync("/Registration/Review");
        }

        using var page = await next;
        var html = await Html.ParseAsync(page);
        html.QuerySelectorAll($"[data-testid=pending-case][data-agency='{agency}']").ShouldBeEmpty();
        html.QuerySelector("[data-testid=not-shown-yet]").ShouldBeNull();
        // Once waited for, the cookie is dropped: a later page does not wait again.
        page.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("evs-written=;", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> RejectAsync(HttpClient reviewer, string agency)
    {
        using var page = await reviewer.GetAsync("/Registration/Review");
        var token = Html.RequestToken(await Html.ParseAsync(page));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Registration/Review?handler=Reject")
        {
            Content = new FormUrlEncodedContent(
            [
                new("Decision.AgencyCode", agency), new("Decision.CaseNumber", "1"), new("Decision.Reason", "OID 不屬於本機關"),
            ]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await reviewer.SendAsync(request);
    }

    /// <summary>An open OID review case: an organisation card whose OID the directory entry does not expect.</summary>
    private async Task OpenReviewCaseAsync(string agency)
    {
        var facts = CertificateParser.Parse(app.Pki.Leaf("org-gca-rsa").CertificateDer()).Facts.ShouldNotBeNull();
        var entry = new AgencyDirectoryEntry(AgencyCode.Of(agency), "測試審核機關", ["2.16.886.101.20003.99999"], "承保第一科");
        var request = new RequestOidReview(
            Guid.CreateVersion7(), AgencyCode.Of(agency), "cert:test", app.Clock.GetUtcNow(), new OrganisationCard(facts, null, entry, null), "林小華", "02-23456789");
        var outcome = await app.Pipeline.SendAsync(request, AgencyRegistrations.ReadModels, CancellationToken.None);
        outcome.Rejections.ShouldBeEmpty();
        // This app's bound may run out on a busy machine; the Given needs the queue caught up, not fast.
        await app.CaughtUpAsync();
    }

    private async Task<HttpClient> SignedInReviewerAsync(string account)
    {
        await SignInSupport.OpenAsync(app, account, AccountKind.Staff, Roles.Reviewer);
        var client = SignInSupport.Client(app);
        using var signIn = await SignInSupport.SignInStaffAsync(app, client, account);
        ((int)signIn.StatusCode).ShouldBe(302);
        return client;
    }
}
