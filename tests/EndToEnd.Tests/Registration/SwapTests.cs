using Domain.Registration;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReadModels.Registration;
using TestPki;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>
/// The three swaps (更換憑證) end to end: each agency is first registered in the browser, then swapped; the event names
/// the old and the new certificate, the read model holds only the new one, and the old card is refused where the
/// registered one is needed. The both-cards swap waits for its cooling-off period (issue 14 point 6) unless a reviewer approves it.
/// </summary>
[RunsLong]
public class SwapTests(BrowserFixture browser, RegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<RegistrationService>
{
    private EventTypeRegistry Registry => service.Services.GetRequiredService<EventTypeRegistry>();

    private RegisteredCertificatesQuery Certificates => service.Services.GetRequiredService<RegisteredCertificatesQuery>();

    private static CertificateKey KeyOf(LeafEntry leaf) => new(leaf.IssuerKeyId, leaf.SerialNumber);

    private static CertificateKey KeyOf(IssuedCard card) => new(card.IssuerKeyId, card.SerialNumber);

    /// <summary>Registers the agency with the two PKI cards (and only them) in their readers.</summary>
    private async Task RegisterAsync(IPage page, string organisationLeaf, string managerLeaf, string agencyCode, string nationalId)
    {
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, organisationLeaf);
        service.Agent.InsertCard(service.Pki, managerLeaf);
        await CompleteAsync(page, FirstRegistration, agencyCode, nationalId);
    }

    private async Task<T> SingleEventAfterAsync<T>(EventStore.Position since, string agencyCode)
    {
        var recorded = (await service.Store.EventsAfterAsync(since)).ShouldHaveSingleItem();
        recorded.StreamId.ShouldBe($"registration-{agencyCode}");
        return Registry.Deserialize(recorded).ShouldBeOfType<T>();
    }

    [Fact]
    public async Task A_renewed_organisation_card_replaces_the_registered_one_and_the_old_card_is_refused_afterwards()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var old = service.Pki.Leaf("org-gca-rsa");                      // 人事行政總處 3230000
        await RegisterAsync(page, "org-gca-rsa", "citizen-moica2-rsa", "3230000", "A123456789");
        var renewed = service.Pki.IssueOrganisationCard(old.Agency!, new CardRequest { Name = "org-gca-rsa-renewed", Variant = "renewed" });
        service.Agent.RemoveCard("org-gca-rsa");
        service.InsertCard(renewed);
        var before = await service.Store.HeadAsync();

        await StartAsync(page, OrganisationSwap, session);
        await OrganisationCardAsync(page, "3230000");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await ManagerCardAsync(page, "A123456789");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("更換機關憑證資料確認");
        await Assertions.Expect(Testid(page, "organisation-serial")).ToHaveTextAsync(renewed.SerialNumber);
        await Assertions.Expect(Testid(page, "previous-organisation-serial")).ToHaveTextAsync(KeyOf(old).SerialNumber);
        // The organisation swap keeps the manager: the contact on file is offered again.
        await Assertions.Expect(page.Locator("#Contact_Name")).ToHaveValueAsync("王小明");
        await ShotAsync(session, "confirmation");
        await session.ShouldPassAxeAsync();
        await ConfirmAsync(page);
        await Assertions.Expect(Testid(page, "wizard-done")).ToBeVisibleAsync();
        await CardStepDriver.ShouldAnnounceAsync(page, "機關憑證已經更換");
        await ShotAsync(session, "done");
        await session.ShouldPassAxeAsync();

        var replaced = await SingleEventAfterAsync<OrganisationCertificateReplaced>(before, "3230000");
        new CertificateKey(replaced.PreviousIssuerKeyId, replaced.PreviousSerialNumber).ShouldBe(KeyOf(old));
        new CertificateKey(replaced.OrganisationCertificate.IssuerKeyId, replaced.OrganisationCertificate.SerialNumber).ShouldBe(KeyOf(renewed));
        replaced.OrganisationCertificate.CardNumber.ShouldBe(renewed.CardNumber);
        replaced.ReplacedAt.ShouldBe(service.Time!.GetUtcNow());

        var registered = (await Certificates.AgencyAsync("3230000")).ShouldNotBeNull();
        registered.OrganisationCertificate.ShouldBe(KeyOf(renewed));
        registered.ManagerCertificate.ShouldBe(KeyOf(service.Pki.Leaf("citizen-moica2-rsa")));
        (await Certificates.OrganisationCertificateOwnerAsync(KeyOf(renewed))).ShouldBe("3230000");
        (await Certificates.OrganisationCertificateOwnerAsync(KeyOf(old))).ShouldBeNull();

        // The old card is no longer the agency's: a manager swap that needs the registered organisation card refuses it.
        var swapped = await service.Store.HeadAsync();
        service.Agent.RemoveCard(renewed.Name);
        service.Agent.InsertCard(service.Pki, "org-gca-rsa");
        await StartAsync(page, ManagerSwap);
        await OrganisationCardAsync(page, "3230000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(RegistrationRejections.NotTheRegisteredOrganisationCertificate.Message);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
        // Nor is it the agency's "new" card in a later organisation swap: a card handed back stays handed back.
        await StartAsync(page, OrganisationSwap);
        await OrganisationCardAsync(page, "3230000");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(RegistrationRejections.OrganisationCertificateReplacedBefore.Message);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
        await ShotAsync(session, "replaced-card-offered-again");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(swapped);

        await page.GotoAsync("/Registration/Receipts?AgencyCode=3230000");
        (await page.Locator("[data-testid=receipts] tbody tr td:nth-child(5)").AllInnerTextsAsync()).ShouldBe(["首次註冊", "更換機關憑證"]);
    }

    [Fact]
    public async Task A_new_manager_with_another_citizen_card_takes_over_and_the_previous_managers_card_is_refused_afterwards()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var previous = service.Pki.Leaf("citizen-moica2-ec");           // 陳美玲 B220612340
        var colleague = service.Demo.CardCitizens.Single(c => c.CardName == "demo-citizen-colleague");   // staff of 3011400 too
        var next = service.Pki.IssueCitizenCard(new CitizenHolder(colleague.Name, colleague.NationalId.Value), new CardRequest { Name = colleague.CardName, Issuer = "moica-g3" });
        await RegisterAsync(page, "org-gca-ec", "citizen-moica2-ec", "3011400", "B220612340");
        service.Agent.RemoveCard("citizen-moica2-ec");
        var before = await service.Store.HeadAsync();

        // 王小明 is staff of 3230000, not of 3011400: the terms of use let only the agency's own staff be its manager.
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");
        await StartAsync(page, ManagerSwap);
        await OrganisationCardAsync(page, "3011400");
        await ManagerCardAsync(page, "A123456789");
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync(RegistrationRejections.ManagerNotAgencyStaff.Message);
        await Assertions.Expect(page.Locator("#Input_ManagerNationalId")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await ShotAsync(session, "manager-of-another-agency");
        await session.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        service.Agent.RemoveCard("citizen-moica2-rsa");
        service.InsertCard(next);

        await CompleteAsync(page, ManagerSwap, "3011400", colleague.NationalId.Value, colleague.Name, session);
        await Assertions.Expect(Testid(page, "manager-serial")).ToHaveTextAsync(next.SerialNumber);
        await Assertions.Expect(Testid(page, "previous-manager-serial")).ToHaveTextAsync(KeyOf(previous).SerialNumber);
        await Assertions.Expect(Testid(page, "manager-id")).ToHaveTextAsync(colleague.NationalId.Masked);

        var replaced = await SingleEventAfterAsync<ManagerCertificateReplaced>(before, "3011400");
        new CertificateKey(replaced.PreviousIssuerKeyId, replaced.PreviousSerialNumber).ShouldBe(KeyOf(previous));
        new CertificateKey(replaced.ManagerCertificate.IssuerKeyId, replaced.ManagerCertificate.SerialNumber).ShouldBe(KeyOf(next));
        replaced.ManagerNationalId.ShouldBe(colleague.NationalId.Value);
        replaced.ManagerContact.Name.ShouldBe(colleague.Name);

        var registered = (await Certificates.AgencyAsync("3011400")).ShouldNotBeNull();
        registered.ManagerCertificate.ShouldBe(KeyOf(next));
        registered.ManagerMaskedId.ShouldBe(colleague.NationalId.Masked);
        registered.OrganisationCertificate.ShouldBe(KeyOf(service.Pki.Leaf("org-gca-ec")));
        (await Certificates.AgenciesManagedByAsync(KeyOf(next))).ShouldBe(["3011400"]);
        (await Certificates.AgenciesManagedByAsync(KeyOf(previous))).ShouldBeEmpty();

        // The previous manager's card no longer speaks for the agency: an organisation swap needs the registered manager.
        var swapped = await service.Store.HeadAsync();
        var renewedOrganisation = service.Pki.IssueOrganisationCard(service.Pki.Leaf("org-gca-ec").Agency!, new CardRequest { Name = "org-gca-ec-renewed", Variant = "renewed" });
        service.Agent.RemoveAllCards();
        service.InsertCard(renewedOrganisation);
        service.Agent.InsertCard(service.Pki, "citizen-moica2-ec");
        await StartAsync(page, OrganisationSwap);
        await OrganisationCardAsync(page, "3011400");
        await ManagerCardAsync(page, "B220612340");
        await Assertions.Expect(CardStepDriver.PinError(page)).ToHaveTextAsync(RegistrationRejections.NotTheRegisteredManager.Message);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await service.Store.ShouldHaveNoEventsAfterAsync(swapped);
    }

    /// <summary>
    /// Signs in with a citizen card alone in its reader (binding it to the person by the national ID the first time) in a
    /// browser of its own, and answers the roles 我的專區 lists.
    /// </summary>
    private async Task<string> CardSignInRolesAsync(Func<Task> insertCard, string nationalId, string name)
    {
        await using var session = await BrowserSession.OpenAsync(browser, service, callerMember: $"card-sign-in-{name}");
        var page = session.Page;
        service.Agent.RemoveAllCards();
        await insertCard();
        await Account.SignInDriver.CardSignInAsync(page);
        if (await page.Locator("#FirstSignIn_AccountOrNationalId").IsVisibleAsync())
            await Account.SignInDriver.AnswerFirstSignInAsync(page, nationalId);
        await Account.SignInDriver.ShouldBeSignedInAsAsync(page, name);
        await page.GotoAsync("/Account/MyArea");
        return await page.Locator("[data-testid=my-roles]").InnerTextAsync();
    }

    [Fact]
    public async Task Both_certificates_at_once_wait_for_the_cooling_off_period_the_previous_manager_keeps_acting_and_a_reviewer_approves_early()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var oldOrganisation = service.Pki.Leaf("org-xca-rsa");          // 私立明德高級中學 15023
        var oldManager = service.Pki.Leaf("citizen-moica3-rsa");        // 林志豪 F128934569, staff of 15023
        var clerk = service.Demo.CardCitizens.Single(c => c.CardName == "demo-citizen-clerk");   // staff of 15023 too
        await RegisterAsync(page, "org-xca-rsa", "citizen-moica3-rsa", "15023", "F128934569");
        var newOrganisation = service.Pki.IssueOrganisationCard(oldOrganisation.Agency!, new CardRequest { Name = "org-xca-rsa-renewed", Issuer = "xca", Variant = "renewed" });
        var newManager = service.Pki.IssueCitizenCard(new CitizenHolder(clerk.Name, clerk.NationalId.Value), new CardRequest { Name = clerk.CardName });
        service.Agent.RemoveAllCards();
        service.InsertCard(newOrganisation);
        service.InsertCard(newManager);
        var before = await service.Store.HeadAsync();
        var requestedAt = service.Time!.GetUtcNow();
        var effectiveAt = requestedAt + Web.Pages.Registration.BothSwapSettings.DefaultCoolingOff;

        // The wizard's result: requested, not done; when it takes effect and who was told, the ID masked.
        await CompleteAsync(page, BothSwap, "15023", clerk.NationalId.Value, clerk.Name, session);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("更換機關憑證和授權管理者自然人憑證申請已送出");
        await Assertions.Expect(Testid(page, "swap-effective-at")).ToHaveTextAsync(Domain.Common.RocDate.FormatDateTime(effectiveAt));
        await Assertions.Expect(Testid(page, "swap-pending")).ToContainTextAsync("審核人員核准者可提前生效");
        await Assertions.Expect(Testid(page, "swap-notified")).ToContainTextAsync("原授權管理者 王小明（F12****569）");
        await Assertions.Expect(Testid(page, "swap-notified")).ToContainTextAsync("機關聯絡人 王小明（manager@agency.gov.tw）");
        (await page.ContentAsync()).ShouldNotContain("F128934569");
        await Assertions.Expect(Testid(page, "previous-organisation-serial")).ToHaveTextAsync(KeyOf(oldOrganisation).SerialNumber);
        await Assertions.Expect(Testid(page, "previous-manager-serial")).ToHaveTextAsync(KeyOf(oldManager).SerialNumber);

        var requested = await SingleEventAfterAsync<BothCertificatesSwapRequested>(before, "15023");
        requested.EffectiveAt.ShouldBe(effectiveAt);
        new CertificateKey(requested.PreviousManagerIssuerKeyId, requested.PreviousManagerSerialNumber).ShouldBe(KeyOf(oldManager));
        var registered = (await Certificates.AgencyAsync("15023")).ShouldNotBeNull();
        (registered.OrganisationCertificate, registered.ManagerCertificate).ShouldBe((KeyOf(oldOrganisation), KeyOf(oldManager)));
        (await Certificates.AgenciesManagedByAsync(KeyOf(newManager))).ShouldNotContain("15023");
        var outbox = await service.Services.GetRequiredService<BothSwapRequestsQuery>().NotificationsAsync("15023", 1);
        outbox.Select(n => (n.RecipientKind, n.RecipientMaskedId, n.RecipientEmail)).ShouldBe(
            [(BothSwapRequestsProjection.PreviousManager, "F12****569", "manager@agency.gov.tw"), (BothSwapRequestsProjection.AgencyContact, null, "manager@agency.gov.tw")]);

        // Another both-cards swap while this one waits is refused at the organisation card, nothing written.
        var pendingHead = await service.Store.HeadAsync();
        await StartAsync(page, BothSwap);
        await OrganisationCardAsync(page, "15023");
        await Assertions.Expect(Notice(page)).ToContainTextAsync(Domain.Common.RocDate.FormatDateTime(effectiveAt));
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證確認");
        await service.Store.ShouldHaveNoEventsAfterAsync(pendingHead);

        // Until it takes effect the previous manager is still the manager, and their home page tells them.
        var oldRoles = await CardSignInRolesAsync(() => { service.Agent.InsertCard(service.Pki, "citizen-moica3-rsa"); return Task.CompletedTask; }, "F128934569", "林志豪");
        oldRoles.ShouldContain("授權管理者");
        await using (var previous = await BrowserSession.OpenAsync(browser, service, callerMember: "previous-manager-home"))
        {
            service.Agent.RemoveAllCards();
            service.Agent.InsertCard(service.Pki, "citizen-moica3-rsa");
            await Account.SignInDriver.CardSignInAsync(previous.Page);
            await Account.SignInDriver.ShouldBeSignedInAsAsync(previous.Page, "林志豪");
            await previous.Page.GotoAsync("/");
            var notice = previous.Page.Locator("[data-testid=pending-swap-notice][data-agency='15023']");
            await Assertions.Expect(notice).ToContainTextAsync(Domain.Common.RocDate.FormatDateTime(effectiveAt));
            await Assertions.Expect(notice).ToContainTextAsync(clerk.NationalId.Masked);
            await ShotAsync(previous, "previous-manager-notice");
            await previous.ShouldPassAxeAsync();
        }

        // A reviewer approves early: the approval and the swap are one append, and the new manager is the manager.
        await using (var reviewer = await BrowserSession.OpenAsync(browser, service, callerMember: "swap-reviewer"))
        {
            await reviewer.Page.GotoAsync("/Registration/SwapReview");
            await Account.SignInDriver.StaffSignInAsync(reviewer, RegistrationService.ReviewerAccount, RegistrationService.ReviewerPassword);
            await reviewer.Page.GotoAsync("/Registration/SwapReview");
            var pending = reviewer.Page.Locator("[data-testid=pending-swap][data-agency='15023']");
            await Assertions.Expect(pending.Locator("[data-testid=swap-effective-at]")).ToHaveTextAsync(Domain.Common.RocDate.FormatDateTime(effectiveAt));
            await Assertions.Expect(pending.Locator("[data-testid=swap-notified]")).ToContainTextAsync("F12****569");
            await ShotAsync(reviewer, "swap-review");
            await reviewer.ShouldPassAxeAsync();
            var approvedFrom = await service.Store.HeadAsync();
            await pending.GetByRole(AriaRole.Button, new() { Name = "提前核准" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=swap-decided]")).ToContainTextAsync("即時生效");
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=no-pending-swaps]")).ToBeVisibleAsync();
            var appended = (await service.Store.EventsAfterAsync(approvedFrom)).Where(e => e.StreamId == "registration-15023").Select(Registry.Deserialize).ToList();
            appended.Select(e => e.GetType()).ShouldBe([typeof(BothCertificatesSwapApproved), typeof(OrganisationAndManagerCertificatesReplaced)]);
            ((BothCertificatesSwapApproved)appended[0]).ApprovedBy.ShouldBe("staff:reviewer");
            var replaced = (OrganisationAndManagerCertificatesReplaced)appended[1];
            new CertificateKey(replaced.OrganisationCertificate.IssuerKeyId, replaced.OrganisationCertificate.SerialNumber).ShouldBe(KeyOf(newOrganisation));
            new CertificateKey(replaced.ManagerCertificate.IssuerKeyId, replaced.ManagerCertificate.SerialNumber).ShouldBe(KeyOf(newManager));
            replaced.ManagerNationalId.ShouldBe(clerk.NationalId.Value);
        }

        registered = (await Certificates.AgencyAsync("15023")).ShouldNotBeNull();
        (registered.OrganisationCertificate, registered.ManagerCertificate).ShouldBe((KeyOf(newOrganisation), KeyOf(newManager)));
        (await Certificates.OrganisationCertificateOwnerAsync(KeyOf(oldOrganisation))).ShouldBeNull();
        (await Certificates.AgenciesManagedByAsync(KeyOf(oldManager))).ShouldNotContain("15023");
        (await CardSignInRolesAsync(() => { service.InsertCard(newManager); return Task.CompletedTask; }, clerk.NationalId.Value, clerk.Name)).ShouldContain("授權管理者");
        // The applying process finds nothing due afterwards, even once the period has passed.
        (await service.Services.GetRequiredService<Web.Pages.Registration.DueSwaps>().ApplyDueAsync(CancellationToken.None)).ShouldBe(0);

        await page.GotoAsync("/Registration/Receipts?AgencyCode=15023");
        (await page.Locator("[data-testid=receipts] tbody tr td:nth-child(5)").AllInnerTextsAsync()).ShouldBe(["首次註冊", "更換機關憑證和授權管理者自然人憑證"]);
    }
}
