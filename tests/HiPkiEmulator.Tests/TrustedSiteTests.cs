using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiPkiEmulator.Tests.Support;

namespace HiPkiEmulator.Tests;

/// <summary>The trusted-site list: who is answered, and who may add a site.</summary>
public sealed class TrustedSiteTests : IAsyncLifetime
{
    private readonly CardFolder cards = new("citizen-moica2-rsa");
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync(cards.Path, "trusted.example");

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        cards.Dispose();
    }

    private static readonly object Package = new { signatureType = "PKCS7", tbs = "abc", tbsEncoding = "NONE", hashAlgorithm = "SHA256", pin = "123456" };

    [Fact]
    public async Task A_site_not_on_the_list_gets_0x76000031_on_every_card_call_and_no_PIN_reaches_the_card()
    {
        using var client = emulator.Client("https://phishing.example");

        var sign = await EmulatorServer.SignAsync(client, new { signatureType = "PKCS7", tbs = "abc", pin = "000000" });
        var info = await client.GetFromJsonAsync<JsonElement>("/pkcs11info?withcert=true");

        sign.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
        info.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
        info.TryGetProperty("slots", out _).ShouldBeFalse();
        CardAgent.Emulation.CardImage.Load(cards.ImagePath("citizen-moica2-rsa")).PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task A_listed_site_and_a_local_program_without_Origin_are_answered()
    {
        using var site = emulator.Client("https://trusted.example");
        using var program = emulator.Client(null);

        (await EmulatorServer.SignAsync(site, Package)).GetProperty("ret_code").GetInt32().ShouldBe(0);
        (await EmulatorServer.SignAsync(program, Package)).GetProperty("ret_code").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task AddDomain_is_refused_to_other_origins_and_done_for_the_emulators_own_page()
    {
        using var foreign = emulator.Client("https://phishing.example");
        using var ownPage = emulator.Client(emulator.Origin);

        var refused = await foreign.PostAsync("/addDomain", new FormUrlEncodedContent([new("domain", "phishing.example")]));
        var stillUntrusted = await EmulatorServer.SignAsync(foreign, Package);
        var added = await ownPage.PostAsync("/addDomain", new FormUrlEncodedContent([new("domain", "phishing.example")]));
        var nowTrusted = await EmulatorServer.SignAsync(foreign, Package);

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        stillUntrusted.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
        (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ret_code").GetInt32().ShouldBe(0);
        nowTrusted.GetProperty("ret_code").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_popups_site_field_is_believed_only_from_the_emulators_own_page()
    {
        using var foreign = emulator.Client("https://phishing.example");
        using var body = new FormUrlEncodedContent([new("tbsPackage", JsonSerializer.Serialize(Package)), new("site", "https://trusted.example")]);

        var answer = await (await foreign.PostAsync("/sign", body)).Content.ReadFromJsonAsync<JsonElement>();

        answer.GetProperty("ret_code").GetInt32().ShouldBe(0x76000031);
    }
}
