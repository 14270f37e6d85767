using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Cli;
using CardAgent.Tests.Support;
using CardAgent.Tokens;

namespace CardAgent.Tests.Cli;

/// <summary>The command-line mode, run in-process with the demo back end (the same handlers as the HTTP API).</summary>
public sealed class CommandLineModeTests : IDisposable
{
    private readonly TempDirectory cards = new();

    public void Dispose() => cards.Dispose();

    private async Task<(int Exit, string Output)> Run(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--CardAgent:Backend=demo", $"--CardAgent:Demo:CardsDirectory={cards.Path}"];
        var exit = await CommandLineMode.RunAsync(all, new StringReader(stdin), output, error);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Readers_prints_the_readers_as_JSON()
    {
        TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");

        var (exit, output) = await Run("", "readers");

        exit.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetProperty("readers")[0].GetProperty("name").GetString().ShouldBe("Demo reader (citizen)");
    }

    [Fact]
    public async Task Certificate_prints_the_base64_certificate()
    {
        var path = TestCards.Write(cards.Path, "org", "organisation", "RSA-2048");

        var (exit, output) = await Run("", "certificate", "--reader", DemoBackend.ReaderName(path));

        exit.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetProperty("certificate").GetString().ShouldBe(CardAgent.Emulation.CardImage.Load(path).Keys[0].Certificate);
    }

    [Fact]
    public async Task Authenticate_reads_the_PIN_from_standard_input_and_prints_a_token_that_verifies()
    {
        var path = TestCards.Write(cards.Path, "citizen", "citizen", "EC-P256");
        var challenge = CardTokenVerifier.NewChallenge();

        var (exit, output) = await Run("123456\n", "authenticate", "--reader", DemoBackend.ReaderName(path), "--origin", "https://ecpa.example", "--challenge", challenge);

        exit.ShouldBe(0);
        var token = JsonSerializer.Deserialize<CardToken>(output)!;
        CardTokenVerifier.Verify(token, "https://ecpa.example", challenge).ShouldBeTrue();
        output.ShouldNotContain("123456");
    }

    [Fact]
    public async Task Wrong_PIN_exits_1_with_the_error_code_and_tries_left()
    {
        var path = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");

        var (exit, output) = await Run("999999\n", "authenticate", "--reader", DemoBackend.ReaderName(path), "--origin", "https://ecpa.example", "--challenge", CardTokenVerifier.NewChallenge());

        exit.ShouldBe(1);
        var body = JsonDocument.Parse(output).RootElement;
        body.GetProperty("error").GetString().ShouldBe("PIN_INCORRECT");
        body.GetProperty("triesLeft").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Authenticate_without_an_origin_is_a_usage_error()
    {
        var (exit, _) = await Run("123456\n", "authenticate", "--reader", "x", "--challenge", CardTokenVerifier.NewChallenge());

        exit.ShouldBe(2);
    }
}
