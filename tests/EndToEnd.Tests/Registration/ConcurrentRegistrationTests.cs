using Domain.Registration;
using EndToEnd.Tests.Harness;
using EventStore.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Web.Pages.Registration;
using static EndToEnd.Tests.Registration.RegistrationDriver;

namespace EndToEnd.Tests.Registration;

/// <summary>The registration service whose store makes the first two appends to one agency's stream overlap (<see cref="AppendRendezvous"/>).</summary>
public sealed class OverlappingRegistrationService : RegistrationService
{
    public const string Agency = "3011400";   // 財政資訊中心 (org-gca-ec), whose staff 陳美玲 is

    public AppendRendezvous Rendezvous { get; } = new($"registration-{Agency}");

    protected override void ConfigureServices(IServiceCollection services) => Rendezvous.Install(services);
}

/// <summary>
/// Two people register the same agency from two browsers and press 確認 at the same moment: one registration is
/// recorded, the other person is told in zh-TW to reload, and the store holds exactly one registration. The store holds
/// the first confirmation's append until the second has decided too, so the two overlap on every run.
/// </summary>
public class ConcurrentRegistrationTests(BrowserFixture browser, OverlappingRegistrationService service) : IClassFixture<BrowserFixture>, IClassFixture<OverlappingRegistrationService>
{
    private const string Agency = OverlappingRegistrationService.Agency;

    [Fact]
    public async Task Of_two_browsers_confirming_the_same_agency_at_once_one_registers_and_the_other_is_told_to_reload()
    {
        service.Agent.RemoveAllCards();
        service.Agent.InsertCard(service.Pki, "org-gca-ec");
        service.Agent.InsertCard(service.Pki, "citizen-moica2-ec");   // 陳美玲 B220612340
        await using var first = await BrowserSession.OpenAsync(browser, service, callerMember: "concurrent-first");
        await using var second = await BrowserSession.OpenAsync(browser, service, callerMember: "concurrent-second");
        var before = await service.Store.HeadAsync();

        // Both reach the confirmation, each with its own contact person.
        foreach (var (session, name) in new[] { (first, "第一位聯絡人"), (second, "第二位聯絡人") })
        {
            var page = session.Page;
            await StartAsync(page, FirstRegistration);
            await OrganisationCardAsync(page, Agency);
            await ManagerCardAsync(page, "B220612340");
            await Assertions.Expect(StepTitle(page)).ToHaveTextAsync("首次註冊資料確認");
            await FillContactAsync(page, name, "contact@agency.gov.tw", "(02)2345-6789");
        }
        await service.Store.ShouldHaveNoEventsAfterAsync(before);

        await Task.WhenAll(ConfirmAsync(first.Page), ConfirmAsync(second.Page));
        service.Rendezvous.Met.ShouldBeTrue("both confirmations reached the store before either was written");

        var firstWon = await Testid(first.Page, "wizard-done").IsVisibleAsync();
        (await Testid(second.Page, "wizard-done").IsVisibleAsync()).ShouldBe(!firstWon, "exactly one of the two registrations should be done");
        var (winner, loser) = firstWon ? (first, second) : (second, first);
        await Assertions.Expect(loser.Page.Locator(".error-summary")).ToContainTextAsync(RegistrationMessages.ChangedMeanwhile.Message);
        (await loser.Page.Locator(".error-summary").InnerTextAsync()).ShouldContain("請重新整理頁面");
        await Assertions.Expect(StepTitle(loser.Page)).ToHaveTextAsync("首次註冊資料確認");
        await ShotAsync(winner, "winner");
        await ShotAsync(loser, "told-to-reload");
        await loser.ShouldPassAxeAsync();

        // Exactly one registration, carrying the winner's contact; the loser's was not written anywhere.
        var registry = service.Services.GetRequiredService<EventTypeRegistry>();
        var recorded = (await service.Store.EventsAfterAsync(before)).ShouldHaveSingleItem();
        recorded.StreamId.ShouldBe($"registration-{Agency}");
        var registered = registry.Deserialize(recorded).ShouldBeOfType<AgencyRegistered>();
        registered.ManagerContact.Name.ShouldBe(firstWon ? "第一位聯絡人" : "第二位聯絡人");

        // Pressing 確認 again changes nothing; reloading and starting over says the agency is registered.
        var settled = await service.Store.HeadAsync();
        await ConfirmAsync(loser.Page);
        await Assertions.Expect(loser.Page.Locator(".error-summary")).ToContainTextAsync(RegistrationMessages.ChangedMeanwhile.Message);
        await loser.Page.ReloadAsync();
        await StartAsync(loser.Page, FirstRegistration);
        await OrganisationCardAsync(loser.Page, Agency);
        await Assertions.Expect(FieldError(loser.Page, "Input_AgencyCode")).ToHaveTextAsync(RegistrationRejections.AlreadyRegistered.Message);
        await service.Store.ShouldHaveNoEventsAfterAsync(settled);

        await loser.Page.GotoAsync($"/Registration/Receipts?AgencyCode={Agency}");
        (await loser.Page.Locator("[data-testid=receipts] tbody tr td:nth-child(5)").AllInnerTextsAsync()).ShouldBe(["首次註冊"]);
    }
}
