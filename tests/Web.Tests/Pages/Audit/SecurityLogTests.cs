using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Domain.ReferenceData;
using EventStore.SecurityLog;
using Web.Authentication;
using Web.SecurityLog;
using Web.Tests.Authentication;
using Web.Tests.CardSteps;
using Web.Tests.Pages.Admin.ReferenceData;
using Web.Tests.Pages.Admin.Staff;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Audit;

/// <summary>
/// Issue 14 point 7: every kind of security event is written by the real action over HTTP, with subject, client
/// address, trace id and time; nothing in the log holds a whole national ID, a password or a PIN; the auditor's page
/// filters and pages it; others are refused; a flood from one address is capped per minute.
/// </summary>
public partial class SecurityLogTests(SecurityLogApp app) : IClassFixture<SecurityLogApp>
{
    private const string Page = "/Audit/SecurityLog";

    // 王小明 of the test PKI, who holds the staff accounts (SignInSupport.StaffCard).
    private static readonly string HolderId = TestPki.TestPkiCache.Get().Leaf(SignInSupport.StaffCard).Citizen!.NationalId;

    private const string WrongPassword = "not the password 4711";

    /// <summary>A PIN a hostile page might post along (the real card step never sends one; the server must not keep it either).</summary>
    private const string Pin = "918273";

    private IReadOnlyList<SecurityLogRow> From(string address) => app.Log.All().Where(r => r.Address == address).ToList();

    [Fact]
    public async Task Each_kind_of_event_is_written_by_the_real_action_with_subject_address_and_trace_id_and_no_whole_ID_or_secret()
    {
        await SignInSupport.LoadPeopleAsync(app);
        const string stranger = "198.51.100.7", admin = "192.0.2.10", second = "192.0.2.11";

        // A stranger types a national ID as the account with a wrong password, then posts a card sign-in without a card.
        using var strangerClient = app.ClientFrom(stranger);
        using (await SignInSupport.PostPasswordAsync(strangerClient, HolderId, WrongPassword))
        {
        }
        var cardStep = await CardStepForm.OpenAsync(strangerClient, "/Account/SignIn");
        using (await cardStep.PostAsync(strangerClient, token: "", [new("CardStep.Pin", Pin)], htmx: false))
        {
        }

        // An administrator signs in with both factors, searches grants for a person, exports, opens a staff account.
        var administrator = await app.StaffFromAsync(admin, "sl-admin", Roles.Administrator);
        using (await PostGrantSearchAsync(administrator, "Search", HolderId))
        {
        }
        using (await PostGrantSearchAsync(administrator, "Export", HolderId))
        {
        }
        using (await StaffAccountPageTests.PostAsync(administrator, "Create",
            ("Create.Account", "sl-reviewer"), ("Create.DisplayName", "新審核人員"), ("Create.Roles", Roles.Reviewer),
            ("Create.NationalId", HolderId), ("Create.HolderName", "王小明"), ("Create.Password", "a long review passphrase")))
        {
        }

        // A personnel import: requested by the first, refused to the first as approver, approved by another person.
        var check = await ImportPageTests.PostFileAsync(administrator, ReferenceDataKind.Personnel, DemoPeople.PersonnelCsv, "personnel-security-log.csv");
        var waiting = await ImportPageTests.ConfirmAsync(administrator, check, "2026-12");
        var job = check.QuerySelector("input[name='Confirm.JobId']")!.GetAttribute("value")!;
        await ImportPageTests.ApproveAsync(administrator, waiting, job);
        var approver = await app.StaffFromAsync(second, "sl-admin-2", Roles.Administrator, "citizen-moica2-ec");
        await ImportPageTests.ApproveAsync(approver, await Html.ParseAsync(await approver.GetAsync($"/Admin/ReferenceData?job={job}")), job);

        var strangers = From(stranger);
        var passwordFailure = strangers.Single(r => r.Kind == SecurityEventKinds.SignInFailed && r.Method == SignInMethods.Password);
        passwordFailure.Subject.ShouldBe(HolderId[..3] + "****" + HolderId[7..], "a national ID typed as the account is kept masked");
        passwordFailure.Code.ShouldBe("SIGN_IN_FAILED");
        var cardFailure = strangers.Single(r => r.Kind == SecurityEventKinds.CardStepFailed);
        cardFailure.Code.ShouldNotBeNullOrEmpty();
        cardFailure.Detail!.ShouldContain("sign-in-citizen-card");
        strangers.ShouldContain(r => r.Kind == SecurityEventKinds.SignInFailed && r.Method == SignInMethods.CitizenCard && r.Code == cardFailure.Code);

        var admins = From(admin);
        var signIn = admins.Single(r => r.Kind == SecurityEventKinds.SignInSucceeded);
        (signIn.Subject, signIn.Method).ShouldBe(("staff:sl-admin", SignInMethods.PasswordAndCitizenCard));
        // Opening the page lists grants too (a search without filters); the posted search names the person, masked.
        var searches = admins.Where(r => r.Kind == SecurityEventKinds.PersonalDataSearch).ToList();
        searches.ShouldAllBe(r => r.Subject == "staff:sl-admin" && r.Detail!.Contains("已授權清單查詢"));
        var masked = string.Concat(HolderId.AsSpan(0, 3), "****", HolderId.AsSpan(7));
        searches.ShouldContain(r => r.Target == masked);
        admins.ShouldContain(r => r.Kind == SecurityEventKinds.Export && r.Detail!.Contains("CSV 匯出開始"));
        admins.Single(r => r.Kind == SecurityEventKinds.StaffAccountChanged).Target.ShouldBe("staff:sl-reviewer");
        admins.Single(r => r.Kind == SecurityEventKinds.ImportRequested).Detail!.ShouldContain("等待另一位管理者核准");
        admins.Single(r => r.Kind == SecurityEventKinds.ImportRefused).Code.ShouldBe("IMPORT_OWN_APPROVAL");
        var approved = From(second).Single(r => r.Kind == SecurityEventKinds.ImportApproved);
        (approved.Subject, approved.Target).ShouldBe(("staff:sl-admin-2", $"import:{job}"));

        var all = strangers.Concat(admins).Concat(From(second)).ToList();
        all.Select(r => r.Kind).Distinct().Order().ShouldBe(SecurityEventKinds.All.Order(), "every kind of event was written");
        all.ShouldAllBe(r => r.TraceId.Length > 0 && r.TraceId != "-" && r.Occurrences == 1 && !r.Aggregated);
        all.ShouldAllBe(r => (DateTimeOffset.UtcNow - r.At).Duration() < TimeSpan.FromMinutes(10));

        // The whole log, and the database file itself: no whole national ID of anyone in the records, no password.
        var text = string.Join("\n", app.Log.All().Select(r => string.Join("|", r.Kind, r.Subject, r.Address, r.TraceId, r.Method, r.Code, r.Target, r.Detail)));
        WholeNationalId().Matches(text).ShouldBeEmpty();
        foreach (var secret in new[] { WrongPassword, SignInSupport.Password, "a long review passphrase", Pin })
            text.ShouldNotContain(secret);
        var file = await File.ReadAllBytesAsync(((SqliteSecurityLog)app.Log).Path);
        var fileText = Encoding.UTF8.GetString(file);
        WholeNationalId().Matches(fileText).ShouldBeEmpty("the SQLite file holds no whole national ID either");
        foreach (var id in new[] { HolderId, "A123456789", "B220612340", "F128934569" })
        {
            text.ShouldNotContain(id, Case.Insensitive);
            fileText.ShouldNotContain(id, Case.Insensitive);
        }
    }

    [Fact]
    public async Task The_auditors_page_filters_by_kind_subject_address_and_day_and_pages_newest_first()
    {
        // Fifty-five failed sign-ins from eleven addresses (five each: the cap itemises them all), then the auditor's sign-in.
        for (var i = 0; i < 11; i++)
        {
            using var client = app.ClientFrom($"203.0.113.{10 + i}");
            for (var j = 0; j < SecurityLogApp.Cap; j++)
            {
                using (await SignInSupport.PostPasswordAsync(client, $"guess-{i}-{j}", WrongPassword))
                {
                }
            }
        }
        var auditor = await app.StaffFromAsync("192.0.2.30", "sl-auditor", Roles.Auditor);

        var everything = await FilterAsync(auditor);
        Total(everything).ShouldBeGreaterThanOrEqualTo(56);
        Rows(everything).Count.ShouldBe(50, "fifty to a page");
        everything.QuerySelector("[data-testid=security-events] thead")!.TextContent.ShouldContain("來源位址");

        var byAddress = await FilterAsync(auditor, ("Filter.Address", "203.0.113.12"));
        Total(byAddress).ShouldBe(SecurityLogApp.Cap);
        Rows(byAddress).ShouldAllBe(r => r.TextContent.Contains("203.0.113.12") && r.TextContent.Contains("登入失敗"));

        var first = await FilterAsync(auditor, ("Filter.Address", "203.0.113."), ("Filter.Kind", SecurityEventKinds.SignInFailed));
        var second = await FilterAsync(auditor, ("Filter.Address", "203.0.113."), ("Filter.Kind", SecurityEventKinds.SignInFailed), ("Filter.Page", "2"));
        (Total(first), Total(second)).ShouldBe((55, 55));
        (Rows(first).Count, Rows(second).Count).ShouldBe((50, 5));
        Rows(first)[0].TextContent.ShouldContain("guess-10-4", customMessage: "newest first");
        Rows(second)[^1].TextContent.ShouldContain("guess-0-0");

        var bySubject = await FilterAsync(auditor, ("Filter.Subject", "GUESS-3-"));
        Total(bySubject).ShouldBe(SecurityLogApp.Cap, "the subject filter ignores case and matches part of it");

        var byKind = await FilterAsync(auditor, ("Filter.Kind", SecurityEventKinds.SignInSucceeded), ("Filter.Subject", "staff:sl-auditor"));
        Rows(byKind).Single().QuerySelectorAll("td")[1].TextContent.ShouldBe("登入成功");
        Rows(byKind).Single().TextContent.ShouldContain("帳號密碼＋自然人憑證");

        var today = Domain.Common.RocDate.FormatShort(Domain.Common.RocDate.TaiwanDate(DateTimeOffset.UtcNow));
        var yesterday = Domain.Common.RocDate.FormatShort(Domain.Common.RocDate.TaiwanDate(DateTimeOffset.UtcNow.AddDays(-1)));
        Total(await FilterAsync(auditor, ("Filter.From", today), ("Filter.To", today), ("Filter.Address", "203.0.113."))).ShouldBe(55);
        Total(await FilterAsync(auditor, ("Filter.To", yesterday), ("Filter.Address", "203.0.113."))).ShouldBe(0);

        var bad = await FilterAsync(auditor, ("Filter.From", "115/13/45"));
        bad.QuerySelector("#Filter_From-error")!.TextContent.ShouldContain("民國年/月/日");
        bad.QuerySelector("[data-testid=security-events]").ShouldBeNull();

        // A whole national ID typed as the subject is masked before it is compared, and matches the masked rows.
        using (await SignInSupport.PostPasswordAsync(app.ClientFrom("198.18.0.40"), HolderId, WrongPassword))
        {
        }
        var byId = await FilterAsync(auditor, ("Filter.Subject", HolderId), ("Filter.Address", "198.18.0.40"));
        Total(byId).ShouldBe(1);
        byId.Body!.InnerHtml.ShouldNotContain(HolderId);
    }

    [Fact]
    public async Task Sessions_other_than_auditors_are_refused_and_strangers_sent_to_sign_in()
    {
        var administrator = await app.StaffFromAsync("192.0.2.40", "sl-admin-3", Roles.Administrator);
        using var refused = await administrator.GetAsync(Page);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.PathAndQuery.ShouldStartWith("/Account/AccessDenied");

        using var anonymous = await app.ClientFrom("192.0.2.41").GetAsync(Page);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.PathAndQuery.ShouldStartWith("/Account/SignIn");
    }

    [Fact]
    public async Task A_flood_of_failed_sign_ins_from_one_address_itemises_at_most_the_cap_per_minute_and_counts_the_rest()
    {
        const string flooder = "198.51.100.99", bystander = "198.51.100.100";
        using var client = app.ClientFrom(flooder);
        const int posts = 3 * SecurityLogApp.Cap;
        for (var i = 0; i < posts; i++)
        {
            using (await SignInSupport.PostPasswordAsync(client, $"flood-{i}", WrongPassword))
            {
            }
        }
        using (await SignInSupport.PostPasswordAsync(app.ClientFrom(bystander), "bystander", WrongPassword))
        {
        }

        var rows = From(flooder).Where(r => r.Kind == SecurityEventKinds.SignInFailed).ToList();
        // The posts may straddle a minute: each minute itemises at most the cap, and nothing is lost from the count.
        foreach (var minute in rows.GroupBy(r => r.At.ToUnixTimeSeconds() / 60))
        {
            minute.Count(r => !r.Aggregated).ShouldBeLessThanOrEqualTo(SecurityLogApp.Cap);
            minute.Count(r => r.Aggregated).ShouldBeLessThanOrEqualTo(1);
        }
        rows.Sum(r => r.Occurrences).ShouldBe(posts);
        rows.Count.ShouldBeLessThanOrEqualTo(2 * (SecurityLogApp.Cap + 1));
        rows.Where(r => r.Aggregated).ShouldNotBeEmpty();
        rows.Where(r => r.Aggregated).ShouldAllBe(r => r.Subject == "-" && r.Code == null);
        rows.Where(r => r.Aggregated).Sum(r => r.Occurrences).ShouldBeGreaterThanOrEqualTo(posts - 2 * SecurityLogApp.Cap);
        From(bystander).Single().Aggregated.ShouldBeFalse("another address has its own allowance");
    }

    private static async Task<HttpResponseMessage> PostGrantSearchAsync(HttpClient client, string handler, string nationalId)
    {
        var token = Html.RequestToken(await Html.ParseAsync(await client.GetAsync("/Admin/GrantSearch")));
        var response = await client.PostAsync($"/Admin/GrantSearch?handler={handler}", new FormUrlEncodedContent(
            [new("Filter.NationalId", nationalId), new("__RequestVerificationToken", token)]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response;
    }

    private static async Task<IDocument> FilterAsync(HttpClient auditor, params (string Name, string Value)[] fields)
    {
        var token = Html.RequestToken(await Html.ParseAsync(await auditor.GetAsync(Page)));
        using var response = await auditor.PostAsync($"{Page}?handler=Search", new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await Html.ParseAsync(response);
    }

    private static int Total(IDocument page) =>
        int.Parse(page.QuerySelector("[data-testid=result-count]")!.GetAttribute("data-total")!, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<IElement> Rows(IDocument page) => page.QuerySelectorAll("[data-testid=security-events] tbody tr").ToList();

    /// <summary>A whole national ID: a capital letter, 1 or 2, eight digits (trace ids are lower-case hex, which can look like one otherwise).</summary>
    [GeneratedRegex("[A-Z][12][0-9]{8}")]
    private static partial Regex WholeNationalId();
}
