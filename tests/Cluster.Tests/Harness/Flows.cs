using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TestPki;

namespace Cluster.Tests.Harness;

/// <summary>What a person does in the browser, through the balancer (the steps of the browser tests' drivers, trimmed).</summary>
public static class Flows
{
    public const string Pin = "123456";
    public const string Agency = "3230000";
    public const string OrganisationCard = "org-gca-rsa";
    public const string ManagerCard = "citizen-moica2-rsa";
    public const string ManagerId = "A123456789";

    public static ILocator StepTitle(IPage page) => page.Locator("#wizard-step-title");

    /// <summary>Only these cards in the agent's readers (the demo back end re-reads the folder on every call).</summary>
    public static void OnlyCards(ClusterFixture cluster, params string[] leaves)
    {
        foreach (var card in Directory.EnumerateFiles(cluster.CardsDirectory, "*.card.json"))
            File.Delete(card);
        foreach (var leaf in leaves)
        {
            var image = JsonNode.Parse(File.ReadAllText(cluster.Pki.PathOf(cluster.Pki.Leaf(leaf).CardPath)))!;
            File.WriteAllText(Path.Combine(cluster.CardsDirectory, leaf + ".card.json"), image.ToJsonString());
        }
    }

    public static async Task WaitForCardAsync(IPage page) =>
        await Assertions.Expect(page.Locator("#CardStep_Reader-status")).ToContainTextAsync("已偵測到");

    /// <summary>Types the PIN (it goes to the agent only), presses the button and waits until the server answered.</summary>
    public static async Task SubmitPinAsync(IPage page, string button = "確認")
    {
        await page.Locator("#CardStep_Pin").FillAsync(Pin);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => !document.querySelector('form[data-card-step][aria-busy=\"true\"]')");
    }

    /// <summary>首次註冊 up to the manager's card step: terms accepted, the organisation card step passed.</summary>
    public static async Task RegistrationToManagerStepAsync(IPage page, string agency)
    {
        await page.GotoAsync("/Registration/First");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("用戶約定條款");
        await page.GetByRole(AriaRole.Button, new() { Name = "同意條款內容" }).ClickAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
        await WaitForCardAsync(page);
        await page.Locator("#Input_AgencyCode").FillAsync(agency);
        await SubmitPinAsync(page);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await Assertions.Expect(page.Locator("[data-testid=accepted-agency]")).ToContainTextAsync(agency);
    }

    /// <summary>From the manager's card step to the registered agency's receipt.</summary>
    public static async Task RegistrationFromManagerStepAsync(IPage page, string agency, string managerId)
    {
        await WaitForCardAsync(page);
        await page.Locator("#Input_ManagerNationalId").FillAsync(managerId);
        await SubmitPinAsync(page);
        await Assertions.Expect(StepTitle(page)).ToContainTextAsync("資料確認");
        await Assertions.Expect(page.Locator("[data-testid=agency-code]")).ToHaveTextAsync(agency);
        await page.Locator("#Contact_Name").FillAsync("王小明");
        await page.Locator("#Contact_Email").FillAsync("manager@agency.gov.tw");
        await page.Locator("#Contact_Phone").FillAsync("(02)2701-3411");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-done]")).ToBeVisibleAsync();
    }

    /// <summary>授權指派's two card steps for the agency registered with <see cref="OrganisationCard"/> and <see cref="ManagerCard"/>; ends at the list.</summary>
    public static async Task OpenGrantSittingAsync(ClusterFixture cluster, IPage page)
    {
        OnlyCards(cluster, OrganisationCard);
        await page.GotoAsync("/Grants");
        await WaitForCardAsync(page);
        await page.Locator("#Step_AgencyCode").FillAsync(Agency);
        await SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權管理者自然人憑證確認");
        OnlyCards(cluster, ManagerCard);
        await WaitForCardAsync(page);
        await page.Locator("#Step_ManagerNationalId").FillAsync(ManagerId);
        await SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("h2#grants-main-title")).ToHaveTextAsync("授權經辦人清單");
    }

    /// <summary>新增 with typed certificate serial, name and ID and one function; waits for the list's message naming the handler and the grant number.</summary>
    public static async Task AddGrantAsync(IPage page, string serial, string name, string nationalId)
    {
        await page.GetByTestId("add-handler").ClickAsync();
        await page.Locator("#Handler_CertificateSerial").FillAsync(serial);
        await page.Locator("#Handler_Name").FillAsync(name);
        await page.Locator("#Handler_NationalId").FillAsync(nationalId);
        await page.GetByLabel("給付試算", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants-message")).ToContainTextAsync($"新增成功！經辦人 {name} 的授權序號為");
    }

    /// <summary>Staff sign-in: account and password, then the holder's citizen card (the demo 王小明 card).</summary>
    public static async Task StaffSignInAsync(ClusterFixture cluster, IPage page, string account)
    {
        OnlyCards(cluster, ManagerCard);
        await page.GotoAsync("/Account/SignIn");
        await page.Locator("#Input_Account").FillAsync(account);
        await page.Locator("#Input_Password").FillAsync("Demo-Pass-2026");
        await page.Locator("#password-sign-in").GetByRole(AriaRole.Button, new() { Name = "登入", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=staff-password-ok]")).ToBeVisibleAsync();
        await WaitForCardAsync(page);
        await SubmitPinAsync(page, "完成登入");
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/SignIn"));
    }
}
