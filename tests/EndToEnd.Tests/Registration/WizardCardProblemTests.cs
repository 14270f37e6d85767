using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>
/// A card that cannot be used, met inside the 首次註冊 wizard rather than on a query page: wrong PINs counting down,
/// a locked card, an expired and a test-CA certificate, at either card step. Each says its own thing — a PIN's at the PIN,
/// the certificate's state in the step's notice — the wizard stays at that step, and nothing is written.
/// </summary>
[RunsLong]
public class WizardCardProblemTests(BrowserFixture browser, RegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<RegistrationService>
{
    private const string OrganisationStep = "機關憑證確認";
    private const string ManagerStep = "自然人憑證確認";

    /// <summary>Opens the wizard and, for the manager step, gets past the organisation step with 財政資訊中心's card.</summary>
    private async Task<IPage> OpenAtAsync(BrowserSession session, bool managerStep)
    {
        var page = session.Page;
        await StartAsync(page, FirstRegistration);
        if (managerStep)
        {
            await OrganisationCardAsync(page, "3011400");
            await Assertions.Expect(StepTitle(page)).ToHaveTextAsync(ManagerStep);
        }
        return page;
    }

    /// <summary>A PIN refused by the card: the agent's answer, shown at the PIN by the page's script (the server is not asked).</summary>
    private static async Task ShouldStayAtAsync(IPage page, string stepTitle, string expected)
    {
        await Assertions.Expect(CardStepDriver.PinError(page)).ToContainTextAsync(expected);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync(stepTitle);
        await CardStepDriver.ShouldAnnounceAsync(page, expected);
        (await CardStepDriver.PinInput(page).InputValueAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Wrong_PINs_of_the_organisation_card_count_down_and_the_last_one_locks_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-ec");
        var before = await service.Store.HeadAsync();
        var page = await OpenAtAsync(session, managerStep: false);

        await OrganisationCardAsync(page, "3011400", "wrong01");
        await ShouldStayAtAsync(page, OrganisationStep, "還可以再試 2 次");
        await FocusShouldBeOnAsync(page, "CardStep_Pin");
        await ShotAsync(session, "organisation-two-tries-left");
        await session.ShouldPassAxeAsync();

        await OrganisationCardAsync(page, "3011400", "wrong02");
        await ShouldStayAtAsync(page, OrganisationStep, "只剩最後 1 次機會");

        await OrganisationCardAsync(page, "3011400", "wrong03");
        await ShouldStayAtAsync(page, OrganisationStep, "這張機關憑證已經鎖卡");
        (await CardStepDriver.PinError(page).InnerTextAsync()).ShouldContain("請洽發給這張卡的「政府憑證管理中心」");
        await ShotAsync(session, "organisation-blocked");
        await session.ShouldPassAxeAsync();

        // Locked is locked, inside the wizard too: the right PIN does not get past the step.
        await OrganisationCardAsync(page, "3011400");
        await ShouldStayAtAsync(page, OrganisationStep, "已經鎖卡");
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("wrong0");
        (await session.Requests.ToWebServerAsync()).Count(r => r.Method == "POST").ShouldBe(1, "only the terms were posted");
    }

    [Fact]
    public async Task A_wrong_PIN_of_the_managers_card_says_how_many_tries_are_left_and_a_locked_one_where_to_unlock_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-ec");
        CardStepDriver.InsertCard(service.Agent, service.Pki, "citizen-moica2-ec", triesLeft: 2);
        var before = await service.Store.HeadAsync();
        var page = await OpenAtAsync(session, managerStep: true);

        await ManagerCardAsync(page, "B220612340", "000000");
        await ShouldStayAtAsync(page, ManagerStep, "PIN 碼錯誤，只剩最後 1 次機會");
        await ShotAsync(session, "manager-one-try-left");
        await session.ShouldPassAxeAsync();

        await ManagerCardAsync(page, "B220612340", "000000");
        await ShouldStayAtAsync(page, ManagerStep, "已經鎖卡");
        var blocked = await CardStepDriver.PinError(page).InnerTextAsync();
        blocked.ShouldContain("內政部憑證管理中心");
        blocked.ShouldNotContain("請洽發給這張卡");
        await ShotAsync(session, "manager-blocked");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync("000000");
    }

    [Theory]
    [InlineData("org-expired", "3010100", "憑證已過期")]
    [InlineData("org-test-ca", "3999999", "測試用憑證")]
    [InlineData("citizen-expired", "H224168027", "憑證已過期")]
    [InlineData("citizen-test-ca", "M125183707", "測試用憑證")]
    public async Task An_expired_or_test_CA_certificate_is_refused_at_its_card_step_with_its_own_notice(string leaf, string typed, string expected)
    {
        await using var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"{nameof(An_expired_or_test_CA_certificate_is_refused_at_its_card_step_with_its_own_notice)}-{leaf}");
        var managerStep = leaf.StartsWith("citizen-", StringComparison.Ordinal);
        service.Agent.RemoveAllCards();
        if (managerStep)
            service.Agent.InsertCard(service.Pki, "org-gca-ec");
        service.Agent.InsertCard(service.Pki, leaf);
        var before = await service.Store.HeadAsync();
        var page = await OpenAtAsync(session, managerStep);

        if (managerStep)
            await ManagerCardAsync(page, typed);
        else
            await OrganisationCardAsync(page, typed);

        // The card's state, not a wrong PIN: said once, in the step's notice, with what to do; no error summary, nothing red at the PIN.
        await Assertions.Expect(Notice(page)).ToContainTextAsync(expected);
        await Assertions.Expect(page.Locator("#registration-wizard").GetByText(expected)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(CardStepDriver.PinError(page)).ToBeHiddenAsync();
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBeNull();
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync(managerStep ? ManagerStep : OrganisationStep);
        await CardStepDriver.ShouldAnnounceAsync(page, expected);
        // One message, not the other's: an expired card is not called a test card, nor the reverse.
        (await Notice(page).InnerTextAsync()).ShouldNotContain(expected == "憑證已過期" ? "測試用憑證" : "憑證已過期");
        await ShotAsync(session, leaf);
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
