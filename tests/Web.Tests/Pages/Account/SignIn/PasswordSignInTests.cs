using System.Net;
using Domain.Accounts;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.Tests.Authentication;
using Web.Pages.Account.SignIn;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Account.SignIn;

public class PasswordSignInTests : IClassFixture<WebAppFactory>, IAsyncLifetime
{
    private readonly WebAppFactory _factory;

    public PasswordSignInTests(WebAppFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        await SignInSupport.LoadPeopleAsync(_factory);
        await SignInSupport.OpenAsync(_factory, "reviewer", AccountKind.Staff, Roles.Reviewer);
        await SignInSupport.OpenAsync(_factory, "wangxm", AccountKind.CivilServant);
        await SignInSupport.OpenAsync(_factory, "chenml", AccountKind.CivilServant);
        await SignInSupport.OpenAsync(_factory, "linzh", AccountKind.CivilServant);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string? FieldError(AngleSharp.Dom.IDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='Input.{field}']")?.TextContent.Trim();

    /// <summary>The sign-in section's markup without its antiforgery token (random per answer).</summary>
    private static string FormWithoutToken(AngleSharp.Dom.IDocument page)
    {
        var section = page.QuerySelector("#password-sign-in")!;
        foreach (var token in section.QuerySelectorAll("input[name=__RequestVerificationToken]").ToList())
            token.Remove();
        return section.InnerHtml;
    }

    [Fact]
    public async Task A_staff_member_signs_in_and_gets_an_HttpOnly_SameSite_strict_session_cookie()
    {
        var client = SignInSupport.Client(_factory);

        using var response = await SignInSupport.SignInStaffAsync(_factory, client, "Reviewer");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Account/MyArea");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldNotContain("expires", Case.Insensitive); // a browser-session cookie: gone when the browser closes

        using var area = await client.GetAsync("/Account/MyArea");
        var page = await Html.ParseAsync(area);
        area.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=my-roles]")!.TextContent.ShouldBe("審核人員");
        page.QuerySelector("[data-testid=signed-in-name]")!.TextContent.ShouldBe("reviewer");
    }

    [Fact]
    public async Task A_personnel_officer_gets_the_role_from_the_personnel_records_and_a_masked_id_in_the_header()
    {
        var client = SignInSupport.Client(_factory);
        using var response = await SignInSupport.PostPasswordAsync(client, "wangxm", SignInSupport.Password);

        using var area = await client.GetAsync("/Account/MyArea");
        var page = await Html.ParseAsync(area);

        page.QuerySelector("[data-testid=my-roles]")!.TextContent.ShouldBe("公務人員、人事人員");
        page.QuerySelector("[data-testid=sign-in-status]")!.TextContent.ShouldContain("A12****789");
        (await area.Content.ReadAsStringAsync()).ShouldNotContain("A123456789");
        page.QuerySelector("a[href='/Ecpa/OrganisationCertificate']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_civil_servant_who_is_not_a_personnel_officer_is_only_a_civil_servant()
    {
        var client = SignInSupport.Client(_factory);
        using var response = await SignInSupport.PostPasswordAsync(client, "chenml", SignInSupport.Password);

        using var area = await client.GetAsync("/Account/MyArea");
        var page = await Html.ParseAsync(area);

        page.QuerySelector("[data-testid=my-roles]")!.TextContent.ShouldBe("公務人員");
        page.QuerySelector("a[href='/Ecpa/OrganisationCertificate']").ShouldBeNull();
    }

    [Fact]
    public async Task A_departed_civil_servant_with_the_right_password_is_told_why_and_gets_no_session()
    {
        var client = SignInSupport.Client(_factory);

        using var response = await SignInSupport.PostPasswordAsync(client, "linzh", SignInSupport.Password);
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        FieldError(page, "Account").ShouldBe(PasswordSignInMessages.NotCurrent.Message);
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_account_and_a_wrong_password_get_the_same_answer_after_the_same_work()
    {
        var hasher = _factory.Services.GetRequiredService<PasswordHasher>();
        var client = SignInSupport.Client(_factory);

        var before = hasher.Verifications;
        using var unknown = await SignInSupport.PostPasswordAsync(client, "nobody-here", "whatever-1");
        var afterUnknown = hasher.Verifications;
        using var wrong = await SignInSupport.PostPasswordAsync(client, "chenml", "whatever-1");
        var afterWrong = hasher.Verifications;

        var unknownPage = await Html.ParseAsync(unknown);
        var wrongPage = await Html.ParseAsync(wrong);
        unknown.StatusCode.ShouldBe(wrong.StatusCode);
        FieldError(unknownPage, "Password").ShouldBe(PasswordSignInMessages.Failed.Message);
        FieldError(wrongPage, "Password").ShouldBe(FieldError(unknownPage, "Password"));
        FieldError(wrongPage, "Account").ShouldBe(FieldError(unknownPage, "Account"));
        (afterUnknown - before).ShouldBe(1);
        (afterWrong - afterUnknown).ShouldBe(1);
        FormWithoutToken(wrongPage).Replace("chenml", "nobody-here", StringComparison.Ordinal).ShouldBe(FormWithoutToken(unknownPage));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_locked_answer_is_the_ordinary_failure()
    {
        await SignInSupport.OpenAsync(_factory, "auditor", AccountKind.Staff, Roles.Auditor);
        var client = SignInSupport.Client(_factory);
        var store = _factory.Services.GetRequiredService<IEventStore>();
        var head = await store.ReadHeadPositionAsync();

        for (var i = 0; i < 5; i++)
            (await SignInSupport.PostPasswordAsync(client, "auditor", $"wrong-{i}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var locked = await SignInSupport.PostPasswordAsync(client, "auditor", SignInSupport.Password);

        FieldError(await Html.ParseAsync(locked), "Password").ShouldBe(PasswordSignInMessages.Failed.Message);
        var written = await store.ReadAllAsync(Direction.Forwards, new Position(head.Value + 1), 100);
        written.Select(e => e.Type).ShouldBe([.. Enumerable.Repeat("PasswordSignInFailed.v2", 5), "PasswordAccountLockedOut.v2"]);
        written.ShouldAllBe(e => e.StreamId == "account-auditor");
    }

    [Fact]
    public async Task Empty_fields_are_named_at_their_fields_and_nothing_is_written()
    {
        var client = SignInSupport.Client(_factory);
        var store = _factory.Services.GetRequiredService<IEventStore>();
        var head = await store.ReadHeadPositionAsync();

        using var response = await SignInSupport.PostPasswordAsync(client, "", "");
        var page = await Html.ParseAsync(response);

        FieldError(page, "Account").ShouldBe("請輸入帳號。");
        FieldError(page, "Password").ShouldBe("請輸入密碼。");
        page.QuerySelector("#Input_Account")!.GetAttribute("aria-invalid").ShouldBe("true");
        (await store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task The_password_is_never_written_back_into_the_page_nor_the_log()
    {
        var client = SignInSupport.Client(_factory);

        using var response = await SignInSupport.PostPasswordAsync(client, "chenml", "Secret-Typed-7");

        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Secret-Typed-7");
        _factory.Logs.AllText.ShouldNotContain("Secret-Typed-7");
    }

    [Fact]
    public async Task After_sign_in_a_local_return_address_is_followed_and_a_foreign_one_is_not()
    {
        using var local = await SignInSupport.SignInStaffAsync(_factory, SignInSupport.Client(_factory), "reviewer", returnUrl: "/health");
        using var foreign = await SignInSupport.SignInStaffAsync(_factory, SignInSupport.Client(_factory), "reviewer", returnUrl: "https://evil.example/");

        local.Headers.Location!.ToString().ShouldBe("/health");
        foreign.Headers.Location!.ToString().ShouldBe("/Account/MyArea");
    }

    [Fact]
    public async Task An_htmx_sign_in_is_told_where_to_go_by_HX_Redirect()
    {
        using var response = await SignInSupport.PostPasswordAsync(SignInSupport.Client(_factory), "wangxm", SignInSupport.Password, htmx: true);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("HX-Redirect").Single().ShouldBe("/Account/MyArea");
    }

    [Fact]
    public async Task A_protected_page_sends_anonymous_visitors_to_sign_in_and_htmx_gets_HX_Redirect()
    {
        var client = SignInSupport.Client(_factory);

        using var plain = await client.GetAsync("/Account/MyArea");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/MyArea");
        request.Headers.Add("HX-Request", "true");
        using var htmx = await client.SendAsync(request);

        plain.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        plain.Headers.Location!.PathAndQuery.ShouldBe("/Account/SignIn?returnUrl=%2FAccount%2FMyArea");
        htmx.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        htmx.Headers.GetValues("HX-Redirect").Single().ShouldEndWith("/Account/SignIn?returnUrl=%2FAccount%2FMyArea");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = SignInSupport.Client(_factory);
        using var signedIn = await SignInSupport.SignInStaffAsync(_factory, client, "reviewer");
        using var area = await client.GetAsync("/Account/MyArea");
        var token = SignInSupport.FormToken(await Html.ParseAsync(area));

        using var signOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        using var after = await client.GetAsync("/Account/MyArea");

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.PathAndQuery.ShouldStartWith("/Account/SignIn");
    }
}
