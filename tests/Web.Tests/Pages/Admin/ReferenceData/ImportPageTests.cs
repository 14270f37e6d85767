using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Domain.Common;
using Domain.ReferenceData;
using EventStore;
using EventStore.Serialization;
using ReadModels.ReferenceData;
using Web.Tests.TestSupport;

namespace Web.Tests.Pages.Admin.ReferenceData;

/// <summary>/Admin/ReferenceData over HTTP: administrators only, a row-level report that writes nothing, confirm then import.</summary>
public class ImportPageTests(AdministratorApp app) : IClassFixture<AdministratorApp>
{
    private const string Page = "/Admin/ReferenceData";

    internal static async Task<IDocument> PostFileAsync(HttpClient client, ReferenceDataKind kind, string csv, string fileName = "file.csv", bool htmx = false)
    {
        var token = Html.RequestToken(await Html.ParseAsync(await client.GetAsync(Page)));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind.ToString()), "Upload.Kind" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload.File", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Page}?handler=Check") { Content = form };
        if (htmx)
            request.Headers.Add("HX-Request", "true");
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await Html.ParseAsync(response);
    }

    internal static async Task<IDocument> ConfirmAsync(HttpClient client, IDocument step, string? version = null)
    {
        var form = step.QuerySelector("form[action*='handler=Import']").ShouldNotBeNull("the confirmation form");
        var fields = new Dictionary<string, string>
        {
            ["Confirm.JobId"] = form.QuerySelector("input[name='Confirm.JobId']")!.GetAttribute("value")!,
            ["Confirm.Version"] = version ?? form.QuerySelector("input[name='Confirm.Version']")!.GetAttribute("value")!,
            ["__RequestVerificationToken"] = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!,
        };
        using var response = await client.PostAsync($"{Page}?handler=Import", new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await Html.ParseAsync(response);
    }

    [Fact]
    public async Task Visitors_who_are_not_administrators_are_refused()
    {
        var anonymous = Web.Tests.Authentication.SignInSupport.Client(app);
        var reviewer = await app.SignedInAsync("reviewer1", Web.Authentication.Roles.Reviewer);

        var signIn = await anonymous.GetAsync(Page);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldContain("/Account/SignIn");
        var refused = await reviewer.GetAsync(Page);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        (await reviewer.PostAsync($"{Page}?handler=Check", new StringContent(""))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_file_with_bad_rows_shows_each_row_with_its_line_masked_IDs_and_writes_nothing()
    {
        var client = await app.AdministratorAsync();
        var head = await app.Store.ReadHeadPositionAsync();
        var id = NationalId.WithCheckDigit("P12345678");
        var csv = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n"
            + $"{id.Value},甲,,current,01,秘書室,,3230000,2026-01-05\n"
            + $"{id.Value},甲,,current,01,秘書室,,3230000,2026-01-05\n"
            + "A12345678,乙,,current,01,秘書室,,323,2026-01-05\n";

        var page = await PostFileAsync(client, ReferenceDataKind.Personnel, csv);

        page.QuerySelector("h2#job-heading")!.TextContent.ShouldBe("檢查結果：檔案有問題，沒有匯入");
        var rows = page.QuerySelectorAll("[data-testid=problems] tbody tr").Select(r => r.QuerySelector("th")!.TextContent + " " + r.QuerySelectorAll("td")[0].TextContent).ToList();
        rows.ShouldBe(["3 —", "4 national_id", "4 agency_code"]);
        page.Body!.TextContent.ShouldContain(id.Masked);
        page.Body.InnerHtml.ShouldNotContain(id.Value);
        page.QuerySelector("form[action*='handler=Import']").ShouldBeNull();
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task A_good_file_is_imported_only_after_confirmation_and_the_events_name_the_administrator()
    {
        var client = await app.AdministratorAsync("lee");
        var csv = "code,name,expected_oids,review_desk\n3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科\n15023,私立明德高級中學,,承保第二科\n";
        var head = await app.Store.ReadHeadPositionAsync();

        var check = await PostFileAsync(client, ReferenceDataKind.AgencyDirectory, csv, "agencies-2026-11.csv");

        check.QuerySelector("[data-testid=row-count]")!.TextContent.ShouldBe("2");
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);

        var done = await ConfirmAsync(client, check, "2026-11");
        for (var i = 0; done.QuerySelector("h2#job-heading")!.TextContent != "匯入完成" && i < 20; i++)
        {
            var poll = done.QuerySelector("[hx-get*='handler=Progress']").ShouldNotBeNull().GetAttribute("hx-get")!;
            done = await Html.ParseAsync(await client.GetAsync(poll));
        }

        done.QuerySelector("h2#job-heading")!.TextContent.ShouldBe("匯入完成");
        done.QuerySelector(".notice--success")!.TextContent.ShouldContain("2026-11");
        (await app.Get<AgencyDirectoryLookup>().FindAsync(AgencyCode.Of("15023"))).ShouldNotBeNull().Name.ShouldBe("私立明德高級中學");
        var events = await app.Store.ReadAllAsync(Direction.Forwards, new Position(head.Value + 1), 10);
        events.Select(e => e.Type).ShouldBe(["AgencyDirectoryRowsImported.v1", "AgencyDirectoryImportCompleted.v1"]);
        events.ShouldAllBe(e => EventMetadata.From(e)!.Actor == "staff:lee");
        var history = await Html.ParseAsync(await client.GetAsync(Page));
        history.QuerySelector("#history-heading + .table-wrap tbody tr")!.TextContent.ShouldContain("agencies-2026-11.csv");
    }

    [Fact]
    public async Task A_bad_version_label_is_refused_at_its_field_and_nothing_is_written()
    {
        var client = await app.AdministratorAsync();
        var check = await PostFileAsync(client, ReferenceDataKind.HolidayCalendar, "date,name,kind\n2030-10-10,國慶日,holiday\n");
        var head = await app.Store.ReadHeadPositionAsync();

        var again = await ConfirmAsync(client, check, "第一版");

        again.QuerySelector("[data-valmsg-for='Confirm.Version']")!.TextContent.ShouldContain("版本標示");
        again.QuerySelector("#Confirm_Version")!.GetAttribute("aria-invalid").ShouldBe("true");
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task An_upload_without_a_file_is_answered_at_the_field_for_htmx()
    {
        var client = await app.AdministratorAsync();
        var token = Html.RequestToken(await Html.ParseAsync(await client.GetAsync(Page)));
        using var form = new MultipartFormDataContent { { new StringContent("AgencyDirectory"), "Upload.Kind" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Page}?handler=Check") { Content = form };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);

        using var response = await client.SendAsync(request);
        var step = await Html.ParseAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<html", Case.Insensitive);
        step.QuerySelector("[data-valmsg-for='Upload.File']")!.TextContent.ShouldBe("請選擇要匯入的檔案。");
    }

    [Fact]
    public async Task Another_administrator_cannot_see_or_confirm_someone_elses_check()
    {
        var check = await PostFileAsync(await app.AdministratorAsync("owner"), ReferenceDataKind.HolidayCalendar, "date,name,kind\n2035-10-10,國慶日,holiday\n");
        var job = check.QuerySelector("input[name='Confirm.JobId']")!.GetAttribute("value")!;

        var intruder = await app.AdministratorAsync("intruder");
        var other = await Html.ParseAsync(await intruder.GetAsync($"{Page}?job={job}"));

        other.QuerySelector(".error-summary")!.TextContent.ShouldContain("找不到這次匯入");
        other.QuerySelector("form[action*='handler=Import']").ShouldBeNull();
    }

    [Fact]
    public async Task The_report_download_lists_every_problem()
    {
        var client = await app.AdministratorAsync();
        var rows = string.Concat(Enumerable.Range(0, 250).Select(i => $"2030-13-{i % 28 + 1:00},壞日期,holiday\n"));
        var check = await PostFileAsync(client, ReferenceDataKind.HolidayCalendar, "date,name,kind\n" + rows);

        check.QuerySelectorAll("[data-testid=problems] tbody tr").Length.ShouldBe(200);
        var link = check.QuerySelector("a[href*='handler=Report']")!.GetAttribute("href")!;
        var report = await client.GetStringAsync(link);

        report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(251);
        report.ShouldContain("\n251,date,date-invalid,");
    }

    /// <summary>Issue 14 point 4: personnel records (and trust anchors) wait for a second administrator; the first cannot approve their own.</summary>
    [Fact]
    public async Task A_personnel_import_waits_for_a_second_administrator_and_the_first_cannot_approve_it()
    {
        await app.ImportAsync(ReferenceDataKind.AgencyDirectory, Web.Tests.Authentication.DemoPeople.DirectoryCsv);
        var first = await app.AdministratorAsync("four-eyes-1");
        var head = await app.Store.ReadHeadPositionAsync();
        var check = await PostFileAsync(first, ReferenceDataKind.Personnel, Web.Tests.Authentication.DemoPeople.PersonnelCsv, "personnel-four-eyes.csv");

        var waiting = await ConfirmAsync(first, check, "2026-12");

        waiting.QuerySelector("[data-testid=awaiting-approval]")!.TextContent.ShouldContain("four-eyes-1");
        waiting.QuerySelector("form[action*='handler=Approve']").ShouldBeNull("the one who confirmed is offered no approval");
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head, "nothing is written before the second administrator approves");
        var job = check.QuerySelector("input[name='Confirm.JobId']")!.GetAttribute("value")!;

        // The first administrator posts the approval anyway: refused, still nothing written.
        var refused = await ApproveAsync(first, waiting, job);
        refused.QuerySelector(".error-summary")!.TextContent.ShouldContain(Web.Pages.Admin.ReferenceData.ImportJobs.OwnApproval.Message);
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head);

        // A second administrator (another person) finds it on the page and approves it: written now, naming both.
        var second = await app.AdministratorAsync("four-eyes-2", OtherPersonsCard);
        var list = await Html.ParseAsync(await second.GetAsync(Page));
        list.QuerySelector("[data-testid=awaiting-approval-list]")!.TextContent.ShouldContain("personnel-four-eyes.csv");
        var opened = await Html.ParseAsync(await second.GetAsync($"{Page}?job={job}"));
        opened.QuerySelector("form[action*='handler=Approve']").ShouldNotBeNull("a second administrator is offered the approval");
        var done = await ApproveAsync(second, opened, job);
        for (var i = 0; done.QuerySelector("h2#job-heading")!.TextContent != "匯入完成" && i < 20; i++)
        {
            var poll = done.QuerySelector("[hx-get*='handler=Progress']").ShouldNotBeNull().GetAttribute("hx-get")!;
            done = await Html.ParseAsync(await second.GetAsync(poll));
        }
        done.QuerySelector("h2#job-heading")!.TextContent.ShouldBe("匯入完成");
        // The second administrator's own sign-in wrote to their account's stream meanwhile; the import is the rest.
        var events = (await app.Store.ReadAllAsync(Direction.Forwards, new Position(head.Value + 1), 1000)).Where(e => !e.StreamId.StartsWith("account-", StringComparison.Ordinal)).ToList();
        events.ShouldNotBeEmpty();
        events.ShouldAllBe(e => EventMetadata.From(e)!.Actor == "staff:four-eyes-1 approved-by staff:four-eyes-2");
        var history = await Html.ParseAsync(await second.GetAsync(Page));
        // Both administrators by name (the account name here) and role, not the recorded staff:… ids.
        var importedBy = history.QuerySelector("#history-heading + .table-wrap tbody tr")!.TextContent;
        importedBy.ShouldContain("four-eyes-1（系統管理者）（核准：four-eyes-2（系統管理者））");
        importedBy.ShouldNotContain("staff:");
    }

    /// <summary>The card of someone other than the default staff holder (陳美玲): a second person for four eyes.</summary>
    private const string OtherPersonsCard = "citizen-moica2-ec";

    /// <summary>Issue 14 point 4: four eyes compare people, not accounts — a second account held by the same person cannot approve.</summary>
    [Fact]
    public async Task A_second_account_held_by_the_same_person_cannot_approve_and_nothing_is_written()
    {
        await app.ImportAsync(ReferenceDataKind.AgencyDirectory, Web.Tests.Authentication.DemoPeople.DirectoryCsv);
        var first = await app.AdministratorAsync("same-person-1");
        var sameHolder = await app.AdministratorAsync("same-person-2");
        var head = await app.Store.ReadHeadPositionAsync();
        var check = await PostFileAsync(first, ReferenceDataKind.Personnel, Web.Tests.Authentication.DemoPeople.PersonnelCsv, "personnel-same-person.csv");
        await ConfirmAsync(first, check, "2026-12");
        var job = check.QuerySelector("input[name='Confirm.JobId']")!.GetAttribute("value")!;

        var opened = await Html.ParseAsync(await sameHolder.GetAsync($"{Page}?job={job}"));
        var refused = await ApproveAsync(sameHolder, opened, job);

        refused.QuerySelector(".error-summary")!.TextContent.ShouldContain(Web.Pages.Admin.ReferenceData.ImportJobs.SamePersonApproval.Message);
        refused.QuerySelector("h2#job-heading")?.TextContent.ShouldNotBe("匯入完成");
        (await app.Store.ReadHeadPositionAsync()).ShouldBe(head, "two accounts of one person are one pair of eyes: nothing written");

        // Someone else approves the same job: the refusal was the person, not the job.
        var other = await app.AdministratorAsync("other-person", OtherPersonsCard);
        var approved = await ApproveAsync(other, await Html.ParseAsync(await other.GetAsync($"{Page}?job={job}")), job);
        approved.QuerySelector(".error-summary").ShouldBeNull();
    }

    internal static async Task<IDocument> ApproveAsync(HttpClient client, IDocument page, string job)
    {
        var token = Html.RequestToken(page);
        using var response = await client.PostAsync($"{Page}?handler=Approve", new FormUrlEncodedContent(
            [new("Confirm.JobId", job), new("__RequestVerificationToken", token)]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await Html.ParseAsync(response);
    }
}
