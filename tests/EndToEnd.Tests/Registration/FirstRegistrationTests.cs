using Domain.Registration;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TestPki;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>首次註冊 end to end: page → card agent (demo back end, TestPki cards) → server → event → receipts.</summary>
public class FirstRegistrationTests(BrowserFixture browser, RegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<RegistrationService>
{
    // PINs that no national ID, serial or card number of the test contains.
    private const string OrganisationPin = "Xq7305";
    private const string ManagerPin = "705318";

    private EventTypeRegistry Registry => service.Services.GetRequiredService<EventTypeRegistry>();

    [Fact]
    public async Task The_manager_registers_the_agency_from_the_terms_to_its_receipt()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);
        var organisation = service.Pki.Leaf("org-gca-rsa");
        var manager = service.Pki.Leaf("citizen-moica2-rsa");
        service.Agent.RemoveAllCards();
        service.InsertCardWithPin("org-gca-rsa", OrganisationPin);
        service.InsertCardWithPin("citizen-moica2-rsa", ManagerPin);
        var before = await service.Store.HeadAsync();

        await StartAsync(page, FirstRegistration, session);
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Input_AgencyCode").FillAsync("3230000");
        await ShotAsync(session, "organisation-card");
        await session.ShouldPassAxeAsync();
        await CardStepDriver.SubmitPinAsync(page, OrganisationPin);

        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");
        await FocusShouldBeOnAsync(page, "wizard-step-title");
        await Assertions.Expect(Testid(page, "accepted-agency")).ToContainTextAsync("3230000 人事行政總處");
        await CardStepDriver.WaitForCardAsync(page);
        await page.Locator("#Input_ManagerNationalId").FillAsync("A123456789");
        await ShotAsync(session, "manager-card");
        await session.ShouldPassAxeAsync();
        await CardStepDriver.SubmitPinAsync(page, ManagerPin);

        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
        await Assertions.Expect(Testid(page, "agency-code")).ToHaveTextAsync("3230000");
        await Assertions.Expect(Testid(page, "agency-name")).ToHaveTextAsync("人事行政總處");
        await Assertions.Expect(Testid(page, "agency-oid")).ToHaveTextAsync("2.16.886.101.20003.20012");
        await Assertions.Expect(Testid(page, "organisation-serial")).ToHaveTextAsync(organisation.SerialNumber);
        await Assertions.Expect(Testid(page, "manager-id")).ToHaveTextAsync("A12****789");
        await Assertions.Expect(Testid(page, "manager-serial")).ToHaveTextAsync(manager.SerialNumber);
        (await page.Locator("[data-testid=card-number]").AllInnerTextsAsync()).ShouldBe([organisation.CardNumber, manager.CardNumber]);
        (await page.ContentAsync()).ShouldNotContain("A123456789");
        await FillContactAsync(page, "王小明", "wang@dgpa.gov.tw", "(02)2397-9298", "301", "首次註冊測試");
        await ShotAsync(session, "confirmation");
        await session.ShouldPassAxeAsync();
        await ConfirmAsync(page);

        await Assertions.Expect(Testid(page, "wizard-done")).ToBeVisibleAsync();
        await CardStepDriver.ShouldAnnounceAsync(page, "已完成首次註冊");
        await ShotAsync(session, "registered");
        await session.ShouldPassAxeAsync();

        var written = await service.Store.EventsAfterAsync(before);
        var recorded = written.ShouldHaveSingleItem();
        recorded.StreamId.ShouldBe("registration-3230000");
        recorded.Type.ShouldBe("AgencyRegistered.v1");
        var registered = Registry.Deserialize(recorded).ShouldBeOfType<AgencyRegistered>();
        registered.AgencyName.ShouldBe("人事行政總處");
        registered.TermsVersion.ShouldBe(DemoHost.DemoData.DemoTerms.Version);
        registered.OrganisationCertificate.SerialNumber.ShouldBe(organisation.SerialNumber);
        registered.OrganisationCertificate.CardNumber.ShouldBe(organisation.CardNumber);
        registered.ManagerCertificate.SerialNumber.ShouldBe(manager.SerialNumber);
        registered.ManagerNationalId.ShouldBe("A123456789");
        registered.ManagerContact.ShouldBe(new ManagerContact("王小明", "wang@dgpa.gov.tw", "(02)2397-9298", "301", "首次註冊測試"));
        registered.RegisteredAt.ShouldBe(service.Time!.GetUtcNow());

        await page.GetByRole(AriaRole.Link, new() { Name = "查詢憑證註冊收件紀錄" }).ClickAsync();
        var row = page.Locator("[data-testid=receipts] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        (await row.Locator("td").AllInnerTextsAsync()).ShouldBe(["1", "3230000", "人事行政總處", Domain.Common.RocDate.FormatDateTime(service.Time.GetUtcNow()), "首次註冊"]);
        await ShotAsync(session, "receipts");
        await session.ShouldPassAxeAsync();

        await session.Requests.ShouldNeverHaveSentToWebServerAsync(OrganisationPin);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(ManagerPin);
        var authentications = (await session.Requests.ToCardAgentAsync()).Where(r => r.Url.EndsWith("/v1/authenticate", StringComparison.Ordinal)).ToList();
        authentications.Count.ShouldBe(2);
        authentications[0].Contains(OrganisationPin).ShouldBeTrue();
        authentications[1].Contains(ManagerPin).ShouldBeTrue();
        (await session.Requests.ToWebServerAsync()).ShouldAllBe(r => !r.Url.Contains("A123456789", StringComparison.OrdinalIgnoreCase));
        console.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_bad_input_gets_its_own_message_at_its_field_and_writes_nothing()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-ec");          // 財政資訊中心 3011400
        service.Agent.InsertCard(service.Pki, "citizen-moica2-ec");   // 陳美玲 B220612340
        var before = await service.Store.HeadAsync();
        await StartAsync(page, FirstRegistration);

        await OrganisationCardAsync(page, "12AB");
        await Assertions.Expect(FieldError(page, "Input_AgencyCode")).ToHaveTextAsync("機關代號應為 5 位數字（公保機關代號），或 7 至 10 位英文字母及數字（機關代碼）。");
        await Assertions.Expect(page.Locator("#Input_AgencyCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await FocusShouldBeOnAsync(page, "Input_AgencyCode");
        await ShotAsync(session, "agency-code-format");
        await session.ShouldPassAxeAsync();

        await OrganisationCardAsync(page, "99999");
        await Assertions.Expect(FieldError(page, "Input_AgencyCode")).ToHaveTextAsync(RegistrationRejections.AgencyNotInDirectory.Message);

        await OrganisationCardAsync(page, "3011400");
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("自然人憑證確認");

        await ManagerCardAsync(page, "B22061234");
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync("身分證統一編號應為 1 個英文字母加 9 個數字，第 2 碼為 1、2、8 或 9。");
        await ManagerCardAsync(page, "B220612341");
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync("身分證統一編號的檢查碼不正確，請再核對一次。");
        await ManagerCardAsync(page, "F128934569");   // 林志豪: a valid ID, not this card's holder
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync(RegistrationRejections.ManagerIdMismatch.Message);
        await ShotAsync(session, "manager-id-mismatch");
        await session.ShouldPassAxeAsync();

        await ManagerCardAsync(page, "B220612340");
        await Assertions.Expect(StepTitle(page)).ToContainTextAsync("資料確認");
        await FillContactAsync(page, " ", "not-an-email", "12", "12a", "備註");
        await ConfirmAsync(page);
        await Assertions.Expect(FieldError(page, "Contact_Name")).ToHaveTextAsync("請輸入授權管理者姓名。");
        await Assertions.Expect(FieldError(page, "Contact_Email")).ToHaveTextAsync("電子信箱的格式不正確，例如 name@agency.gov.tw。");
        await Assertions.Expect(FieldError(page, "Contact_Phone")).ToHaveTextAsync("連絡電話請只用數字、括號、連字號與空白，例如 (02)2701-3411。");
        await Assertions.Expect(FieldError(page, "Contact_Extension")).ToHaveTextAsync("分機請只填數字，最多 6 位。");
        await Assertions.Expect(page.Locator(".error-summary li")).ToHaveCountAsync(4);
        await FocusShouldBeOnAsync(page, "Contact_Name");
        await ShotAsync(session, "contact-errors");
        await session.ShouldPassAxeAsync();

        await service.Store.ShouldHaveNoEventsAfterAsync(before);
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
    }

    [Fact]
    public async Task A_manager_of_another_agency_who_left_or_was_reported_only_today_is_refused_at_the_ID_and_nothing_is_written()
    {
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var departed = service.Demo.CardCitizens.Single(c => c.CardName == "demo-citizen-departed");
        var today = service.Demo.CardCitizens.Single(c => c.CardName == "demo-citizen-reported-today");
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-xca-rsa");          // 私立明德高級中學 15023
        service.Agent.InsertCard(service.Pki, "citizen-moica2-rsa");   // 王小明, staff of 3230000
        var before = await service.Store.HeadAsync();
        await StartAsync(page, FirstRegistration);
        await OrganisationCardAsync(page, "15023");

        await ManagerCardAsync(page, "A123456789");
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync(RegistrationRejections.ManagerNotAgencyStaff.Message);
        await Assertions.Expect(page.Locator("#Input_ManagerNationalId")).ToHaveAttributeAsync("aria-invalid", "true");
        await FocusShouldBeOnAsync(page, "Input_ManagerNationalId");
        await ShotAsync(session, "manager-of-another-agency");
        await session.ShouldPassAxeAsync();

        service.Agent.RemoveCard("citizen-moica2-rsa");
        service.InsertCard(service.Pki.IssueCitizenCard(new CitizenHolder(departed.Name, departed.NationalId.Value), new CardRequest { Name = departed.CardName }));
        await ManagerCardAsync(page, departed.NationalId.Value);
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync(RegistrationRejections.ManagerDeparted.Message);

        service.Agent.RemoveCard(departed.CardName);
        service.InsertCard(service.Pki.IssueCitizenCard(new CitizenHolder(today.Name, today.NationalId.Value), new CardRequest { Name = today.CardName }));
        await ManagerCardAsync(page, today.NationalId.Value);
        await Assertions.Expect(FieldError(page, "Input_ManagerNationalId")).ToHaveTextAsync(RegistrationRejections.ManagerRecordNotYetEffective.Message);

        await service.Store.ShouldHaveNoEventsAfterAsync(before);
    }
}
