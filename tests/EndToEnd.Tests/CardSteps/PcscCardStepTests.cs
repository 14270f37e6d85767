extern alias cardagent;
extern alias virtualcard;

using cardagent::CardAgent.Pcsc;
using EndToEnd.Tests.Admin.ReferenceData;
using EndToEnd.Tests.Harness;
using Microsoft.Playwright;
using virtualcard::VirtualCard;

namespace EndToEnd.Tests.CardSteps;

/// <summary>The card agent on its PC/SC back end, talking to the machine's real pcscd, whose vpcd readers hold virtual cards.</summary>
public sealed class PcscAgentFixture : CardStepFixture
{
    protected override IEnumerable<string> AgentArguments => ["--CardAgent:Backend=pcsc"];
}

/// <summary>
/// The whole chain without any stand-in: Chromium → the agent's loopback API → pcscd → vpcd → the virtual card (APDUs,
/// PIN, signature, EF.GDO's card number) → the server's validation against the test PKI → the result page.
/// </summary>
public class PcscCardStepTests(BrowserFixture browser, PcscAgentFixture service) : IClassFixture<BrowserFixture>, IClassFixture<PcscAgentFixture>, IDisposable
{
    private static readonly string FirstReader = VirtualCardHost.ReaderName(VirtualCardHost.FirstPort);
    private static readonly string SecondReader = VirtualCardHost.ReaderName(VirtualCardHost.SecondPort);

    private readonly string _cards = Path.Combine(Path.GetTempPath(), "evs-e2e-pcsc", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cards))
            Directory.Delete(_cards, recursive: true);
    }

    [Fact]
    public async Task An_organisation_card_in_a_vpcd_reader_goes_through_pcscd_to_the_result()
    {
        // VirtualCardHost's per-port locks: no other test process puts a card in either reader meanwhile.
        await using var secondReader = await VirtualCardHost.LockPortAsync(VirtualCardHost.SecondPort);
        await using var firstReader = await VirtualCardHost.LockPortAsync(VirtualCardHost.FirstPort);
        await ReadersEmptyAsync();
        await service.SeedReferenceDataAsync();
        await using var session = await BrowserSession.OpenAsync(browser, service);
        var page = session.Page;
        var console = CardStepDriver.WatchConsole(page);

        await page.GotoAsync("/Queries/OrganisationOid");
        await CardStepDriver.TypeAgencyCodeAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync("已找到讀卡機，請插入機關憑證。");
        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(CardStepDriver.ReaderError(page)).ToHaveTextAsync("讀卡機中沒有卡片，請插入機關憑證。");
        await session.ScreenshotAsync("no-card");
        await session.ShouldPassAxeAsync();
        (await page.Locator("[data-card-step-demo]").IsVisibleAsync()).ShouldBeFalse();

        var leaf = service.Pki.Leaf("org-gca-rsa");
        Directory.CreateDirectory(_cards);
        var image = Path.Combine(_cards, "org-gca-rsa.card.json");
        File.Copy(service.Pki.PathOf(leaf.CardPath), image);
        await firstReader.DisposeAsync(); // InsertAsync takes it again
        await using var card = await VirtualCardHost.InsertAsync(image, VirtualCardHost.FirstPort);
        await Assertions.Expect(CardStepDriver.ReaderStatus(page)).ToHaveTextAsync($"已偵測到機關憑證（{FirstReader}），請輸入 PIN 碼。");
        await session.ScreenshotAsync("card-in-vpcd-reader");

        await CardStepDriver.SubmitPinAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=agency-oid]")).ToHaveTextAsync("2.16.886.101.20003.20012");
        await session.ScreenshotAsync("result");

        (await page.Locator("[data-testid=serial]").InnerTextAsync()).ShouldBe(leaf.SerialNumber);
        (await page.Locator("[data-testid=card-number]").InnerTextAsync()).ShouldBe(leaf.CardNumber);
        card.CommandsAnswered.ShouldBeGreaterThan(0);
        card.Failure.ShouldBeNull();
        await session.Requests.ShouldNeverHaveSentToWebServerAsync(CardStepDriver.Pin);
        console.ShouldBeEmpty();
    }

    private static async Task ReadersEmptyAsync()
    {
        try
        {
            await VirtualCardHost.WaitForCardAsync(FirstReader, present: false, TimeSpan.FromSeconds(15));
            await VirtualCardHost.WaitForCardAsync(SecondReader, present: false, TimeSpan.FromSeconds(15));
        }
        catch (PcscException e)
        {
            throw new InvalidOperationException($"this test needs pcscd with vpcd's two readers: `source scripts/lib.sh && start_pcscd` ({e.Message})", e);
        }
    }
}
