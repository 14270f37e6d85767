using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>查詢憑證註冊收件紀錄 used through its form (htmx): a blank or malformed code at its field, an agency with no receipts.</summary>
public class ReceiptsQueryTests(BrowserFixture browser, RegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<RegistrationService>
{
    private static async Task QueryAsync(IPage page, string code)
    {
        await page.Locator("#AgencyCode").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "查詢" }).ClickAsync();
    }

    [Fact]
    public async Task A_blank_or_malformed_code_is_named_at_its_field_and_an_agency_without_receipts_is_told_so()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        await page.GotoAsync("/Registration/Receipts");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("查詢憑證註冊收件紀錄");
        await session.ShouldPassAxeAsync();

        await QueryAsync(page, "");
        await Assertions.Expect(FieldError(page, "AgencyCode")).ToHaveTextAsync("請輸入機關代號。");
        await Assertions.Expect(page.Locator("#AgencyCode")).ToHaveAttributeAsync("aria-invalid", "true");

        await QueryAsync(page, "12AB");
        await Assertions.Expect(FieldError(page, "AgencyCode")).ToHaveTextAsync("機關代號應為 5 位數字（公保機關代號），或 7 至 10 位英文字母及數字（機關代碼）。");
        await ShotAsync(session, "agency-code-format");
        await session.ShouldPassAxeAsync();

        await QueryAsync(page, "3110000");
        await Assertions.Expect(Testid(page, "no-receipts")).ToHaveTextAsync("機關代號 3110000（國家發展委員會） 尚無憑證註冊收件紀錄。");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("AgencyCode=3110000$"));
        await Assertions.Expect(FieldError(page, "AgencyCode")).ToHaveCountAsync(0);
        await ShotAsync(session, "no-receipts");
        await session.ShouldPassAxeAsync();
    }
}
