using Domain.Common;
using Domain.Registration;
using EndToEnd.Tests.Account;
using EndToEnd.Tests.CardSteps;
using EndToEnd.Tests.Harness;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TestPki;
using DemoHost.DemoData;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>The registration service on Thursday 2026-06-18 10:00 in Taiwan: Friday is 端午節, so the next business day is Monday 06-22.</summary>
public sealed class OidReviewService : RegistrationService
{
    public static readonly DateTimeOffset Thursday = new(2026, 6, 18, 2, 0, 0, TimeSpan.Zero);

    protected override DateTimeOffset FakeTimeStart => Thursday;
}

/// <summary>
/// An organisation card whose OID the agency directory does not expect: the applicant's review request, "under review"
/// on every later attempt, a reviewer's approval that counts from the next business day (holiday calendar, fake
/// clock), then the registration; and a rejection with its reason.
/// </summary>
[RunsLong]
public class OidReviewTests(BrowserFixture browser, OidReviewService service) : IClassFixture<BrowserFixture>, IClassFixture<OidReviewService>
{
    private EventTypeRegistry Registry => service.Services.GetRequiredService<EventTypeRegistry>();

    /// <summary>The one event of the agency's registration stream after <paramref name="since"/> (a reviewer's sign-in has its own stream).</summary>
    private async Task<T> SingleRegistrationEventAfterAsync<T>(EventStore.Position since, string agencyCode)
    {
        var recorded = (await service.Store.EventsAfterAsync(since)).Where(e => e.StreamId == $"registration-{agencyCode}").ShouldHaveSingleItem();
        return Registry.Deserialize(recorded).ShouldBeOfType<T>();
    }

    [Fact]
    public async Task A_mismatching_OID_is_reviewed_approved_and_registered_from_the_next_business_day()
    {
        var agency = service.Demo.CardAgencies.Single(a => a.CardName == "demo-org-oid-review");
        service.Agent.RemoveAllCards();
        service.InsertCard(service.Pki.IssueOrganisationCard(
            new OrganisationHolder(agency.Name, agency.Ministry, agency.Code, agency.CardOid), new CardRequest { Name = agency.CardName, Issuer = agency.Issuer }));
        var manager = service.Demo.CardCitizens.Single(c => c.CardName == "demo-citizen-officer-duty");   // staff of this agency
        service.InsertCard(service.Pki.IssueCitizenCard(new CitizenHolder(manager.Name, manager.NationalId.Value), new CardRequest { Name = manager.CardName }));
        await using var applicant = await BrowserSession.OpenAsync(browser, service);
        var page = applicant.Page;
        var start = await service.Store.HeadAsync();

        // The applicant meets the mismatch and asks for a review.
        await StartAsync(page, FirstRegistration);
        await OrganisationCardAsync(page, agency.Code);
        await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("機關憑證註冊申請人確認");
        await Assertions.Expect(Notice(page)).ToHaveTextAsync(RegistrationRejections.OidMismatch.Message);
        await ShotAsync(applicant, "oid-mismatch");
        await applicant.ShouldPassAxeAsync();
        await ConfirmAsync(page);
        await Assertions.Expect(FieldError(page, "Applicant_Name")).ToHaveTextAsync("請輸入聯絡人姓名。");
        await Assertions.Expect(FieldError(page, "Applicant_Phone")).ToHaveTextAsync("請輸入聯絡電話。");
        await service.Store.ShouldHaveNoEventsAfterAsync(start);
        await page.Locator("#Applicant_Name").FillAsync("李申請");
        await page.Locator("#Applicant_Phone").FillAsync("(02)2345-6789#501");
        await ConfirmAsync(page);
        await Assertions.Expect(Testid(page, "review-requested")).ToContainTextAsync("第 1 號");
        await ShotAsync(applicant, "review-requested");
        await applicant.ShouldPassAxeAsync();
        (await service.Store.EventsAfterAsync(start)).ShouldHaveSingleItem();
        var requested = await SingleRegistrationEventAfterAsync<OidReviewRequested>(start, agency.Code);
        (requested.AgencyCode, requested.CaseNumber, requested.Certificate.AgencyOid).ShouldBe((agency.Code, 1, agency.CardOid));
        (requested.ApplicantName, requested.ApplicantPhone, requested.ApplicantExtension).ShouldBe(("李申請", "(02)2345-6789", "501"));

        // Every later attempt is told the application is under review, and writes nothing.
        var requestedAt = await service.Store.HeadAsync();
        await StartAsync(page, FirstRegistration);
        await OrganisationCardAsync(page, agency.Code);
        await Assertions.Expect(Notice(page)).ToHaveTextAsync(RegistrationRejections.OidReviewPending.Message);
        await ShouldBeAStateNotAnInputErrorAsync(page, RegistrationRejections.OidReviewPending.Message);
        await ShotAsync(applicant, "under-review");
        await applicant.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(requestedAt);

        // The reviewer approves on Thursday: it counts from Monday (Friday is 端午節, then the weekend).
        await using (var reviewer = await BrowserSession.OpenAsync(browser, service))
        {
            await SignInAsReviewerAsync(reviewer);
            var pending = reviewer.Page.Locator($"[data-testid=pending-case][data-agency='{agency.Code}']");
            await Assertions.Expect(pending.Locator("[data-testid=case-oid]")).ToHaveTextAsync(agency.CardOid);
            await Assertions.Expect(pending).ToContainTextAsync("李申請，電話 (02)2345-6789 分機 501");
            await ShotAsync(reviewer, "review-queue");
            await reviewer.ShouldPassAxeAsync();
            await pending.GetByRole(AriaRole.Button, new() { Name = "核准" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=review-decided]")).ToContainTextAsync("自 115年06月22日 起可重新辦理");
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=no-pending]")).ToBeVisibleAsync();
            await ShotAsync(reviewer, "approved");
            await reviewer.ShouldPassAxeAsync();
        }
        var approved = await SingleRegistrationEventAfterAsync<OidReviewApproved>(requestedAt, agency.Code);
        approved.EffectiveFrom.ShouldBe(new DateTimeOffset(2026, 6, 22, 0, 0, 0, RocDate.TaiwanOffset));
        approved.ApprovedBy.ShouldBe("staff:reviewer");

        // Thursday and the holiday Friday: approved, not yet in effect.
        var approvedAt = await service.Store.HeadAsync();
        var notYet = RegistrationRejections.OidApprovalNotYetEffective(approved.EffectiveFrom).Message;
        foreach (var moment in new[] { OidReviewService.Thursday.AddHours(1), new DateTimeOffset(2026, 6, 19, 10, 0, 0, RocDate.TaiwanOffset), new DateTimeOffset(2026, 6, 21, 23, 59, 0, RocDate.TaiwanOffset) })
        {
            service.Time!.SetUtcNow(moment);
            await StartAsync(page, FirstRegistration);
            await OrganisationCardAsync(page, agency.Code);
            await Assertions.Expect(Notice(page)).ToHaveTextAsync(notYet);
            await ShouldBeAStateNotAnInputErrorAsync(page, notYet);
        }
        await ShotAsync(applicant, "approved-not-yet-effective");
        await applicant.ShouldPassAxeAsync();
        await service.Store.ShouldHaveNoEventsAfterAsync(approvedAt);

        // Monday morning: the registration goes through and cites the case.
        service.Time!.SetUtcNow(new DateTimeOffset(2026, 6, 22, 9, 0, 0, RocDate.TaiwanOffset));
        await CompleteAsync(page, FirstRegistration, agency.Code, manager.NationalId.Value, manager.Name);
        (await service.Store.EventsAfterAsync(approvedAt)).ShouldHaveSingleItem();
        var registered = await SingleRegistrationEventAfterAsync<AgencyRegistered>(approvedAt, agency.Code);
        registered.OidReviewCase.ShouldBe(1);
        registered.OrganisationCertificate.AgencyOid.ShouldBe(agency.CardOid);

        await page.GotoAsync($"/Registration/Receipts?AgencyCode={agency.Code}");
        var items = await page.Locator("[data-testid=receipts] tbody tr td:nth-child(5)").AllInnerTextsAsync();
        items.ShouldBe(["機關憑證 OID 審核申請（第 1 號）", "OID 審核通過（第 1 號，自 115年06月22日 起可辦理）", "首次註冊（依第 1 號審核）"]);
        await ShotAsync(applicant, "receipts-with-review");
        await applicant.ShouldPassAxeAsync();
    }

    [Fact]
    public async Task A_rejected_OID_needs_a_reason_and_then_every_attempt_is_told_why()
    {
        var agency = service.Demo.CardAgencies.Single(a => a.CardName == "demo-org-county");
        var oid = agency.CardOid + ".98";
        service.Agent.RemoveAllCards();
        service.InsertCard(service.Pki.IssueOrganisationCard(
            new OrganisationHolder(agency.Name, agency.Ministry, agency.Code, oid), new CardRequest { Name = "county-wrong-oid", Issuer = agency.Issuer }));
        await using var applicant = await BrowserSession.OpenAsync(browser, service);
        await StartAsync(applicant.Page, FirstRegistration);
        await OrganisationCardAsync(applicant.Page, agency.Code);
        await applicant.Page.Locator("#Applicant_Name").FillAsync("趙申請");
        await applicant.Page.Locator("#Applicant_Phone").FillAsync("0912-345-678");
        await ConfirmAsync(applicant.Page);
        await Assertions.Expect(Testid(applicant.Page, "review-requested")).ToBeVisibleAsync();
        var requestedAt = await service.Store.HeadAsync();

        await using (var reviewer = await BrowserSession.OpenAsync(browser, service))
        {
            await SignInAsReviewerAsync(reviewer);
            var signedIn = await service.Store.HeadAsync();
            var pending = reviewer.Page.Locator($"[data-testid=pending-case][data-agency='{agency.Code}']");
            await pending.GetByRole(AriaRole.Button, new() { Name = "駁回" }).ClickAsync();
            var reason = pending.Locator("textarea");
            await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(pending.Locator(".field-error")).ToHaveTextAsync("請輸入駁回原因。");
            await ShotAsync(reviewer, "reason-required");
            await reviewer.ShouldPassAxeAsync();
            await service.Store.ShouldHaveNoEventsAfterAsync(signedIn);
            await reason.FillAsync("憑證上的機關與申請機關不同");
            await pending.GetByRole(AriaRole.Button, new() { Name = "駁回" }).ClickAsync();
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=review-decided]")).ToContainTextAsync("已駁回");
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=decided-cases]")).ToContainTextAsync("駁回：憑證上的機關與申請機關不同");
            // Who decided: the reviewer's name and role, not the recorded staff:reviewer (issue 13 point 8).
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=decided-cases]")).ToContainTextAsync("測試審核人員（審核人員）");
            await Assertions.Expect(reviewer.Page.Locator("[data-testid=decided-cases]")).Not.ToContainTextAsync("staff:");
        }
        (await SingleRegistrationEventAfterAsync<OidReviewRejected>(requestedAt, agency.Code)).Reason.ShouldBe("憑證上的機關與申請機關不同");

        var rejectedAt = await service.Store.HeadAsync();
        await StartAsync(applicant.Page, FirstRegistration);
        await OrganisationCardAsync(applicant.Page, agency.Code);
        var rejected = RegistrationRejections.OidReviewRejected("憑證上的機關與申請機關不同").Message;
        await Assertions.Expect(Notice(applicant.Page)).ToHaveTextAsync(rejected);
        await ShouldBeAStateNotAnInputErrorAsync(applicant.Page, rejected);
        await service.Store.ShouldHaveNoEventsAfterAsync(rejectedAt);
    }

    /// <summary>
    /// A state of the case is said once, in the step's notice: not in an error summary, not in red at the PIN as if the
    /// PIN were wrong.
    /// </summary>
    private static async Task ShouldBeAStateNotAnInputErrorAsync(IPage page, string message)
    {
        await Assertions.Expect(page.Locator("#registration-wizard").GetByText(message)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(CardStepDriver.PinError(page)).ToBeHiddenAsync();
        (await CardStepDriver.PinInput(page).GetAttributeAsync("aria-invalid")).ShouldBeNull();
    }

    /// <summary>The queue sends a visitor to sign in; the reviewer signs in with a password and opens the queue.</summary>
    private static async Task SignInAsReviewerAsync(BrowserSession reviewer)
    {
        var page = reviewer.Page;
        await page.GotoAsync("/Registration/Review");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/SignIn"));
        await SignInDriver.StaffSignInAsync(reviewer, RegistrationService.ReviewerAccount, RegistrationService.ReviewerPassword);
        await SignInDriver.ShouldBeSignedInAsAsync(page, "測試審核人員");
        await page.GotoAsync("/Registration/Review");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("機關憑證OID審核");
    }
}
