using System.Net.Http.Json;
using System.Text.Json;
using HiPkiEmulator.Tests.Support;

namespace HiPkiEmulator.Tests;

/// <summary>/pkcs11info and the reader states: cards, a reader without a card, no reader at all.</summary>
public sealed class ReaderTests
{
    private const string Site = "http://localhost:5080";

    [Fact]
    public async Task Pkcs11info_with_certificates_lists_each_card_as_a_slot_with_its_token_and_signing_certificate()
    {
        using var cards = new CardFolder("citizen-moica2-rsa", "org-gca-rsa");
        await using var emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");
        using var client = emulator.Client(Site);

        var info = await client.GetFromJsonAsync<JsonElement>("/pkcs11info?withcert=true");

        info.GetProperty("func").GetString().ShouldBe("pkcs11info");
        info.GetProperty("ret_code").GetInt32().ShouldBe(0);
        var slots = info.GetProperty("slots").EnumerateArray().ToList();
        slots.Select(s => s.GetProperty("slotDescription").GetString()).ShouldBe([CardFolder.Reader("citizen-moica2-rsa"), CardFolder.Reader("org-gca-rsa")]);
        var token = slots[0].GetProperty("token");
        token.GetProperty("serialNumber").GetString().ShouldBe(CardAgent.Emulation.CardImage.Load(cards.ImagePath("citizen-moica2-rsa")).CardNumber);
        var certificate = token.GetProperty("certs").EnumerateArray().ShouldHaveSingleItem();
        certificate.GetProperty("usage").GetString().ShouldBe("digitalSignature");
        certificate.GetProperty("certb64").GetString().ShouldBe(CardAgent.Emulation.CardImage.Load(cards.ImagePath("citizen-moica2-rsa")).Keys[0].Certificate);
    }

    [Fact]
    public async Task Pkcs11info_without_certificates_leaves_them_out()
    {
        using var cards = new CardFolder("citizen-moica2-rsa");
        await using var emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");
        using var client = emulator.Client(Site);

        var info = await client.GetFromJsonAsync<JsonElement>("/pkcs11info");

        info.GetProperty("slots")[0].GetProperty("token").TryGetProperty("certs", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Empty_folder_is_a_reader_without_a_card_and_sign_answers_no_card()
    {
        using var cards = new CardFolder();
        await using var emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");
        using var client = emulator.Client(Site);

        var info = await client.GetFromJsonAsync<JsonElement>("/pkcs11info?withcert=true");
        var sign = await EmulatorServer.SignAsync(client, new { signatureType = "PKCS7", tbs = "abc", pin = "123456" });

        var slot = info.GetProperty("slots").EnumerateArray().ShouldHaveSingleItem();
        slot.TryGetProperty("token", out _).ShouldBeFalse();
        sign.GetProperty("ret_code").GetInt32().ShouldBe(0x76000006);
    }

    [Fact]
    public async Task No_cards_folder_is_no_reader()
    {
        await using var emulator = await EmulatorServer.StartAsync(null, "localhost");
        using var client = emulator.Client(Site);

        var info = await client.GetFromJsonAsync<JsonElement>("/pkcs11info");
        var sign = await EmulatorServer.SignAsync(client, new { signatureType = "PKCS7", tbs = "abc", pin = "123456" });

        info.GetProperty("slots").GetArrayLength().ShouldBe(0);
        sign.GetProperty("ret_code").GetInt32().ShouldBe(0x76100003);
    }
}
