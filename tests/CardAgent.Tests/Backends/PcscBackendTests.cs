using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CardAgent.Cards;
using CardAgent.Emulation;
using CardAgent.Tests.Support;
using CardAgent.Tokens;
using VirtualCard;

namespace CardAgent.Tests.Backends;

/// <summary>The agent over the real PC/SC stack: pcscd, vpcd and virtual cards, through the HTTP API.</summary>
[Collection(PcscCollection.Name)]
public sealed class PcscBackendTests : IAsyncLifetime
{
    private readonly TempDirectory cards = new();
    private AgentServer agent = null!;

    public async Task InitializeAsync()
    {
        PcscStack.Require();
        agent = await AgentServer.StartAsync(new Dictionary<string, string?> { ["CardAgent:Backend"] = "pcsc", ["CardAgent:CardTimeoutSeconds"] = "5" });
    }

    public async Task DisposeAsync()
    {
        await agent.DisposeAsync();
        cards.Dispose();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Readers_lists_both_virtual_readers_with_the_inserted_card_its_kind_and_atr()
    {
        var image = TestCards.Write(cards.Path, "org", "organisation", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();

        var body = await Json(await client.GetAsync("/v1/readers"));

        var readers = body.GetProperty("readers").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        readers[PcscStack.FirstReader].GetProperty("cardPresent").GetBoolean().ShouldBeTrue();
        readers[PcscStack.FirstReader].GetProperty("cardKind").GetString().ShouldBe("organisation");
        readers[PcscStack.FirstReader].GetProperty("atr").GetString().ShouldBe(CardImage.Load(image).Atr);
        readers[PcscStack.SecondReader].GetProperty("cardPresent").GetBoolean().ShouldBeFalse();
        readers[PcscStack.SecondReader].GetProperty("cardKind").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Certificate_is_read_from_the_card_without_a_PIN()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();

        var response = await client.PostAsJsonAsync("/v1/certificate", new { reader = PcscStack.FirstReader, key = "auth" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var certificate = (await Json(response)).GetProperty("certificate").GetString();
        certificate.ShouldBe(CardImage.Load(image).Keys[0].Certificate);
    }

    [Theory]
    [InlineData("RSA-2048", "PS256")]
    [InlineData("EC-P256", "ES256")]
    [InlineData("EC-P384", "ES384")]
    public async Task Authenticate_returns_a_token_whose_signature_verifies_with_the_card_certificate(string algorithm, string expected)
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", algorithm);
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Format.ShouldBe("evs-auth/1");
        token.Algorithm.ShouldBe(expected);
        token.Certificate.ShouldBe(CardImage.Load(image).Keys[0].Certificate);
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
        CardTokenVerifier.Verify(token, "http://localhost:5081", challenge).ShouldBeFalse("the signature binds the origin");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, CardTokenVerifier.NewChallenge()).ShouldBeFalse("the signature binds the challenge");
    }

    [Fact]
    public async Task Wrong_PIN_counts_down_and_the_count_persists_in_the_image()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();

        var first = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "654321", CardTokenVerifier.NewChallenge());
        var second = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "654321", CardTokenVerifier.NewChallenge());

        first.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var firstBody = await Json(first);
        firstBody.GetProperty("error").GetString().ShouldBe("PIN_INCORRECT");
        firstBody.GetProperty("triesLeft").GetInt32().ShouldBe(2);
        (await Json(second)).GetProperty("triesLeft").GetInt32().ShouldBe(1);
        CardImage.Load(image).PinTriesLeft.ShouldBe(1);
    }

    [Fact]
    public async Task Third_wrong_PIN_blocks_the_card_and_then_even_the_right_PIN_is_refused()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();

        for (var i = 0; i < 2; i++)
            await agent.AuthenticateAsync(client, PcscStack.FirstReader, "000000", CardTokenVerifier.NewChallenge());
        var third = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "000000", CardTokenVerifier.NewChallenge());
        var right = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());

        third.StatusCode.ShouldBe((HttpStatusCode)423);
        (await Json(third)).GetProperty("error").GetString().ShouldBe("PIN_BLOCKED");
        (await Json(right)).GetProperty("error").GetString().ShouldBe("PIN_BLOCKED");
        CardImage.Load(image).PinTriesLeft.ShouldBe(0);
        // Whoever issued the card unlocks it: the answer names the certificate's issuing CA.
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(CardImage.Load(image).Keys[0].CertificateDer());
        var issuer = certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true);
        issuer.ShouldNotBeNullOrEmpty();
        (await Json(third)).GetProperty("issuer").GetString().ShouldBe(issuer);
    }

    [Fact]
    public async Task Right_PIN_after_a_wrong_one_restores_the_tries()
    {
        var image = TestCards.Write(cards.Path, "organisation", "organisation", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();

        await agent.AuthenticateAsync(client, PcscStack.FirstReader, "999999", CardTokenVerifier.NewChallenge());
        var right = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        CardImage.Load(image).PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task PIN_of_the_wrong_format_never_reaches_the_card()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var client = agent.Client();
        var before = card.CommandsAnswered;

        var tooShort = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "12345", CardTokenVerifier.NewChallenge());
        var afterLength = card.CommandsAnswered;
        var letters = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "12345a", CardTokenVerifier.NewChallenge());

        tooShort.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Json(tooShort)).GetProperty("error").GetString().ShouldBe("PIN_FORMAT");
        afterLength.ShouldBe(before, "a PIN of the wrong length is refused before any APDU");
        (await Json(letters)).GetProperty("error").GetString().ShouldBe("PIN_FORMAT");
        CardImage.Load(image).PinTriesLeft.ShouldBe(3, "no VERIFY was sent, so no try was spent");
    }

    [Fact]
    public async Task Card_removed_mid_operation_is_reported_as_CARD_REMOVED()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        // The card is pulled the moment the PIN arrives, before it answers.
        var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort,
            command => command.Ins == CardProfile.InsVerify && command.Data.Length > 0 ? CardReaction.Remove : CardReaction.Answer);
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(response)).GetProperty("error").GetString().ShouldBe("CARD_REMOVED");
        await PcscStack.RemoveAsync(card);
        CardImage.Load(image).PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task Empty_reader_answers_NO_CARD_and_unknown_reader_NO_READER()
    {
        await PcscStack.WaitForAsync(PcscStack.SecondReader, present: false);
        using var client = agent.Client();

        var empty = await client.PostAsJsonAsync("/v1/certificate", new { reader = PcscStack.SecondReader });
        var unknown = await client.PostAsJsonAsync("/v1/certificate", new { reader = "No Such Reader 00 00" });

        empty.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(empty)).GetProperty("error").GetString().ShouldBe("NO_CARD");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Json(unknown)).GetProperty("error").GetString().ShouldBe("NO_READER");
    }

    [Fact]
    public async Task Two_readers_work_at_once_each_with_its_own_card()
    {
        var organisation = TestCards.Write(cards.Path, "org", "organisation", "RSA-2048");
        var citizen = TestCards.Write(cards.Path, "citizen", "citizen", "EC-P256");
        await using var first = await PcscStack.InsertAsync(organisation, VirtualCardHost.FirstPort);
        await using var second = await PcscStack.InsertAsync(citizen, VirtualCardHost.SecondPort);
        using var client = agent.Client();
        var (c1, c2) = (CardTokenVerifier.NewChallenge(), CardTokenVerifier.NewChallenge());

        var responses = await Task.WhenAll(
            agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", c1),
            agent.AuthenticateAsync(client, PcscStack.SecondReader, "123456", c2));

        var t1 = (await responses[0].Content.ReadFromJsonAsync<CardToken>())!;
        var t2 = (await responses[1].Content.ReadFromJsonAsync<CardToken>())!;
        t1.Certificate.ShouldBe(CardImage.Load(organisation).Keys[0].Certificate);
        t2.Certificate.ShouldBe(CardImage.Load(citizen).Keys[0].Certificate);
        CardTokenVerifier.Verify(t1, AgentServer.AllowedOrigin, c1).ShouldBeTrue();
        CardTokenVerifier.Verify(t2, AgentServer.AllowedOrigin, c2).ShouldBeTrue();
    }

    [Fact]
    public async Task Second_operation_on_a_busy_reader_gets_READER_BUSY()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        using var verifyArrived = new SemaphoreSlim(0);
        var letTheCardAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The card holds on to the PIN until the second operation has had its answer, so the first one holds the reader throughout.
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort, command =>
        {
            if (command.Ins != CardProfile.InsVerify || command.Data.Length == 0)
                return CardReaction.Answer;
            verifyArrived.Release();
            return CardReaction.HoldUntil(letTheCardAnswer.Task);
        });
        using var client = agent.Client();

        var first = agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());
        (await verifyArrived.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        var second = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());
        letTheCardAnswer.SetResult();

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(second)).GetProperty("error").GetString().ShouldBe("READER_BUSY");
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Card_that_stops_answering_gives_TIMEOUT()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort,
            command => command.Ins == CardProfile.InsPerformSecurityOperation ? CardReaction.HoldUntil(Task.Delay(Timeout.Infinite)) : CardReaction.Answer);
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        (await Json(response)).GetProperty("error").GetString().ShouldBe("TIMEOUT");
    }

    [Fact]
    public async Task Card_that_hangs_before_the_PIN_gets_TIMEOUT_and_the_PIN_is_never_sent_afterwards()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        var verifies = 0;
        var wakeUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort, command =>
        {
            if (command.Ins == CardProfile.InsVerify)
                Interlocked.Increment(ref verifies);
            return command.Ins == CardProfile.InsReadBinary && command.P1 == 0 && command.P2 == 0 ? CardReaction.HoldUntil(wakeUp.Task) : CardReaction.Answer;
        });
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());
        // The card wakes up after the caller was told TIMEOUT; the agent must not go on to VERIFY. It frees the reader only
        // when the abandoned work is over, so once the reader serves another call, that work has sent all it ever will.
        wakeUp.SetResult();
        await ReaderServesAgainAsync(client, PcscStack.FirstReader);

        (await Json(response)).GetProperty("error").GetString().ShouldBe("TIMEOUT");
        Volatile.Read(ref verifies).ShouldBe(0);
        CardImage.Load(image).PinTriesLeft.ShouldBe(3);
    }

    /// <summary>Asks for the certificate until the reader is no longer busy with an earlier operation (bounded).</summary>
    private static async Task ReaderServesAgainAsync(HttpClient client, string reader)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.PostAsJsonAsync("/v1/certificate", new { reader, key = "auth" });
            if (response.StatusCode == HttpStatusCode.OK)
                return;
            (await Json(response)).GetProperty("error").GetString().ShouldBe("READER_BUSY");
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the reader stayed busy after the card woke up");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Request_from_another_origin_is_refused_before_the_card_sees_a_command()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort);
        using var evil = agent.Client("https://phishing.example");
        var before = card.CommandsAnswered;

        var response = await agent.AuthenticateAsync(evil, PcscStack.FirstReader, "123456", CardTokenVerifier.NewChallenge());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Json(response)).GetProperty("error").GetString().ShouldBe("ORIGIN_NOT_ALLOWED");
        card.CommandsAnswered.ShouldBe(before);
        CardImage.Load(image).PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task Card_without_our_application_is_UNSUPPORTED_CARD()
    {
        var image = TestCards.Write(cards.Path, "citizen", "citizen", "RSA-2048");
        // A foreign card: it answers "file not found" to the SELECT of our AID.
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort,
            command => command.Ins == CardProfile.InsSelect && command.P1 == CardProfile.SelectByDfName ? CardReaction.StatusWord(StatusWords.FileNotFound) : CardReaction.Answer);
        using var client = agent.Client();

        var certificate = await client.PostAsJsonAsync("/v1/certificate", new { reader = PcscStack.FirstReader });
        var readers = await Json(await client.GetAsync("/v1/readers"));

        certificate.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Json(certificate)).GetProperty("error").GetString().ShouldBe("UNSUPPORTED_CARD");
        readers.GetProperty("readers").EnumerateArray().Single(r => r.GetProperty("name").GetString() == PcscStack.FirstReader)
            .GetProperty("cardKind").GetString().ShouldBe("unknown");
    }

    [Fact]
    public async Task PS256_goes_to_the_card_as_a_chained_raw_RSA_block_through_pcscd_and_verifies()
    {
        var image = TestCards.Write(cards.Path, "organisation", "organisation", "RSA-2048");
        var (classBytes, schemes) = (new List<byte>(), new List<byte>());
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort, command => Record(command, classBytes, schemes));
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("PS256");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
        schemes.ShouldAllBe(s => s == (byte)CardSignatureScheme.RsaRaw, "only raw RSA was asked of the card");
        classBytes.ToArray().ShouldBe(new byte[] { 0x10, 0x00 }, "256 bytes go out as a 255-byte block with the chaining bit, then the last byte");
    }

    [Fact]
    public async Task Card_that_refuses_raw_RSA_gets_an_RS256_token_through_pcscd_and_spends_no_PIN_try()
    {
        var image = TestCards.Write(cards.Path, "organisation", "organisation", "RSA-2048", rsaPss: false);
        var (classBytes, schemes) = (new List<byte>(), new List<byte>());
        await using var card = await PcscStack.InsertAsync(image, VirtualCardHost.FirstPort, command => Record(command, classBytes, schemes));
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, PcscStack.FirstReader, "123456", challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("RS256");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
        schemes.ShouldBe([(byte)CardSignatureScheme.RsaRaw, (byte)CardSignatureScheme.RsaPkcs1DigestInfo], "PSS was asked first (6A80), then PKCS#1 v1.5");
        classBytes.ToArray().ShouldBe(new byte[] { 0x00 }, "the 51-byte DigestInfo needs no chaining");
        CardImage.Load(image).PinTriesLeft.ShouldBe(3);
    }

    /// <summary>Notes the class byte of every PSO and the algorithm of every MSE:SET the card received.</summary>
    private static CardReaction Record(CommandApdu command, List<byte> classBytes, List<byte> schemes)
    {
        lock (classBytes)
        {
            if (command.Ins == CardProfile.InsPerformSecurityOperation)
                classBytes.Add(command.Cla);
            else if (command.Ins == CardProfile.InsManageSecurityEnvironment && command.Data.Length >= 3)
                schemes.Add(command.Data[2]);
        }
        return CardReaction.Answer;
    }
}
