using System.Globalization;
using System.Text;
using Domain.Common;
using EndToEnd.Tests.Harness;
using EventStore;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Admin.ReferenceData;

public class ImportPageBrowserTests(BrowserFixture browser, AdministratorService service) : IClassFixture<BrowserFixture>, IClassFixture<AdministratorService>
{
    private const string PersonnelHeader = "national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n";

    private static async Task UploadAsync(IPage page, string kindTitle, string fileName, string csv)
    {
        await page.GetByLabel("資料種類").SelectOptionAsync(new SelectOptionValue { Label = kindTitle });
        await page.Locator("#Upload_File").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "檢查檔案" }).ClickAsync();
    }

    /// <summary>An administrator, signed in once per class (<see cref="BrowserSession.OpenSignedInAsync"/>): the import is what these tests prove.</summary>
    private Task<BrowserSession> SignedInAsync(string account = AdministratorService.Account, [System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        BrowserSession.OpenSignedInAsync(browser, service, account, session => service.SignInAsync(session, account), callerMember: test);

    [Fact]
    public async Task A_file_with_bad_rows_shows_the_row_level_report_and_writes_nothing()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        var id = NationalId.WithCheckDigit("R12345678");
        var before = await service.Store.HeadAsync();
        await page.GotoAsync("/Admin/ReferenceData");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await session.ScreenshotAsync("upload");
        await session.ShouldPassAxeAsync();

        await UploadAsync(page, "人事資料（表二）", "table2.csv", PersonnelHeader
            + $"{id.Value},王大同,wang.dt,current,01,秘書室,,3230000,2026-01-05\n"
            + $"{id.Value},王大同,wang.dt,current,01,秘書室,,3230000,2026-01-05\n"
            + "B123,林小美,,在職,1,人事室,,3230000,2026/01/05\n");
        await page.GetByRole(AriaRole.Heading, new() { Name = "檢查結果：檔案有問題，沒有匯入" }).WaitForAsync();
        await session.ScreenshotAsync("report");

        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the report should be swapped in by htmx");
        var lines = await page.Locator("[data-testid=problems] tbody th").AllInnerTextsAsync();
        lines.ShouldBe(["3", "4", "4", "4", "4"]);
        (await page.Locator("[data-testid=problems]").InnerTextAsync()).ShouldContain(id.Masked);
        (await page.ContentAsync()).ShouldNotContain(id.Value);
        await page.WaitForFunctionAsync("() => document.getElementById('live-region').textContent.includes('沒有寫入任何資料')");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("job-heading");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        // The file itself carries the ID (that is its job); no URL ever does.
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains(id.Value, StringComparison.OrdinalIgnoreCase));
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_good_file_is_checked_confirmed_and_imported()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        var before = await service.Store.HeadAsync();
        await page.GotoAsync("/Admin/ReferenceData");

        await UploadAsync(page, "機關代碼檔", "agencies-2026-11.csv", """
            code,name,expected_oids,review_desk
            3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
            15023,私立明德高級中學,2.16.886.101.20003.30215,承保第二科
            3011400,"財政部財政資訊中心, 臺北",2.16.886.101.20003.20065,承保第一科
            """);
        await page.GetByRole(AriaRole.Heading, new() { Name = "檢查結果：可以匯入" }).WaitForAsync();
        await session.ScreenshotAsync("confirm");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        (await page.Locator("[data-testid=row-count]").InnerTextAsync()).ShouldBe("3");

        await page.GetByLabel("版本標示").FillAsync("2026-11");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認匯入" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "匯入完成" }).WaitForAsync();
        await session.ScreenshotAsync("imported");
        await session.ShouldPassAxeAsync();

        (await page.Locator(".notice--success").InnerTextAsync()).ShouldContain("3 列資料");
        var events = await service.Store.EventsAfterAsync(before);
        events.Select(e => e.Type).ShouldBe(["AgencyDirectoryRowsImported.v1", "AgencyDirectoryImportCompleted.v1"]);
        await page.GotoAsync("/Admin/ReferenceData");
        (await page.Locator("#history-heading + .table-wrap tbody tr").First.InnerTextAsync()).ShouldContain("agencies-2026-11.csv");
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_large_personnel_file_is_followed_to_the_end_with_progress()
    {
        await using var session = await SignedInAsync();
        // The second administrator signs in now, so that the store's events after this point are the import's alone.
        await using var approver = await SignedInAsync(AdministratorService.SecondAccount, "approver");
        var page = session.Page;
        var csv = new StringBuilder(PersonnelHeader);
        for (var i = 0; i < 40_000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{NationalId.WithCheckDigit($"T1{i:0000000}").Value},人員{i},,current,01,秘書室,,3230000,2026-01-05\n");
        var before = await service.Store.HeadAsync();
        await page.GotoAsync("/Admin/ReferenceData");

        await UploadAsync(page, "人事資料（表二）", "national-table2.csv", csv.ToString());
        await page.GetByRole(AriaRole.Heading, new() { Name = "檢查結果：可以匯入" }).WaitForAsync(new() { Timeout = 120_000 });
        (await page.Locator("[data-testid=row-count]").InnerTextAsync()).ShouldBe("40000");
        var steps = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Url.Contains("handler=Progress", StringComparison.Ordinal))
                steps.Add(r.Url);
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "確認匯入" }).ClickAsync();
        // Personnel records take effect only once a second administrator approves (four eyes): nothing written yet.
        await Assertions.Expect(page.GetByTestId("awaiting-approval")).ToBeVisibleAsync();
        (await service.Store.EventsAfterAsync(before)).ShouldBeEmpty();

        var approval = approver.Page;
        approval.Response += (_, r) =>
        {
            if (r.Url.Contains("handler=Progress", StringComparison.Ordinal))
                steps.Add(r.Url);
        };
        await approval.GotoAsync("/Admin/ReferenceData");
        await approval.GetByTestId("awaiting-approval-list").GetByRole(AriaRole.Link).ClickAsync();
        await approval.GetByRole(AriaRole.Button, new() { Name = "核准匯入" }).ClickAsync();
        await approval.GetByRole(AriaRole.Heading, new() { Name = "匯入完成" }).WaitForAsync(new() { Timeout = 120_000 });
        await approver.ScreenshotAsync("imported");

        var events = await service.Store.EventsAfterAsync(before);
        events.Count.ShouldBe(9);
        events.Select(e => e.Position.Value).ShouldBe(Enumerable.Range(0, 9).Select(i => before.Value + 1 + i));
        (await approval.Locator(".notice--success").InnerTextAsync()).ShouldContain("40000 列資料");
    }

    [Fact]
    public async Task Without_JavaScript_the_same_form_checks_the_file_on_a_whole_page()
    {
        // Signing staff in takes the card step (script and the card agent); the import page is then used without script.
        string signedIn;
        await using (var session = await BrowserSession.OpenAsync(browser, service))
        {
            await service.SignInAsync(session);
            signedIn = await session.Page.Context.StorageStateAsync();
        }
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.BaseUrl.ToString(), Locale = "zh-TW", JavaScriptEnabled = false, StorageState = signedIn });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/Admin/ReferenceData");
            (await page.Locator("h1").InnerTextAsync()).ShouldBe("參考資料匯入");

            await UploadAsync(page, "辦公日曆（放假及補行上班日）", "calendar.csv", "date,name,kind\n2030-02-30,不存在的日子,holiday\n");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Admin/ReferenceData\\?handler=Check$"));
            await page.WaitForLoadStateAsync(LoadState.Load);

            (await page.Locator("h1").InnerTextAsync()).ShouldBe("參考資料匯入");
            (await page.Locator("[data-testid=problems] tbody th").AllInnerTextsAsync()).ShouldBe(["2"]);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}

/// <summary>The seeding helper other browser tests use, seen from the administrator's page (its own fresh store).</summary>
public class SeededReferenceDataBrowserTests(BrowserFixture browser, AdministratorService service) : IClassFixture<BrowserFixture>, IClassFixture<AdministratorService>
{
    [Fact]
    public async Task Seeded_demo_data_shows_in_the_import_history_as_demo_data()
    {
        (await service.SeedReferenceDataAsync()).Seeded.ShouldBeTrue();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        await service.SignInAsync(session);

        await session.Page.GotoAsync("/Admin/ReferenceData");
        await session.ScreenshotAsync("history");

        var history = await session.Page.Locator("#history-heading + .table-wrap tbody").InnerTextAsync();
        // The page names the actor (ActorNames): the demo seeding's imports read 示範資料, not its recorded id demo-data.
        history.ShouldContain("示範資料");
        history.ShouldNotContain("demo-data");
        history.ShouldContain("人事資料（表二）");
        await session.ShouldPassAxeAsync();
        (await service.SeedReferenceDataAsync()).Seeded.ShouldBeFalse();
    }
}
