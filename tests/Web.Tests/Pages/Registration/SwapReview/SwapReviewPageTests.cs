using Domain.Accounts;
using EventStore;
using Web.Authentication;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Registration.SwapReview;

/// <summary>
/// 兩張憑證同時更換審核: only reviewers; a refusal without its reason is answered at the field with nothing written; with
/// the reason it is recorded and the request leaves the list, the registration unchanged.
/// </summary>
public sealed class SwapReviewPageTests(HandlerApp app) : IClassFixture<HandlerApp>
{
    private const string Agency = "3760300";

    [Fact]
    public async Task A_refusal_needs_its_reason_at_the_field_and_then_is_recorded_without_changing_the_registration()
    {
        var stream = await PendingBothSwap.AppendAsync(app, Agency, app.Clock.GetUtcNow().AddDays(5));
        await SignInSupport.OpenAsync(app, "swapreviewer", AccountKind.Staff, Roles.Reviewer);
        var reviewer = SignInSupport.Client(app);
        using (var signIn = await SignInSupport.SignInStaffAsync(app, reviewer, "swapreviewer"))
            ((int)signIn.StatusCode).ShouldBe(302);
        var store = app.Get<IEventStore>();
        var before = (await store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100)).Events.Count;

        using var page = await reviewer.GetAsync("/Registration/SwapReview");
        var html = await Html.ParseAsync(page);
        var pending = html.QuerySelector($"[data-testid=pending-swap][data-agency='{Agency}']").ShouldNotBeNull();
        pending.TextContent.ShouldContain("A12****789");
        pending.TextContent.ShouldContain("B22****340");
        pending.TextContent.ShouldNotContain("A123456789");
        var token = Html.RequestToken(html);

        using (var blank = await RefuseAsync(reviewer, token, "  "))
        {
            blank.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            var answer = await Html.ParseAsync(blank);
            answer.QuerySelector($"#swap-{Agency}-1-reason-error").ShouldNotBeNull().TextContent.ShouldBe("請輸入駁回原因。");
            answer.QuerySelector($"#swap-{Agency}-1-reason").ShouldNotBeNull().GetAttribute("aria-invalid").ShouldBe("true");
        }
        (await store.ReadStreamAsync(stream, Direction.Forwards, StreamRevision.Start, 100)).Events.Count.ShouldBe(before);

        using (var refused = await RefuseAsync(reviewer, token, "原授權管理者表示機關未申請"))
        {
            var answer = await Html.ParseAsync(refused);
            answer.QuerySelector("[data-testid=swap-decided]").ShouldNotBeNull().TextContent.ShouldContain("已駁回");
            answer.QuerySelectorAll($"[data-testid=pending-swap][data-agency='{Agency}']").ShouldBeEmpty();
        }
        var last = await store.ReadStreamAsync(stream, Direction.Backwards, StreamRevision.End, 1);
        last.Events.ShouldHaveSingleItem().Type.ShouldBe("BothCertificatesSwapRefused.v1");
        var state = await app.Pipeline.LoadAsync<Domain.Registration.RegistrationDecider, Domain.Registration.AgencyRegistration, Domain.Registration.RegistrationCommand, Domain.Registration.RegistrationEvent>(stream, CancellationToken.None);
        state.Registered!.ManagerNationalId.ShouldBe("A123456789");
        state.PendingSwap.ShouldBeNull();
    }

    [Fact]
    public async Task Someone_without_the_reviewer_role_is_not_let_in()
    {
        await SignInSupport.OpenAsync(app, "swapclerk", AccountKind.Staff, Roles.Auditor);
        var clerk = SignInSupport.Client(app);
        using (var signIn = await SignInSupport.SignInStaffAsync(app, clerk, "swapclerk"))
            ((int)signIn.StatusCode).ShouldBe(302);

        using var page = await clerk.GetAsync("/Registration/SwapReview");

        ((int)page.StatusCode).ShouldBeOneOf(302, 403);
    }

    private static async Task<HttpResponseMessage> RefuseAsync(HttpClient reviewer, string token, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Registration/SwapReview?handler=Refuse")
        {
            Content = new FormUrlEncodedContent(
            [
                new("Decision.AgencyCode", Agency), new("Decision.RequestNumber", "1"), new("Decision.Reason", reason),
            ]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await reviewer.SendAsync(request);
    }
}
