using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Domain.Accounts;
using EventStore;
using Microsoft.Extensions.DependencyInjection;
using Web.Authentication;
using Web.Authentication.Passwords;
using Web.Tests.Authentication;
using Web.Tests.Pages.Admin.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Admin.Staff;

/// <summary>工作人員帳號管理 over HTTP: every change an event naming the administrator; disable and role change end live sessions; bad input writes nothing.</summary>
public class StaffAccountPageTests(AdministratorApp app) : IClassFixture<AdministratorApp>
{
    private const string Page = "/Admin/Staff";

    // 王小明 of the test PKI: the holder SignInSupport's staff card belongs to.
    private static readonly string HolderId = TestPki.TestPkiCache.Get().Leaf(SignInSupport.StaffCard).Citizen!.NationalId;

    private IEventStore Store => app.Services.GetRequiredService<IEventStore>();

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, params (string Name, string Value)[] fields)
    {
        using var form = await client.GetAsync(Page);
        var token = SignInSupport.FormToken(await Html.ParseAsync(form));
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync($"{Page}?handler={handler}", new FormUrlEncodedContent(values));
    }

    private static string? FieldError(IDocument page, string id) => page.QuerySelector($"#{id}-error")?.TextContent.Trim();

    private async Task<IReadOnlyList<RecordedEvent>> StreamAsync(string account) =>
        (await Store.ReadStreamAsync($"account-{account}", Direction.Forwards, StreamRevision.Start, 100)).Events;

    [Fact]
    public async Task Bad_input_is_named_at_each_field_in_zh_TW_and_nothing_is_written()
    {
        var admin = await app.AdministratorAsync();
        var head = await Store.ReadHeadPositionAsync();

        using var response = await PostAsync(admin, "Create",
            ("Create.Account", "A123456789"), ("Create.DisplayName", ""), ("Create.NationalId", "A123456788"), ("Create.HolderName", ""), ("Create.Password", "short pass"));
        var page = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        FieldError(page, "Create_Account").ShouldBe("帳號不能是身分證統一編號。");
        FieldError(page, "Create_DisplayName").ShouldBe(AccountRejections.DisplayNameRequired.Message);
        FieldError(page, "Create_Roles").ShouldBe(AccountRejections.StaffNeedRoles.Message);
        FieldError(page, "Create_NationalId").ShouldBe("身分證統一編號的檢查碼不正確，請再核對一次。");
        FieldError(page, "Create_HolderName").ShouldNotBeNull();
        FieldError(page, "Create_Password").ShouldBe(PasswordPolicy.TooShort.Message);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("short pass");
        (await Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Theory]
    [InlineData("password1234", "PASSWORD_TOO_COMMON")]
    [InlineData("qwertyuiop12", "PASSWORD_TOO_COMMON")]
    [InlineData("Taiwan2026!!", null)]
    [InlineData("newstaff-is-me", "PASSWORD_PREDICTABLE")]
    [InlineData("aaaaaaaaaaaaaaaa", "PASSWORD_PREDICTABLE")]
    [InlineData("ababababababababab", "PASSWORD_TOO_COMMON")]
    [InlineData("我的密碼是一隻會飛的藍色大象", null)]
    [InlineData("correct horse battery staple", null)]
    public void The_password_policy_has_no_composition_rules_but_refuses_common_and_predictable_passwords(string password, string? code)
    {
        PasswordPolicy.ListedCount.ShouldBeGreaterThan(10_000);
        PasswordPolicy.Check(password, "newstaff")?.Code.ShouldBe(code);
    }

    [Fact]
    public async Task An_administrator_opens_a_staff_account_and_the_events_name_them_without_the_national_id()
    {
        var admin = await app.AdministratorAsync();

        using var response = await PostAsync(admin, "Create",
            ("Create.Account", "newreviewer"), ("Create.DisplayName", "新審核人員"), ("Create.Roles", Roles.Reviewer),
            ("Create.NationalId", HolderId), ("Create.HolderName", "王小明"), ("Create.Password", "a long review passphrase"));
        var page = await Html.ParseAsync(response);

        page.QuerySelector("[data-testid=staff-notice]")!.TextContent.ShouldContain("newreviewer");
        page.QuerySelector("[data-testid=staff-accounts]")!.TextContent.ShouldContain(Domain.Common.NationalId.Parse(HolderId).Id!.Value.Masked);
        var events = await StreamAsync("newreviewer");
        events.Select(e => e.Type).ShouldBe(["PasswordAccountOpened.v1", "StaffCardHolderRecorded.v1"]);
        events.ShouldAllBe(e => System.Text.Encoding.UTF8.GetString(e.Data.ToArray()).Contains("staff:admin"));
        events.ShouldAllBe(e => !System.Text.Encoding.UTF8.GetString(e.Data.ToArray()).Contains(HolderId));
        // The new account signs in with both factors.
        using var signIn = await SignInSupport.SignInStaffAsync(app, SignInSupport.Client(app), "newreviewer", "a long review passphrase");
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_disabled_accounts_live_session_ends_on_its_next_request_and_its_password_no_longer_works()
    {
        var reviewer = await app.SignedInAsync("reviewer-d", Roles.Reviewer);
        (await reviewer.GetAsync("/Account/MyArea")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await app.AdministratorAsync();

        using var disabled = await PostAsync(admin, "Change", ("Change.Account", "reviewer-d"), ("Change.Action", "Disable"));

        (await Html.ParseAsync(disabled)).QuerySelector("[data-testid=staff-notice]")!.TextContent.ShouldContain("工作階段已結束");
        using var next = await reviewer.GetAsync("/Account/MyArea");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.PathAndQuery.ShouldStartWith("/Account/SignIn");
        using var again = await SignInSupport.PostPasswordAsync(SignInSupport.Client(app), "reviewer-d", SignInSupport.Password);
        (await again.Content.ReadAsStringAsync()).ShouldContain(Web.Pages.Account.SignIn.PasswordSignInMessages.Failed.Message);
        var disabledEvent = (await StreamAsync("reviewer-d")).Last(e => e.Type == "StaffAccountDisabled.v1");
        JsonDocument.Parse(disabledEvent.Data).RootElement.GetProperty("disabledBy").GetString().ShouldBe("staff:admin");

        using var enabled = await PostAsync(admin, "Change", ("Change.Account", "reviewer-d"), ("Change.Action", "Enable"));
        using var back = await SignInSupport.SignInStaffAsync(app, SignInSupport.Client(app), "reviewer-d");
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_role_change_ends_the_live_session_and_the_next_sign_in_carries_the_new_roles()
    {
        var staff = await app.SignedInAsync("roles-r", Roles.Reviewer);
        var admin = await app.AdministratorAsync();

        using var changed = await PostAsync(admin, "Change", ("Change.Account", "roles-r"), ("Change.Action", "SetRoles"), ("Change.Roles", Roles.Auditor));

        (await staff.GetAsync("/Account/MyArea")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var client = SignInSupport.Client(app);
        using (await SignInSupport.SignInStaffAsync(app, client, "roles-r"))
        {
        }
        using var area = await client.GetAsync("/Account/MyArea");
        (await Html.ParseAsync(area)).QuerySelector("[data-testid=my-roles]")!.TextContent.ShouldBe("稽核人員");
    }

    [Fact]
    public async Task A_password_reset_refuses_a_common_password_and_otherwise_replaces_the_old_one()
    {
        await SignInSupport.OpenAsync(app, "reset-r", AccountKind.Staff, Roles.Reviewer);
        var admin = await app.AdministratorAsync();
        var head = await Store.ReadHeadPositionAsync();

        using var common = await PostAsync(admin, "Change", ("Change.Account", "reset-r"), ("Change.Action", "ResetPassword"), ("Change.Password", "Password1234"));
        FieldError(await Html.ParseAsync(common), "Change_Password").ShouldBe(PasswordPolicy.Common.Message);
        (await Store.ReadHeadPositionAsync()).ShouldBe(head);

        using var reset = await PostAsync(admin, "Change", ("Change.Account", "reset-r"), ("Change.Action", "ResetPassword"), ("Change.Password", "a brand new passphrase"));
        (await SignInSupport.PostPasswordAsync(SignInSupport.Client(app), "reset-r", SignInSupport.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var fresh = await SignInSupport.SignInStaffAsync(app, SignInSupport.Client(app), "reset-r", "a brand new passphrase");
        fresh.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves()
    {
        var admin = await app.AdministratorAsync("self-admin");

        using var response = await PostAsync(admin, "Change", ("Change.Account", "self-admin"), ("Change.Action", "Disable"));

        (await response.Content.ReadAsStringAsync()).ShouldContain(AccountRejections.NotYourself.Message);
        (await admin.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_administrators_open_the_page()
    {
        var auditor = await app.SignedInAsync("page-auditor", Roles.Auditor);

        using var response = await auditor.GetAsync(Page);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }
}
