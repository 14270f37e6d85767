using System.Text;
using Domain.Common;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Grants;

/// <summary>The administrators' search across agencies: each filter, sorting, a refused filter, and the CSV export downloaded and read.</summary>
[RunsLong]
public class GrantSearchTests(BrowserFixture browser, GrantSearchFixture service) : IClassFixture<BrowserFixture>, IClassFixture<GrantSearchFixture>
{
    private const string Managers = GrantsFixture.Agency + "/1";
    private const string Revoked = GrantsFixture.Agency + "/2";
    private const string Other = GrantSearchFixture.OtherAgency + "/1";

    [Theory]
    [InlineData("none", new[] { Other, Revoked, Managers })]
    [InlineData("agency", new[] { Other })]
    [InlineData("function", new[] { Other, Managers })]
    [InlineData("national-id", new[] { Revoked })]
    [InlineData("serial", new[] { Other })]
    [InlineData("expiring", new[] { Managers })]
    [InlineData("active", new[] { Other, Managers })]
    [InlineData("revoked", new[] { Revoked })]
    [InlineData("issued-between", new[] { Revoked })]
    [InlineData("sorted-by-agency", new[] { Other, Managers, Revoked })]
    public async Task Each_filter_finds_exactly_its_grants_across_agencies(string filter, string[] expected)
    {
        await using var session = await SignedInAsync(filter);
        var page = session.Page;
        await page.GotoAsync("/Admin/GrantSearch");
        await FillAsync(page, filter);
        await SearchAsync(page);

        await Assertions.Expect(Rows(page)).ToHaveCountAsync(expected.Length);
        for (var i = 0; i < expected.Length; i++)
            await Assertions.Expect(Rows(page).Nth(i)).ToHaveAttributeAsync("data-grant", expected[i]);
        (await page.GetByTestId("result-count").GetAttributeAsync("data-total")).ShouldBe(expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await GrantsDriver.ScreenshotAsync(session, filter);
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains(GrantSearchFixture.RevokedHandlerId, StringComparison.Ordinal));
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_filters_are_a_compact_grid_and_the_wide_results_read_at_1280_px_and_scroll_in_their_own_box_when_narrow()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await page.GotoAsync("/Admin/GrantSearch");
        await SearchAsync(page);
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(3);

        // At 1280 px: the filter fields sit at least three to a row, and every column header is one line.
        var fields = await page.Locator(".filter-grid > .field").CountAsync();
        var fieldRows = await page.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('.filter-grid > .field')].map(f => Math.round(f.getBoundingClientRect().top))).size");
        fieldRows.ShouldBeLessThanOrEqualTo((fields + 2) / 3, $"{fields} fields in {fieldRows} rows");
        var headerLines = await page.EvaluateAsync<int[]>("""
            () => [...document.querySelectorAll('[data-testid=search-results] th')].map(th => {
              const range = document.createRange();
              range.selectNodeContents(th);
              return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            })
            """);
        headerLines.ShouldAllBe(lines => lines == 1);
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 1280 px");
        await GrantsDriver.ScreenshotAsync(session, "search-1280");
        await session.ShouldPassAxeAsync();

        // On a narrow screen the table scrolls inside its box; the page itself does not.
        await page.SetViewportSizeAsync(600, 900);
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways at 600 px");
        (await page.EvaluateAsync<bool>("() => { const box = document.querySelector('[data-testid=search-results]').closest('.table-wrap'); return box.scrollWidth > box.clientWidth; }")).ShouldBeTrue("the table's own box scrolls");
        await GrantsDriver.ScreenshotAsync(session, "search-600");
    }

    [Fact]
    public async Task A_malformed_national_ID_is_refused_at_its_field_and_is_never_sent_in_a_URL()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await page.GotoAsync("/Admin/GrantSearch");
        await session.ShouldPassAxeAsync();
        await page.GetByLabel("經辦人身分證統一編號").FillAsync("B220612341");
        await SearchAsync(page);
        await Assertions.Expect(page.Locator("#Filter_NationalId-error")).ToBeVisibleAsync();
        (await page.Locator("#Filter_NationalId").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(0);
        await GrantsDriver.ScreenshotAsync(session, "malformed-id");
        await session.ShouldPassAxeAsync();
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains("B220612341", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_export_writes_every_matching_grant_to_a_CSV_file_with_masked_IDs()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await page.GotoAsync("/Admin/GrantSearch");
        await page.GetByLabel("狀態").SelectOptionAsync(new SelectOptionValue { Label = "有效" });
        await page.GetByTestId("export").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-done")).ToContainTextAsync("共 2 筆");
        await GrantsDriver.ScreenshotAsync(session, "export-done");
        await session.ShouldPassAxeAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".csv");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble(), "Excel needs the byte-order mark to read the Chinese");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith("機關代號,機關名稱,序號,經辦人姓名,身分證統一編號,憑證序號");
        var other = lines[1].Split(',');
        other[0].ShouldBe(GrantSearchFixture.OtherAgency);
        other[2].ShouldBe("1");
        other[3].ShouldBe("張經辦");
        other[4].ShouldBe(NationalId.Parse(GrantSearchFixture.OtherHandlerId).Id!.Value.Masked);
        other[5].ShouldBe(GrantSearchFixture.OtherSerial);
        other[7].ShouldBe("0201 0301");
        other[8].ShouldBe("給付試算、給付自辦作業");
        other[9].ShouldBe("有效");
        var managers = lines[2].Split(',');
        (managers[0], managers[2], managers[5]).ShouldBe((GrantsFixture.Agency, "1", service.ManagerSerial));
        managers[6].ShouldBe(RocDate.FormatDate(service.ManagerCardNotAfter));
        string.Concat(lines).ShouldNotContain(GrantSearchFixture.OtherHandlerId);
    }

    /// <summary>
    /// Sends the form and waits until its answer has replaced it: the page opened with every grant listed, so the rows
    /// alone cannot tell the answer from the page before it.
    /// </summary>
    private static async Task SearchAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.getElementById('grant-search').dataset.before = '1'");
        await page.GetByTestId("search").ClickAsync();
        await page.Locator("form#grant-search:not([data-before])").WaitForAsync();
        await page.WaitForFunctionAsync(GrantsDriver.QuietHtmx);
    }

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=search-results] tbody tr[data-grant]");

    /// <summary>The administrator, signed in once per class (<see cref="BrowserSession.OpenSignedInAsync"/>): the search is what these tests prove.</summary>
    private Task<BrowserSession> SignedInAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        BrowserSession.OpenSignedInAsync(browser, service, GrantSearchFixture.AdminAccount,
            session => SignInDriver.StaffSignInAsync(session, GrantSearchFixture.AdminAccount, GrantSearchFixture.AdminPassword), callerMember: test);

    private async Task FillAsync(IPage page, string filter)
    {
        var now = service.Now;
        switch (filter)
        {
            case "agency":
                await page.GetByLabel("機關代號").FillAsync(GrantSearchFixture.OtherAgency);
                break;
            case "function":
                await page.GetByLabel("授權功能").SelectOptionAsync("0201");
                break;
            case "national-id":
                await page.GetByLabel("經辦人身分證統一編號").FillAsync(GrantSearchFixture.RevokedHandlerId);
                break;
            case "serial":
                await page.GetByLabel("憑證序號").FillAsync("0b:0b:00:01");
                break;
            case "expiring":
                var days = (int)Math.Ceiling((service.ManagerCardNotAfter - now).TotalDays);
                await page.GetByLabel("憑證在幾天內到期").FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "active":
                await page.GetByLabel("狀態").SelectOptionAsync(new SelectOptionValue { Label = "有效" });
                break;
            case "revoked":
                await page.GetByLabel("狀態").SelectOptionAsync(new SelectOptionValue { Label = "已刪除" });
                break;
            case "issued-between":
                await page.GetByLabel("授權日期（起）").FillAsync(RocDate.FormatShort(RocDate.TaiwanDate(now.AddDays(-15))));
                await page.GetByLabel("授權日期（迄）").FillAsync(RocDate.FormatDate(now.AddDays(-5)));
                break;
            case "sorted-by-agency":
                await page.GetByLabel("排序").SelectOptionAsync(new SelectOptionValue { Label = "機關代號" });
                await page.GetByLabel("順序").SelectOptionAsync("true");
                break;
        }
    }
}
