using System.Net;
using Domain.Accounts;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Pages.Account.SignIn;
using Web.Tests.Authentication;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Account.SignIn;

/// <summary>Issue 14 point 4: staff prove themselves twice — the password, then their recorded holder's citizen card.</summary>
public class StaffTwoFactorSignInTests : IClassFixture<WebAppFactory>, IAsyncLifetime
{
    private readonly WebAppFactory _factory;

    public StaffTwoFactorSignInTests(WebAppFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        await SignInSupport.OpenAsync(_factory, "reviewer2f", AccountKind.Staff, Roles.Reviewer);
        await SignInSupport.OpenAsync(_factory, "admin2f", AccountKind.Staff, Roles.Administrator);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IEventStore Store => _factory.Services.GetRequiredService<IEventStore>();

    private static string? PinError(AngleSharp.Dom.IDocument page) => page.QuerySelector("#card-pin-error, .card-step .field-error")?.TextContent.Trim();

    [Fact]
    public async Task The_right_password_alone_opens_no_session_and_asks_for_the_card()
    {
        var client = SignInSupport.Client(_factory);

        using var response = await SignInSupport.PostPasswordAsync(client, "reviewer2f", SignInSupport.Password);
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        page.QuerySelector("[data-testid=staff-password-ok]")!.TextContent.ShouldContain("reviewer2f");
        page.QuerySelector("form[data-card-step]")!.GetAttribute("action")!.ShouldContain("handler=VerifyStaffCard");
        page.QuerySelector("#password-sign-in").ShouldBeNull("the password form gives way to the second step");
        using var review = await client.GetAsync("/Registration/Review");
        review.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        review.Headers.Location!.PathAndQuery.ShouldStartWith("/Account/SignIn");
    }

    [Fact]
    public async Task The_holders_card_finishes_the_sign_in_binds_the_card_and_the_session_says_both_factors()
    {
        var client = SignInSupport.Client(_factory);

        using var response = await SignInSupport.SignInStaffAsync(_factory, client, "admin2f");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stream = await Store.ReadStreamAsync("account-admin2f", Direction.Forwards, StreamRevision.Start, 100);
        stream.Events.Select(e => e.Type).ShouldContain("StaffCitizenCardBound.v1");
        using var area = await client.GetAsync("/Account/MyArea");
        (await area.Content.ReadAsStringAsync()).ShouldContain(SignInMethods.Title(SignInMethods.PasswordAndCitizenCard));
        using var admin = await client.GetAsync("/Admin/Staff");
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Someone_elses_card_is_refused_at_the_PIN_and_nothing_is_written()
    {
        await SignInSupport.OpenAsync(_factory, "auditor2f", AccountKind.Staff, Roles.Auditor);
        var client = SignInSupport.Client(_factory);
        using var passwordStep = await SignInSupport.PostPasswordAsync(client, "auditor2f", SignInSupport.Password);
        var head = await Store.ReadHeadPositionAsync();

        using var response = await SignInSupport.PostStaffCardAsync(_factory, client, passwordStep, card: "citizen-moica2-ec");
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".card-step")!.TextContent.ShouldContain(AccountRejections.NotTheHolder.Message);
        (await Store.ReadHeadPositionAsync()).ShouldBe(head);
        using var area = await client.GetAsync("/Account/MyArea");
        area.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Once_bound_another_card_of_anyone_is_refused()
    {
        await SignInSupport.OpenAsync(_factory, "bound2f", AccountKind.Staff, Roles.Auditor);
        using (await SignInSupport.SignInStaffAsync(_factory, SignInSupport.Client(_factory), "bound2f"))
        {
        }
        var client = SignInSupport.Client(_factory);
        using var passwordStep = await SignInSupport.PostPasswordAsync(client, "bound2f", SignInSupport.Password);

        using var response = await SignInSupport.PostStaffCardAsync(_factory, client, passwordStep, card: "citizen-moica3-rsa");

        (await response.Content.ReadAsStringAsync()).ShouldContain(AccountRejections.NotTheBoundCard.Message);
    }

    [Fact]
    public async Task A_card_step_without_a_proven_password_in_this_browser_asks_for_the_password_again()
    {
        var victim = SignInSupport.Client(_factory);
        using var passwordStep = await SignInSupport.PostPasswordAsync(victim, "reviewer2f", SignInSupport.Password);
        var stranger = SignInSupport.Client(_factory);
        using var strangersPage = await stranger.GetAsync("/Account/SignIn");
        var head = await Store.ReadHeadPositionAsync();

        // The stranger posts the staff card step with their own browser session: no password was proven there.
        var form = await Web.Tests.CardSteps.CardStepForm.FromAsync(strangersPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn?handler=VerifyStaffCard")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", form.FormToken), new("CardStep.Challenge", form.Challenge), new("CardStep.Token", "{}")]),
        };
        using var response = await stranger.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(StaffSignInMessages.PasswordAgain.Message);
        (await Store.ReadHeadPositionAsync()).ShouldBe(head);
    }
}
