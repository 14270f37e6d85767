using Dapper;
using EndToEnd.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReadModels.Querying;
using ReadModels.Runner;

namespace EndToEnd.Tests.Audit;

/// <summary>The administrator's operations pages in Chromium: projection status and rebuild, whole-store integrity.</summary>
public class OperationsPageTests(BrowserFixture browser, OperationsService service) : IClassFixture<BrowserFixture>, IClassFixture<OperationsService>
{
    private const string Administrator = "audit-admin";

    private async Task<long> CounterRowsAsync()
    {
        await using var connection = await service.Services.GetRequiredService<ReadModelDatabase>().OpenReadConnectionAsync();
        return await connection.ExecuteScalarAsync<long?>("SELECT seen FROM audit_test_counter WHERE id = 1") ?? 0;
    }

    [Fact]
    public async Task A_rebuild_shows_its_progress_while_the_old_tables_keep_answering_then_swaps()
    {
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, Administrator, s => AuditService.SignInAsync(s, Administrator));
        var page = session.Page;
        // The sign-in itself appended an event: take the head after it.
        var head = (await service.Store.HeadAsync()).Value;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            await service.Services.GetRequiredService<ProjectionRunner>().WaitForCheckpointAsync(HeldCounterProjection.ProjectionName, new EventStore.Position(head), timeout.Token);
        (await CounterRowsAsync()).ShouldBe(head);

        await page.GotoAsync("/Admin/Projections");
        var row = page.Locator($"[data-testid=projection][data-name='{HeldCounterProjection.ProjectionName}']");
        await Assertions.Expect(row.GetByTestId("head")).ToHaveTextAsync(head.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(row.GetByTestId("lag")).ToHaveTextAsync("0");
        // Every projection of the service is named in zh-TW beside its technical name (issue 13 point 8).
        await Assertions.Expect(page.Locator("[data-testid=projection][data-name='reference-agency-directory'] [data-testid=projection-title]")).ToHaveTextAsync("機關代碼檔");
        foreach (var name in (await service.Services.GetRequiredService<ProjectionRunner>().GetStatusAsync()).Select(s => s.Name).Where(n => n != HeldCounterProjection.ProjectionName))
            (await page.Locator($"[data-testid=projection][data-name='{name}'] [data-testid=projection-title]").CountAsync()).ShouldBe(1, name);
        await session.ScreenshotAsync("status");
        await session.ShouldPassAxeAsync();

        service.Counter.Hold();
        await row.GetByRole(AriaRole.Button, new() { Name = $"重建 {HeldCounterProjection.ProjectionName}" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("rebuild-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("rebuild-running")).ToBeVisibleAsync();
        // Several polls later the rebuild is still held, and queries still read the live generation's rows.
        await page.WaitForResponseAsync(r => r.Url.Contains("Watching=", StringComparison.Ordinal));
        await page.WaitForResponseAsync(r => r.Url.Contains("Watching=", StringComparison.Ordinal));
        await Assertions.Expect(row.GetByTestId("rebuild-progress")).ToBeVisibleAsync();
        (await CounterRowsAsync()).ShouldBe(head, "the old tables answer until the swap");
        await session.ScreenshotAsync("rebuilding");
        await session.ShouldPassAxeAsync();

        service.Counter.Release();
        await Assertions.Expect(page.GetByTestId("rebuild-done")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("rebuild-progress")).ToHaveCountAsync(0);
        (await CounterRowsAsync()).ShouldBe(head, "the rebuilt tables hold the same count");
        (await service.Services.GetRequiredService<ProjectionRunner>().GetStatusAsync()).Single(s => s.Name == HeldCounterProjection.ProjectionName).Rebuild.ShouldBeNull();
        await session.ScreenshotAsync("swapped");
    }

    [Fact]
    public async Task The_whole_store_check_passes_then_names_the_first_altered_event()
    {
        await using var session = await BrowserSession.OpenSignedInAsync(browser, service, Administrator, s => AuditService.SignInAsync(s, Administrator));
        var page = session.Page;
        await page.GotoAsync("/Admin/Integrity");
        await session.ShouldPassAxeAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "開始檢查" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("integrity-ok")).ToBeVisibleAsync();
        // Who started it, by name and role (issue 13 point 8).
        (await page.Locator("#integrity-check").InnerTextAsync()).ShouldContain($"由 {Administrator}（系統管理者） 於");
        (await page.Locator("#integrity-check").InnerTextAsync()).ShouldNotContain("staff:");
        await session.ScreenshotAsync("intact");
        await session.ShouldPassAxeAsync();

        await service.AlterStoredEventAsync(AuditService.Agency, revision: 2);
        await page.GetByRole(AriaRole.Button, new() { Name = "開始檢查" }).ClickAsync();
        var broken = page.GetByTestId("integrity-broken");
        await Assertions.Expect(broken).ToContainTextAsync($"registration-{AuditService.Agency}");
        await Assertions.Expect(broken).ToContainTextAsync("版次 2");
        await Assertions.Expect(broken).ToContainTextAsync("內容被修改");
        await session.ScreenshotAsync("broken");
        await session.ShouldPassAxeAsync();
    }
}
