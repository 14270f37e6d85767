using System.Text.RegularExpressions;
using Domain.Registration;
using EndToEnd.Tests.Harness;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Web.Pages.Registration;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>
/// The wizard's run lives on the server and its id in the address: reload (F5) shows the same step, Back the step before
/// with what was entered, and the cards already verified are not asked again; two tabs are two runs, and the second to
/// confirm is told the agency changed meanwhile.
/// </summary>
public partial class WizardHistoryTests(BrowserFixture browser, RegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<RegistrationService>
{
    [GeneratedRegex(@"/Registration/First/[0-9a-f-]{36}\?step=manager$")]
    private static partial Regex ManagerStepAddress();

    private static ILocator Resume(IPage page) => page.GetByTestId("wizard-resume");

    [Fact]
    public async Task Reload_keeps_the_step_and_Back_shows_the_step_before_with_the_agency_code_without_reading_the_cards_again()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-ec");          // 財政資訊中心 3011400
        service.Agent.InsertCard(service.Pki, "citizen-moica2-ec");   // 陳美玲 B220612340, its staff
        var before = await service.Store.HeadAsync();

        await StartAsync(page, FirstRegistration);
        await OrganisationCardAsync(page, "3011400");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await Assertions.Expect(page).ToHaveURLAsync(ManagerStepAddress());

        // F5 at step 3: the same step, the agency accepted, not the terms again.
        await page.ReloadAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await Assertions.Expect(Testid(page, "accepted-agency")).ToContainTextAsync("3011400");
        await ShotAsync(session, "reloaded-at-manager-step");
        await session.ShouldPassAxeAsync();

        await ManagerCardAsync(page, "B220612340");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
        await page.ReloadAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
        await Assertions.Expect(Testid(page, "manager-id")).ToHaveTextAsync("B22****340");

        // Back: the manager step, then the organisation step with the agency code typed; each offers to go on without the cards.
        await page.GoBackAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await Assertions.Expect(Resume(page)).ToContainTextAsync("回到「資料確認」");
        await page.GoBackAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
        await Assertions.Expect(page.Locator("#Input_AgencyCode")).ToHaveValueAsync("3011400");
        await Assertions.Expect(Resume(page)).ToContainTextAsync("回到「資料確認」");
        await ShotAsync(session, "back-at-organisation-step");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        service.Agent.RemoveAllCards();   // going on needs no card
        await Resume(page).GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
        await FillContactAsync(page, "陳美玲", "manager@agency.gov.tw", "(02)2701-3411");
        await ConfirmAsync(page);
        await Assertions.Expect(Testid(page, "wizard-done")).ToBeVisibleAsync();
        (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem().StreamId.ShouldBe("registration-3011400");
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_tabs_are_two_runs_and_the_second_to_confirm_is_told_the_agency_changed_meanwhile()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");          // 人事行政總處 3230000
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");   // 王小明 A123456789, its staff
        var before = await service.Store.HeadAsync();
        var first = session.Page;
        var second = await session.Context.NewPageAsync();

        await StartAsync(first, FirstRegistration);
        await OrganisationCardAsync(first, "3230000");
        await ManagerCardAsync(first, "A123456789");
        await Assertions.Expect(StepTitle(first)).ToHaveTextAsync("首次註冊資料確認");
        await FillContactAsync(first, "第一分頁", "first@agency.gov.tw", "(02)2345-6789");

        // Opening the wizard in a second tab leaves the first where it was.
        await StartAsync(second, FirstRegistration);
        await first.ReloadAsync();
        await Assertions.Expect(StepTitle(first)).ToHaveTextAsync("首次註冊資料確認");
        var firstRun = await first.Locator("#registration-wizard").GetAttributeAsync("data-wizard-run");
        (await second.Locator("#registration-wizard").GetAttributeAsync("data-wizard-run")).ShouldNotBe(firstRun);

        await OrganisationCardAsync(second, "3230000");
        await ManagerCardAsync(second, "A123456789");
        await Assertions.Expect(StepTitle(second)).ToHaveTextAsync("首次註冊資料確認");
        await FillContactAsync(second, "第二分頁", "second@agency.gov.tw", "(02)2345-6789");
        await FillContactAsync(first, "第一分頁", "first@agency.gov.tw", "(02)2345-6789");

        await ConfirmAsync(first);
        await Assertions.Expect(Testid(first, "wizard-done")).ToBeVisibleAsync();
        await ConfirmAsync(second);
        await Assertions.Expect(second.Locator(".error-summary")).ToContainTextAsync(RegistrationMessages.ChangedMeanwhile.Message);
        await Assertions.Expect(StepTitle(second)).ToHaveTextAsync("首次註冊資料確認");

        var registry = service.Services.GetRequiredService<EventTypeRegistry>();
        var recorded = (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem();
        registry.Deserialize(recorded).ShouldBeOfType<AgencyRegistered>().ManagerContact.Name.ShouldBe("第一分頁");
    }
}
