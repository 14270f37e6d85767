using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CardAgent.Backends;
using CardAgent.Cards;
using CardAgent.Emulation;
using CardAgent.Tests.Support;

namespace CardAgent.Tests.Cards;

/// <summary>The printed card number (卡號): EF.GDO on the card, read by the agent and returned beside the certificate, unsigned.</summary>
public sealed class CardNumberTests : IAsyncLifetime
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

    private string WriteCard(string name, string? cardNumber)
    {
        var node = JsonNode.Parse(TestCards.ImageJson("citizen", "RSA-2048"))!;
        node["cardNumber"] = cardNumber;
        var path = Path.Combine(cards.Path, name + ".card.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    private static ProfileCard Open(string imagePath)
    {
        var card = new ProfileCard(new ApduChannel(new TimedLink(new EmulatedCard(CardImage.Load(imagePath), _ => { }))));
        card.SelectApplication().ShouldBeTrue();
        return card;
    }

    [Fact]
    public void The_card_number_is_read_from_EF_GDO_as_the_image_gives_it()
    {
        var path = WriteCard("numbered", "TP03000000000042");

        Open(path).ReadCardNumber().ShouldBe("TP03000000000042");
    }

    [Theory]
    [InlineData("")]
    [InlineData("TP03 0000")]
    [InlineData("卡號0001")]
    public void A_card_without_a_usable_number_has_no_EF_GDO_and_reads_as_none(string cardNumber)
    {
        var path = WriteCard("unnumbered", cardNumber);

        Open(path).ReadCardNumber().ShouldBeNull();
    }

    [Theory]
    [InlineData("5A03414243", "ABC")]
    [InlineData("5A04414243", null)]
    [InlineData("5B03414243", null)]
    [InlineData("5A032D2D2D", null)]
    [InlineData("5A", null)]
    public void EF_GDO_content_is_read_only_when_it_is_exactly_tag_5A_with_letters_and_digits(string hex, string? expected) =>
        CardProfile.ParseCardNumber(Convert.FromHexString(hex)).ShouldBe(expected);

    [Fact]
    public async Task Authenticate_and_certificate_answers_carry_the_card_number()
    {
        var path = WriteCard("numbered", "GC01123456789012");
        using var client = agent.Client();

        var token = await agent.AuthenticateAsync(client, DemoBackend.ReaderName(path), "123456", CardTokenVerifier.NewChallenge());
        var certificate = await client.PostAsJsonAsync("/v1/certificate", new { reader = DemoBackend.ReaderName(path) });

        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("cardNumber").GetString().ShouldBe("GC01123456789012");
        JsonDocument.Parse(await certificate.Content.ReadAsStringAsync()).RootElement.GetProperty("cardNumber").GetString().ShouldBe("GC01123456789012");
    }

    [Fact]
    public async Task A_card_without_a_number_answers_without_the_field()
    {
        var path = WriteCard("unnumbered", "");
        using var client = agent.Client();

        var token = await agent.AuthenticateAsync(client, DemoBackend.ReaderName(path), "123456", CardTokenVerifier.NewChallenge());

        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.TryGetProperty("cardNumber", out _).ShouldBeFalse();
    }
}
