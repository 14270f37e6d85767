using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Emulation;
using CardAgent.Tests.Support;
using CardAgent.Tokens;

namespace CardAgent.Tests.Backends;

/// <summary>The demo back end: card images in a folder are inserted cards, with the card's PIN rules, no pcscd needed.</summary>
public sealed class DemoBackendTests : IAsyncLifetime
{
    private readonly TempDirectory cards = new();
    private AgentServer agent = null!;

    public async Task InitializeAsync() =>
        agent = await AgentServer.StartAsync(new Dictionary<string, string?> { ["CardAgent:Backend"] = "demo", ["CardAgent:Demo:CardsDirectory"] = cards.Path });

    public async Task DisposeAsync()
    {
        await agent.DisposeAsync();
        cards.Dispose();
    }

    private async Task<JsonElement[]> Readers(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/v1/readers")).RootElement.GetProperty("readers").EnumerateArray().ToArray();

    [Fact]
    public async Task Each_image_file_is_a_card_in_its_own_reader_and_the_folder_is_read_on_every_call()
    {
        using var client = agent.Client();
        (await Readers(client)).ShouldBeEmpty();

        var citizen = TestCards.Write(cards.Path, "citizen-a", "citizen", "RSA-2048");
        TestCards.Write(cards.Path, "org-b", "organisation", "EC-P256");
        var two = await Readers(client);
        File.Delete(citizen);
        var one = await Readers(client);

        two.Select(r => r.GetProperty("name").GetString()).ShouldBe(["Demo reader (citizen-a)", "Demo reader (org-b)"]);
        two.Select(r => r.GetProperty("cardKind").GetString()).ShouldBe(["citizen", "organisation"]);
        two.ShouldAllBe(r => r.GetProperty("cardPresent").GetBoolean());
        one.Select(r => r.GetProperty("name").GetString()).ShouldBe(["Demo reader (org-b)"]);
    }

    [Fact]
    public async Task Authenticate_signs_with_the_image_key_and_the_token_verifies()
    {
        var path = TestCards.Write(cards.Path, "org", "organisation", "EC-P384");
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, DemoBackend.ReaderName(path), "123456", challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("ES384");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
    }

    [Fact]
    public async Task Wrong_PINs_count_down_in_the_image_and_the_third_blocks()
    {
        var path = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        using var client = agent.Client();
        var reader = DemoBackend.ReaderName(path);

        var codes = new List<(string Error, int? TriesLeft)>();
        for (var i = 0; i < 3; i++)
        {
            var body = JsonDocument.Parse(await (await agent.AuthenticateAsync(client, reader, "111111", CardTokenVerifier.NewChallenge())).Content.ReadAsStringAsync()).RootElement;
            codes.Add((body.GetProperty("error").GetString()!, body.TryGetProperty("triesLeft", out var t) ? t.GetInt32() : null));
        }

        codes.ShouldBe([("PIN_INCORRECT", 2), ("PIN_INCORRECT", 1), ("PIN_BLOCKED", 0)]);
        CardImage.Load(path).PinTriesLeft.ShouldBe(0);
    }

    [Fact]
    public async Task Reader_whose_file_is_gone_is_NO_READER()
    {
        using var client = agent.Client();

        var response = await client.PostAsJsonAsync("/v1/certificate", new { reader = "Demo reader (missing)" });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unreadable_image_is_listed_as_an_unknown_card_and_refused_as_UNSUPPORTED_CARD()
    {
        File.WriteAllText(Path.Combine(cards.Path, "broken.card.json"), "{ not json");
        using var client = agent.Client();

        var readers = await Readers(client);
        var response = await client.PostAsJsonAsync("/v1/certificate", new { reader = "Demo reader (broken)" });

        readers.Single().GetProperty("cardKind").GetString().ShouldBe("unknown");
        response.StatusCode.ShouldBe((HttpStatusCode)422);
    }
}
