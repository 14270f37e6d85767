using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using Web.Pages.Account.SignIn;

namespace EndToEnd.Tests.Account;

/// <summary>
/// Issue 7's "no page reveals whether an account exists to someone not signed in": every form a visitor without a
/// session can post that takes an account or a national ID answers a real one and a made-up one byte for byte alike
/// (apart from the fresh antiforgery token, challenge and the value typed), and the pages that look people up send
/// such a visitor to sign in before reading anything.
/// </summary>
public partial class NoAccountDisclosureTests(BrowserFixture browser, NoAccountDisclosureTests.Service service) : IClassFixture<BrowserFixture>, IClassFixture<NoAccountDisclosureTests.Service>
{
    /// <summary>Its own service: one test locks an account.</summary>
    public sealed class Service : EcpaFixture;

    private const string UnknownNationalId = "C201987654";

    /// <summary>What the server answered to an htmx post: status, HX-Redirect and the body with per-request values blanked.</summary>
    private sealed record Answer(int Status, string Redirect, string Body);

    private async Task<BrowserSession> OpenAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var session = await BrowserSession.OpenAsync(browser, service, callerMember: test);
        await session.Page.GotoAsync("/Account/SignIn");
        return session;
    }

    /// <summary>Posts a form the way htmx does, from the page (its cookies and antiforgery token), without following redirects.</summary>
    private static async Task<Answer> PostAsync(IPage page, string url, Dictionary<string, string> fields)
    {
        var answer = await page.EvaluateAsync<JsonElement>(
            """
            async ({ url, fields }) => {
                const body = new URLSearchParams(fields);
                body.set('__RequestVerificationToken', document.querySelector('input[name="__RequestVerificationToken"]').value);
                const response = await fetch(url, { method: 'POST', body, headers: { 'HX-Request': 'true' }, redirect: 'manual' });
                return { status: response.status, redirect: response.headers.get('HX-Redirect') ?? '', body: await response.text() };
            }
            """,
            new { url, fields });
        return new Answer(answer.GetProperty("status").GetInt32(), answer.GetProperty("redirect").GetString()!,
            PerRequestValues().Replace(answer.GetProperty("body").GetString()!, "$1=\"…\""));
    }

    private static void ShouldAllBeAlike(IReadOnlyList<Answer> answers)
    {
        answers.Count.ShouldBeGreaterThan(1);
        foreach (var answer in answers.Skip(1))
            answer.ShouldBe(answers[0]);
    }

    [Fact]
    public async Task Password_sign_in_answers_an_unknown_account_a_wrong_password_and_a_locked_account_alike()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        const string url = "/Account/SignIn?handler=Password";
        Task<Answer> SignInAsync(string account, string password) =>
            PostAsync(page, url, new() { ["Input.Account"] = account, ["Input.Password"] = password });

        var wrongPassword = await SignInAsync(EcpaFixture.ClerkAccount, "not-the-password");
        var unknownAccount = await SignInAsync("nobody-here", "not-the-password");
        var nationalIdAsAccount = await SignInAsync("A123456789", "not-the-password");
        for (var miss = 1; miss <= 5; miss++)
            await SignInAsync(EcpaFixture.DepartedAccount, $"wrong-{miss}");
        var lockedWithTheRightPassword = await SignInAsync(EcpaFixture.DepartedAccount, DemoHost.DemoData.DemoAccounts.Password);

        wrongPassword.Status.ShouldBe(200);
        wrongPassword.Body.ShouldContain(PasswordSignInMessages.Failed.Message);
        ShouldAllBeAlike([wrongPassword, unknownAccount, nationalIdAsAccount, lockedWithTheRightPassword]);
        (await session.Context.CookiesAsync()).ShouldNotContain(c => c.Name == Web.Authentication.SessionCookie.Name);
    }

    [Fact]
    public async Task The_first_sign_in_wizard_looks_no_one_up_without_a_card_verified_in_this_browser()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var before = await service.Store.HeadAsync();

        var answers = new List<Answer>();
        foreach (var typed in new[] { EcpaFixture.OfficerAccount, "nobody-here", "A123456789", UnknownNationalId, "F128934569" })
            answers.Add(await PostAsync(page, "/Account/SignIn?handler=FirstSignIn", new() { ["FirstSignIn.AccountOrNationalId"] = typed }));

        answers[0].Body.ShouldContain(WizardMessages.VerifyAgain.Message);
        ShouldAllBeAlike(answers);
        answers.ShouldAllBe(a => !a.Body.Contains("王小明") && !a.Body.Contains("A12****789"));
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Fact]
    public async Task Update_my_certificate_looks_no_one_up_without_a_card_proven_in_the_same_post()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/Account/UpdateCertificate");
        await session.ShouldPassAxeAsync();
        var before = await service.Store.HeadAsync();

        var answers = new List<Answer>();
        foreach (var id in new[] { "A123456789", UnknownNationalId, "F128934569" })
        {
            answers.Add(await PostAsync(page, "/Account/UpdateCertificate?handler=VerifyCard", new()
            {
                ["Input.NationalId"] = id, ["CardStep.Challenge"] = "not-a-challenge", ["CardStep.Token"] = "",
            }));
        }

        ShouldAllBeAlike(answers);
        answers.ShouldAllBe(a => !a.Body.Contains("王小明") && !a.Body.Contains("林志豪"));
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }

    [Theory]
    [InlineData("/Ecpa/Accounts", "Input.NationalId")]
    [InlineData("/Ecpa/Grants?handler=FindPerson&system=HRDATA&right=SUBMIT", "Search.NationalId")]
    public async Task A_look_up_by_national_ID_sends_a_visitor_without_a_session_to_sign_in_whoever_is_asked_for(string url, string field)
    {
        await using var session = await OpenAsync($"Look_up_sends_to_sign_in_{field}");
        var page = session.Page;
        session.ExpectConsoleError("status of 401 (Unauthorized)"); // the refusal this test asks for

        var known = await PostAsync(page, url, new() { [field] = "B220612340" });
        var unknown = await PostAsync(page, url, new() { [field] = UnknownNationalId });

        known.Status.ShouldBe(401);
        known.Redirect.ShouldStartWith($"{service.Origin}/Account/SignIn?returnUrl=");
        known.ShouldBe(unknown);
        known.Body.ShouldNotContain("陳美玲");
    }

    [Theory]
    [InlineData("/Account/MyArea")]
    [InlineData("/Account/MyArea/UploadCitizenCertificate")]
    [InlineData("/Ecpa/OrganisationCertificate")]
    [InlineData("/Ecpa/Grants")]
    [InlineData("/Ecpa/Accounts")]
    public async Task A_page_about_people_opens_the_sign_in_page_for_a_visitor_without_a_session(string path)
    {
        await using var session = await OpenAsync($"Sign_in_first_{path.Replace('/', '_')}");
        var page = session.Page;

        await page.GotoAsync(path);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登入");
        page.Url.ShouldEndWith($"/Account/SignIn?returnUrl={Uri.EscapeDataString(path)}");
        (await page.Locator("[data-testid=sign-in-status]").InnerTextAsync()).Trim().ShouldBe("登入");
    }

    /// <summary>Hidden inputs and the antiforgery meta carry a fresh token or challenge per answer, and typed values are echoed.</summary>
    [GeneratedRegex("(value|content)=\"[^\"]*\"")]
    private static partial Regex PerRequestValues();
}
