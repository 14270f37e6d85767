using System.Text;
using System.Text.Json;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Audit;

/// <summary>The auditor's pages in Chromium: timeline, state as of an instant, difference, export, chain verification.</summary>
public class AuditPageTests(BrowserFixture browser, AuditService service) : IClassFixture<BrowserFixture>, IClassFixture<AuditService>
{
    private const string Auditor = "audit-auditor";

    /// <summary>The auditor, signed in once per class (<see cref="BrowserSession.OpenSignedInAsync"/>): the audit pages are what these tests prove.</summary>
    private Task<BrowserSession> SignedInAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        BrowserSession.OpenSignedInAsync(browser, service, Auditor, session => AuditService.SignInAsync(session, Auditor), callerMember: test);

    private async Task<BrowserSession> AuditorAsync(string agency, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var session = await SignedInAsync(test);
        await session.Page.GotoAsync("/Audit");
        await session.Page.Locator("#AgencyCode").FillAsync(agency);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "查看歷程" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#timeline-title")).ToBeVisibleAsync();
        return session;
    }

    [Fact]
    public async Task Timeline_shows_every_event_with_what_who_when_and_the_certificates_it_relied_on()
    {
        await using var session = await AuditorAsync(AuditService.Agency);
        var page = session.Page;
        var rows = page.GetByTestId("audit-event");
        await Assertions.Expect(rows).ToHaveCountAsync(4);

        var first = rows.Nth(0);
        (await first.GetByTestId("event-what").InnerTextAsync()).ShouldStartWith("首次註冊：行政院人事行政總處");
        (await first.InnerTextAsync()).ShouldContain("115年11月23日10點00分00秒");
        // Who acted, as the person and role the stream recorded, not the certificate id the metadata holds (issue 13 point 8).
        (await first.GetByTestId("event-actor").InnerTextAsync()).ShouldBe("王小明（授權管理者）");
        (await rows.Nth(3).GetByTestId("event-actor").InnerTextAsync()).ShouldBe("王小明（授權管理者）");
        var certificates = await first.GetByTestId("event-certificate").AllInnerTextsAsync();
        certificates.ShouldContain(c => c.Contains(AuditService.FirstManagerSerial, StringComparison.Ordinal) && c.Contains("內政部憑證管理中心", StringComparison.Ordinal));
        certificates.ShouldContain(c => c.Contains("5C0001", StringComparison.Ordinal) && c.Contains("政府憑證管理中心", StringComparison.Ordinal));
        (await rows.Nth(1).GetByTestId("event-what").InnerTextAsync()).ShouldContain("新增經辦人授權（第 1 號）：陳美玲（B22****340）");
        (await rows.Nth(1).InnerTextAsync()).ShouldContain("功能（功能選單版本 2022-11）：異動登錄、申報資料傳送");
        (await rows.Nth(2).InnerTextAsync()).ShouldContain("115年11月25日10點00分00秒");
        (await rows.Nth(3).GetByTestId("event-what").InnerTextAsync()).ShouldStartWith("刪除經辦人授權（第 1 號）");

        var text = await page.Locator("main").InnerTextAsync();
        text.ShouldContain("A12****789");
        text.ShouldNotContain(AuditService.ManagerId);
        text.ShouldNotContain(AuditService.HandlerId);
        text.ShouldNotContain("cert:");
        await session.ScreenshotAsync("timeline");
        await session.ShouldPassAxeAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "驗證這個機關的雜湊鏈" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-ok")).ToContainTextAsync("4 筆事件");
        await session.ScreenshotAsync("chain-ok");
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task The_state_as_of_an_instant_is_the_stream_replayed_up_to_it()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await page.GotoAsync($"/Audit/AsOf?AgencyCode={AuditService.Agency}");
        await page.Locator("#Date").FillAsync("115/11/24");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看當時狀態" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("as-of-title")).ToContainTextAsync("115年11月24日23點59分59秒");
        (await page.GetByTestId("state-manager-serial").InnerTextAsync()).ShouldBe(AuditService.FirstManagerSerial);
        (await page.GetByTestId("state-grant-1").InnerTextAsync()).ShouldEndWith("有效");
        (await page.GetByTestId("state-manager-id").InnerTextAsync()).ShouldBe("A12****789");
        (await page.Locator("#audit-as-of").InnerTextAsync()).ShouldContain("之後另有 2 筆事件未計入");
        await session.ScreenshotAsync("as-of-day-2");
        await session.ShouldPassAxeAsync();

        // Exactly at the swap's recorded second it counts; one second before it does not.
        await page.Locator("#Date").FillAsync("115/11/25");
        await page.Locator("#Time").FillAsync("09:59:59");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看當時狀態" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("as-of-title")).ToContainTextAsync("09點59分59秒");
        (await page.GetByTestId("state-manager-serial").InnerTextAsync()).ShouldBe(AuditService.FirstManagerSerial);
        await page.Locator("#Time").FillAsync("10:00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看當時狀態" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("state-manager-serial")).ToHaveTextAsync(AuditService.SecondManagerSerial);

        await page.Locator("#Time").FillAsync("25:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看當時狀態" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Time")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Time-error")).ToContainTextAsync("時間無法辨識");
        await session.ScreenshotAsync("as-of-bad-time");
        await session.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task The_difference_between_two_instants_lists_each_changed_line_and_the_events_between()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await page.GotoAsync($"/Audit/Diff?AgencyCode={AuditService.Agency}");
        await page.Locator("#FromDate").FillAsync("115/11/23");
        await page.Locator("#ToDate").FillAsync("115/11/26");
        await page.GetByRole(AriaRole.Button, new() { Name = "比較" }).ClickAsync();

        var changes = page.GetByTestId("diff-change");
        await Assertions.Expect(changes.First).ToBeVisibleAsync();
        var serial = changes.Filter(new() { HasText = "授權管理者自然人憑證序號" });
        (await serial.GetByTestId("diff-before").InnerTextAsync()).ShouldBe(AuditService.FirstManagerSerial);
        (await serial.GetByTestId("diff-after").InnerTextAsync()).ShouldBe(AuditService.SecondManagerSerial);
        var grant = changes.Filter(new() { HasText = "第 1 號" });
        (await grant.GetByTestId("diff-before").InnerTextAsync()).ShouldBe("（無）");
        (await grant.GetByTestId("diff-after").InnerTextAsync()).ShouldEndWith("已刪除");
        await Assertions.Expect(page.Locator("#audit-diff").GetByTestId("audit-event")).ToHaveCountAsync(3);
        await session.ScreenshotAsync("diff");
        await session.ShouldPassAxeAsync();

        await page.Locator("#FromDate").FillAsync("115/11/26");
        await page.Locator("#ToDate").FillAsync("115/11/23");
        await page.GetByRole(AriaRole.Button, new() { Name = "比較" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ToDate-error")).ToContainTextAsync("結束時間必須晚於起始時間");
    }

    [Fact]
    public async Task Export_downloads_the_history_as_CSV_and_JSON_with_each_events_hash_link_and_masked_IDs()
    {
        await using var session = await AuditorAsync(AuditService.Agency);
        var page = session.Page;

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        csvDownload.SuggestedFilename.ShouldBe($"registration-{AuditService.Agency}-history.csv");
        var csvBytes = await File.ReadAllBytesAsync((await csvDownload.PathAsync())!);
        csvBytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a byte-order mark, so spreadsheets read the Chinese");
        var csv = Encoding.UTF8.GetString(csvBytes.AsSpan(3));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("位置,版次,事件編號,事件類型");
        lines.Length.ShouldBe(5);
        var previous = new string('0', 64);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            cells[^2].ShouldBe(previous, "each event's previous hash is the hash of the event before it");
            cells[^1].Length.ShouldBe(64);
            previous = cells[^1];
        }

        csv.ShouldContain("A12****789");
        csv.ShouldNotContain(AuditService.ManagerId);
        csv.ShouldNotContain(AuditService.HandlerId);
        csv.ShouldContain(AuditService.ManagerActor);

        var jsonDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-json").ClickAsync());
        var jsonText = await File.ReadAllTextAsync((await jsonDownload.PathAsync())!);
        jsonText.ShouldNotContain(AuditService.ManagerId);
        using var json = JsonDocument.Parse(jsonText);
        json.RootElement.GetProperty("agencyCode").GetString().ShouldBe(AuditService.Agency);
        json.RootElement.GetProperty("exportedBy").GetString().ShouldBe($"staff:{Auditor}");
        var events = json.RootElement.GetProperty("events").EnumerateArray().ToList();
        events.Count.ShouldBe(4);
        events[0].GetProperty("type").GetString().ShouldBe("AgencyRegistered.v1");
        events[0].GetProperty("data").GetProperty("managerNationalId").GetString().ShouldBe("A12****789");
        events[1].GetProperty("data").GetProperty("handlerNationalId").GetString().ShouldBe("B22****340");
        for (var i = 1; i < events.Count; i++)
            events[i].GetProperty("previousHash").GetString().ShouldBe(events[i - 1].GetProperty("hash").GetString());
        events[^1].GetProperty("hash").GetString().ShouldBe(previous, "both formats carry the same chain");
    }

    [Fact]
    public async Task Verification_names_the_first_event_altered_in_the_stored_file()
    {
        await service.AlterStoredEventAsync(AuditService.TamperedAgency, revision: 1);
        await using var session = await AuditorAsync(AuditService.TamperedAgency);
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "驗證這個機關的雜湊鏈" }).ClickAsync();

        var broken = page.GetByTestId("chain-broken");
        await Assertions.Expect(broken).ToContainTextAsync("版次 1");
        await Assertions.Expect(broken).ToHaveAttributeAsync("data-revision", "1");
        await Assertions.Expect(broken).ToContainTextAsync("內容被修改");
        await Assertions.Expect(broken).ToContainTextAsync("新增經辦人授權（第 1 號）");
        await session.ScreenshotAsync("chain-broken");
        await session.ShouldPassAxeAsync();
    }
}
