using EndToEnd.Tests.Account;
using EndToEnd.Tests.Audit;
using EndToEnd.Tests.Harness;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReadModels.Registration;
using ReadModels.Runner;
using Web.Pages.Admin.Integrity;

namespace EndToEnd.Tests.Authorization;

/// <summary>
/// Each role meets a refusal wherever it has no business — by typing the URL, and by posting a form with the valid
/// antiforgery token of its own (lower-privileged) session — and the refused post changes nothing.
/// </summary>
[RunsLong]
public class RoleDenialTests(BrowserFixture browser, RolesService service) : IClassFixture<BrowserFixture>, IClassFixture<RolesService>
{
    private const string Anonymous = "(anonymous)";
    private const string Auditor = "audit-auditor";
    private const string Administrator = "audit-admin";
    private const string Reviewer = "audit-reviewer";

    private static readonly string[] Sessions = [Anonymous, RolesService.CivilServant, RolesService.PersonnelOfficer, Reviewer, Auditor, Administrator];

    private static readonly string[] SignedIn = [RolesService.CivilServant, RolesService.PersonnelOfficer, Reviewer, Auditor, Administrator];

    /// <summary>Each protected page (GET) and the sessions here allowed on it (none: only a card session may open it).</summary>
    private static readonly (string Url, string[] Allowed)[] Pages =
    [
        ("/Audit", [Auditor]),
        ($"/Audit?AgencyCode={AuditService.Agency}", [Auditor]),
        ("/Audit/AsOf", [Auditor]),
        ("/Audit/Diff", [Auditor]),
        ("/Audit/SecurityLog", [Auditor]),
        ($"/Audit?handler=Export&AgencyCode={AuditService.Agency}&format=csv", [Auditor]),
        ($"/Audit?handler=Verify&AgencyCode={AuditService.Agency}", [Auditor]),
        ("/Admin/Projections", [Administrator]),
        ("/Admin/Integrity", [Administrator]),
        ("/Admin/ReferenceData", [Administrator]),
        ("/Admin/GrantSearch", [Administrator]),
        ("/Admin/Staff", [Administrator]),
        ("/Health", [Administrator]),
        ("/Registration/Review", [Reviewer]),
        ("/Registration/SwapReview", [Reviewer]),
        ("/Ecpa/OrganisationCertificate", [RolesService.PersonnelOfficer]),
        ("/Ecpa/Grants", []),
        ("/Ecpa/Accounts", []),
        ("/Grants/Mine", []),
        ("/Account/MyArea", SignedIn),
        ("/Account/MyArea/UploadCitizenCertificate", [RolesService.CivilServant, RolesService.PersonnelOfficer]),
    ];

    [Fact]
    public void The_table_of_protected_pages_names_every_page_that_asks_for_a_policy()
    {
        var protectedPages = service.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && !e.Metadata.GetOrderedMetadata<IAllowAnonymous>().Any())
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath)
            .OfType<string>()
            .Select(path => path.EndsWith("/Index", StringComparison.Ordinal) ? path[..^"/Index".Length] : path)
            .Distinct()
            .ToList();

        protectedPages.ShouldNotBeEmpty();
        protectedPages.Except(Pages.Select(p => p.Url.Split('?')[0])).ShouldBeEmpty("protected pages missing from this test's table");
    }

    /// <summary>
    /// A session of <paramref name="who"/>; each account signs in once per class (<see cref="BrowserSession.OpenSignedInAsync"/>):
    /// these tests prove what a session may reach and post, and the class signed in 17 times.
    /// </summary>
    private Task<BrowserSession> SessionAsync(string who, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var name = $"{test}-{who.Trim('(', ')')}";
        if (who == Anonymous)
            return BrowserSession.OpenAsync(browser, service, callerMember: name);
        return BrowserSession.OpenSignedInAsync(browser, service, who, async session =>
        {
            if (who is RolesService.CivilServant or RolesService.PersonnelOfficer)
            {
                // Civil servants sign in with the password alone; only staff take the second step with their card.
                await SignInDriver.PasswordSignInAsync(session.Page, who, AuditService.Password);
                await SignInDriver.LeftSignInPageAsync(session.Page);
            }
            else
            {
                await AuditService.SignInAsync(session, who);
            }
        }, callerMember: name);
    }

    private static async Task<string> OwnTokenAsync(BrowserSession session)
    {
        await session.Page.GotoAsync("/");
        return (await session.Page.Locator("meta[name=request-verification-token]").GetAttributeAsync("content")).ShouldNotBeNull();
    }

    private static void ShouldBeRefused(IAPIResponse response, string who, string what)
    {
        response.Status.ShouldBe(302, $"{who} on {what}");
        response.Headers["location"].ShouldContain(who == Anonymous ? "/Account/SignIn" : "/Account/AccessDenied", Case.Sensitive, $"{who} on {what}");
    }

    [Fact]
    public async Task Every_role_is_refused_by_direct_URL_on_each_page_that_is_not_its_own_and_admitted_on_its_own()
    {
        foreach (var who in Sessions)
        {
            await using var session = await SessionAsync(who);
            foreach (var (url, allowed) in Pages)
            {
                var response = await session.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });
                if (allowed.Contains(who))
                    response.Status.ShouldBe(200, $"{who} on {url}");
                else
                    ShouldBeRefused(response, who, url);
            }

            // What the browser shows for a refusal: the access-denied page (or the sign-in page), itself accessible.
            var notOwn = Pages.First(p => !p.Allowed.Contains(who)).Url;
            await session.Page.GotoAsync(notOwn);
            await Assertions.Expect(session.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(who == Anonymous ? "/Account/SignIn" : "/Account/AccessDenied"));
            await session.ScreenshotAsync("refused");
            await session.ShouldPassAxeAsync();
        }
    }

    [Fact]
    public async Task Forged_posts_carrying_a_valid_token_of_a_lower_session_are_refused_and_write_nothing()
    {
        var forged = new (string Who, string Url, Dictionary<string, string> Fields)[]
        {
            (Auditor, "/Admin/Projections?handler=Rebuild", new() { ["name"] = RegistrationReceiptsProjection.ProjectionName }),
            (Reviewer, "/Admin/Projections?handler=Rebuild", new() { ["name"] = RegistrationReceiptsProjection.ProjectionName }),
            (Auditor, "/Admin/Integrity?handler=Verify", []),
            (Reviewer, "/Admin/Staff?handler=Change", new() { ["Change.Account"] = Administrator, ["Change.Action"] = "Disable" }),
            (Auditor, "/Admin/Staff?handler=Create", new() { ["Create.Account"] = "forged-admin", ["Create.Roles"] = "administrator" }),
            (RolesService.PersonnelOfficer, "/Admin/Integrity?handler=Verify", []),
            (Auditor, "/Admin/ReferenceData?handler=Check", new() { ["Upload.Kind"] = "AgencyDirectory" }),
            (RolesService.PersonnelOfficer, "/Admin/ReferenceData?handler=Import", new() { ["Confirm.Version"] = "forged" }),
            (Auditor, "/Registration/Review?handler=Approve", new() { ["Decision.AgencyCode"] = AuditService.Agency, ["Decision.CaseNumber"] = "1" }),
            (Administrator, "/Registration/Review?handler=Reject", new() { ["Decision.AgencyCode"] = AuditService.Agency, ["Decision.CaseNumber"] = "1", ["Decision.Reason"] = "forged" }),
            (Auditor, "/Registration/SwapReview?handler=Approve", new() { ["Decision.AgencyCode"] = AuditService.Agency, ["Decision.RequestNumber"] = "1" }),
            (Administrator, "/Registration/SwapReview?handler=Refuse", new() { ["Decision.AgencyCode"] = AuditService.Agency, ["Decision.RequestNumber"] = "1", ["Decision.Reason"] = "forged" }),
            (Administrator, "/Ecpa/Grants?handler=Grant", new() { ["Input.System"] = "forged" }),
            (Auditor, "/Ecpa/Grants?handler=Revoke", []),
            (Reviewer, "/Ecpa/Accounts", []),
            (RolesService.CivilServant, "/Ecpa/OrganisationCertificate?handler=Bind", []),
        };
        var head = await service.Store.HeadAsync();

        foreach (var group in forged.GroupBy(f => f.Who))
        {
            await using var session = await SessionAsync(group.Key);
            var token = await OwnTokenAsync(session);
            foreach (var (who, url, fields) in group)
            {
                var form = session.Context.APIRequest.CreateFormData();
                form.Set("__RequestVerificationToken", token);
                foreach (var (key, value) in fields)
                    form.Set(key, value);
                ShouldBeRefused(await session.Context.APIRequest.PostAsync(url, new() { Form = form, MaxRedirects = 0 }), who, url);
            }
        }

        // The card-sitting grant pages have no role gate (the sitting is the gate): an auditor's forged post is answered without a write.
        await using (var auditor = await SessionAsync(Auditor))
        {
            var form = auditor.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", await OwnTokenAsync(auditor));
            form.Set("Form.HandlerName", "偽造");
            var answer = await auditor.Context.APIRequest.PostAsync("/Grants/Add", new() { Form = form, MaxRedirects = 0 });
            answer.Status.ShouldBeLessThan(500);
        }

        // Signing the sessions in is recorded (the accounts' security history, and a staff card bound at its first
        // two-factor sign-in); nothing else was written.
        (await service.Store.EventsAfterAsync(head)).ShouldAllBe(e =>
            (e.Type == "PasswordSignInSucceeded.v2" || e.Type == "StaffCitizenCardBound.v1") && e.StreamId.StartsWith("account-"));
        var runner = service.Services.GetRequiredService<ProjectionRunner>();
        (await runner.GetStatusAsync()).ShouldAllBe(s => s.Rebuild == null, "no forged rebuild started");
        service.Services.GetRequiredService<IntegrityChecks>().Latest.ShouldBeNull("no forged integrity check started");

        // The same kind of post from the role it belongs to goes through: the refusals above were the role, not the request.
        await using var admin = await SessionAsync(Administrator);
        var own = admin.Context.APIRequest.CreateFormData();
        own.Set("__RequestVerificationToken", await OwnTokenAsync(admin));
        (await admin.Context.APIRequest.PostAsync("/Admin/Integrity?handler=Verify", new() { Form = own, MaxRedirects = 0 })).Status.ShouldBe(200);
        service.Services.GetRequiredService<IntegrityChecks>().Latest.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_auditor_reads_everything_on_the_audit_pages_and_finds_no_control_that_changes_anything()
    {
        await using var session = await SessionAsync(Auditor);
        var page = session.Page;
        foreach (var url in new[] { $"/Audit?AgencyCode={AuditService.Agency}", $"/Audit/AsOf?AgencyCode={AuditService.Agency}&Date=115/11/26", $"/Audit/Diff?AgencyCode={AuditService.Agency}&FromDate=115/11/23&ToDate=115/11/26" })
        {
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator("main h2").First).ToBeVisibleAsync();
            (await page.Locator("main form[method=post]").CountAsync()).ShouldBe(0, $"{url} offers no form that posts");
            await session.ShouldPassAxeAsync();
        }
    }

    /// <summary>What each session's function menu lists (sub-menu links after their heading's name and a colon).</summary>
    private static readonly (string Who, string[] Menu)[] Menus =
    [
        (Anonymous, ["首頁", "首次註冊", "更換憑證：機關憑證、授權管理者自然人憑證、兩者一起更換", "授權指派", "查詢作業：憑證註冊收件紀錄、機關憑證OID、自然人憑證序號、已授權清單"]),
        (RolesService.CivilServant, ["首頁", "首次註冊", "更換憑證：機關憑證、授權管理者自然人憑證、兩者一起更換", "授權指派", "查詢作業：憑證註冊收件紀錄、機關憑證OID、自然人憑證序號、已授權清單"]),
        (Reviewer, ["首頁", "機關憑證OID審核", "兩張憑證同時更換審核"]),
        (Auditor, ["首頁", "稽核：機關註冊歷程", "稽核：安全事件紀錄"]),
        (Administrator, ["首頁", "工作人員帳號管理", "查詢資料（投影）維運", "事件儲存區完整性檢查", "已授權清單查詢（跨機關）", "參考資料匯入", "系統狀態"]),
    ];

    [Fact]
    public async Task Each_role_finds_its_own_work_in_the_function_menu_and_no_sign_in_link_once_signed_in()
    {
        foreach (var (who, expected) in Menus)
        {
            await using var session = await SessionAsync(who);
            var page = session.Page;
            await page.GotoAsync("/");
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "功能選單" });
            var shown = await menu.Locator(":scope > ul > li").EvaluateAllAsync<string[]>("""
                items => items.map(li => {
                  const summary = li.querySelector('summary');
                  return summary
                    ? summary.textContent.trim() + '：' + [...li.querySelectorAll('li a')].map(a => a.textContent.trim()).join('、')
                    : li.textContent.trim();
                })
                """);
            shown.ShouldBe(expected, $"the menu of {who}");
            (await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "登入", Exact = true }).CountAsync()).ShouldBe(who == Anonymous ? 1 : 0, $"登入 in the header for {who}");
            if (who != Anonymous)
                continue;

            // A sub-menu opens by keyboard and leads to its page.
            await menu.GetByText("更換憑證").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "授權管理者自然人憑證" })).ToBeVisibleAsync();
            await session.ScreenshotAsync("menu-open");
            await session.ShouldPassAxeAsync();
            await menu.GetByRole(AriaRole.Link, new() { Name = "授權管理者自然人憑證" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Registration/Swap/Manager/"));
            await Assertions.Expect(menu.Locator("summary.main-nav__current")).ToHaveTextAsync("更換憑證");
        }
    }
}
