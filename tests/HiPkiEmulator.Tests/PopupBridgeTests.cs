using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using HiPkiEmulator.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HiPkiEmulator.Tests;

/// <summary>
/// The popup bridge in Chromium: a page on another origin opens /popupForm from a click, answers the
/// popup's getTbs with its request (checking event.origin and event.source, posting to the exact origin),
/// and gets HiPKI's answer back; a site not yet trusted goes through /addDomain and then signs.
/// </summary>
public sealed class PopupBridgeTests(PopupBridgeTests.Browser chromium) : IClassFixture<PopupBridgeTests.Browser>, IDisposable
{
    private const string Tbs = "bridge-challenge_0123456789";

    private readonly CardFolder cards = new("citizen-moica2-rsa");

    public void Dispose() => cards.Dispose();

    /// <summary>One Chromium and one site for the class: the site is localhost, the emulator 127.0.0.1 — two origins, as a real site and HiPKI are.</summary>
    public sealed class Browser : IAsyncLifetime
    {
        private const string Chromium = "/usr/bin/chromium";

        private WebApplication site = null!;
        private IPlaywright playwright = null!;

        public IBrowser Instance { get; private set; } = null!;

        public string SiteOrigin { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!File.Exists(Chromium))
                throw new InvalidOperationException($"{Chromium} is missing; install the chromium package");
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            site = builder.Build();
            site.MapGet("/", (HttpContext context) => Results.Content(SitePage.Replace("%HIPKI%", context.Request.Query["hipki"], StringComparison.Ordinal), "text/html"));
            await site.StartAsync();
            var address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            SiteOrigin = $"http://localhost:{address.Port}";
            playwright = await Playwright.CreateAsync();
            Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }

        public async Task DisposeAsync()
        {
            await Instance.DisposeAsync();
            playwright.Dispose();
            await site.DisposeAsync();
        }
    }

    /// <summary>A site's page talking to HiPKI through the bridge; answers collect in window.results.</summary>
    private const string SitePage = """
        <!doctype html><title>site</title>
        <button id="sign">sign</button> <button id="certs">certs</button> <button id="add">add</button>
        <script>
        const hipki = '%HIPKI%';
        window.results = [];
        function bridge(request) {
          const popup = window.open(hipki + '/popupForm', 'hipki', 'height=200,width=200');
          window.addEventListener('message', function onMessage(event) {
            if (event.origin !== hipki || event.source !== popup || typeof event.data !== 'string') return;
            const answer = JSON.parse(event.data);
            if (answer.func === 'getTbs') { popup.postMessage(JSON.stringify(request), hipki); return; }
            window.removeEventListener('message', onMessage);
            window.results.push(answer);
          });
        }
        document.getElementById('sign').addEventListener('click', () => bridge({
          func: 'MakeSignature', signatureType: 'PKCS7', tbs: 'bridge-challenge_0123456789', tbsEncoding: 'NONE',
          hashAlgorithm: 'SHA256', withCardSN: 'true', nonce: '', pin: '123456' }));
        document.getElementById('certs').addEventListener('click', () => bridge({ func: 'GetUserCert' }));
        document.getElementById('add').addEventListener('click', () => {
          const popup = window.open(hipki + '/addDomain?domain=' + location.hostname, 'hipki-add', 'height=300,width=400');
          window.addEventListener('message', function onAdd(event) {
            if (event.origin !== hipki || event.source !== popup) return;
            window.removeEventListener('message', onAdd);
            window.results.push(JSON.parse(event.data));
          });
        });
        </script>
        """;

    private async Task<IPage> OpenSiteAsync(EmulatorServer emulator)
    {
        var page = await chromium.Instance.NewPageAsync();
        await page.GotoAsync($"{chromium.SiteOrigin}/?hipki={Uri.EscapeDataString(emulator.Origin)}");
        return page;
    }

    /// <summary>Clicks a button that opens a popup, waits for the popup to close and for the page's next answer.</summary>
    private static async Task<JsonElement> ClickAndAwaitAnswerAsync(IPage page, string button, Func<IPage, Task>? inPopup = null)
    {
        var count = await page.EvaluateAsync<int>("window.results.length");
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync(button));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        popup.Close += (_, _) => closed.TrySetResult();
        if (popup.IsClosed)
            closed.TrySetResult();
        if (inPopup is not null)
            await inPopup(popup);
        await page.WaitForFunctionAsync($"window.results.length > {count}");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(await page.EvaluateAsync<string>($"JSON.stringify(window.results[{count}])")).RootElement;
    }

    [Fact]
    public async Task Trusted_site_gets_a_PKCS7_signature_through_the_popup_and_the_popup_closes()
    {
        await using var emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");
        var page = await OpenSiteAsync(emulator);

        var answer = await ClickAndAwaitAnswerAsync(page, "#sign");

        answer.GetProperty("func").GetString().ShouldBe("sign");
        answer.GetProperty("ret_code").GetInt32().ShouldBe(0, answer.ToString());
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(answer.GetProperty("signature").GetString()!));
        cms.CheckSignature(verifySignatureOnly: true);
        cms.ContentInfo.Content.ShouldBe(Encoding.UTF8.GetBytes(Tbs));
    }

    [Fact]
    public async Task GetUserCert_through_the_popup_lists_the_reader_and_its_certificate()
    {
        await using var emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");
        var page = await OpenSiteAsync(emulator);

        var answer = await ClickAndAwaitAnswerAsync(page, "#certs");

        answer.GetProperty("func").GetString().ShouldBe("pkcs11info");
        var slot = answer.GetProperty("slots").EnumerateArray().ShouldHaveSingleItem();
        slot.GetProperty("slotDescription").GetString().ShouldBe(CardFolder.Reader("citizen-moica2-rsa"));
        slot.GetProperty("token").GetProperty("certs")[0].GetProperty("usage").GetString().ShouldBe("digitalSignature");
    }

    [Fact]
    public async Task Untrusted_site_gets_0x76000031_then_adds_itself_through_addDomain_and_signs()
    {
        await using var emulator = await EmulatorServer.StartAsync(cards.Path);
        var page = await OpenSiteAsync(emulator);

        var refused = await ClickAndAwaitAnswerAsync(page, "#sign");
        var added = await ClickAndAwaitAnswerAsync(page, "#add", async popup =>
        {
            (await popup.TextContentAsync("#domain")).ShouldBe("localhost");
            await popup.ClickAsync("#add");
        });
        var signed = await ClickAndAwaitAnswerAsync(page, "#sign");

        refused.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
        added.GetProperty("ret_code").GetInt32().ShouldBe(0);
        signed.GetProperty("ret_code").GetInt32().ShouldBe(0, signed.ToString());
    }

    [Fact]
    public async Task Cancelling_addDomain_answers_user_cancelled_and_the_site_stays_untrusted()
    {
        await using var emulator = await EmulatorServer.StartAsync(cards.Path);
        var page = await OpenSiteAsync(emulator);

        var cancelled = await ClickAndAwaitAnswerAsync(page, "#add", popup => popup.ClickAsync("#cancel"));
        var refused = await ClickAndAwaitAnswerAsync(page, "#sign");

        cancelled.GetProperty("ret_code").GetInt32().ShouldBe(0x76000999);
        refused.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
    }
}
