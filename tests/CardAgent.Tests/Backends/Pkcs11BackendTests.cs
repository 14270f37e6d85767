using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CardAgent.Backends;
using CardAgent.Tests.Support;
using CardAgent.Tokens;
using Net.Pkcs11Interop.Common;

namespace CardAgent.Tests.Backends;

/// <summary>The PKCS#11 back end against SoftHSM2 tokens loaded with card images, through the HTTP API.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11BackendTests(SoftHsm hsm) : IAsyncLifetime
{
    private AgentServer agent = null!;

    public async Task InitializeAsync() =>
        agent = await AgentServer.StartAsync(new Dictionary<string, string?> { ["CardAgent:Backend"] = "pkcs11", ["CardAgent:Pkcs11:ModulePath"] = SoftHsm.ModulePath });

    public async Task DisposeAsync() => await agent.DisposeAsync();

    [Fact]
    public async Task Slots_are_readers_and_each_token_shows_its_card_kind()
    {
        using var client = agent.Client();

        var readers = JsonDocument.Parse(await client.GetStringAsync("/v1/readers")).RootElement.GetProperty("readers").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!);

        readers[hsm.CitizenReader].GetProperty("cardKind").GetString().ShouldBe("citizen");
        readers[hsm.OrganisationReader].GetProperty("cardKind").GetString().ShouldBe("organisation");
        readers[hsm.CitizenReader].GetProperty("cardPresent").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Certificate_is_found_by_its_label_and_read_without_login()
    {
        using var client = agent.Client();

        var response = await client.PostAsJsonAsync("/v1/certificate", new { reader = hsm.OrganisationReader });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("certificate").GetString()
            .ShouldBe(hsm.OrganisationImage.Keys[0].Certificate);
    }

    [Fact]
    public async Task RSA_token_is_PS256_through_the_PSS_mechanism_SoftHSM2_lists_and_verifies()
    {
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, hsm.CitizenReader, hsm.CitizenImage.Pin, challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("PS256");
        token.Certificate.ShouldBe(hsm.CitizenImage.Keys[0].Certificate);
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
        CardTokenVerifier.Verify(token with { Algorithm = "RS256" }, AgentServer.AllowedOrigin, challenge).ShouldBeFalse("a PSS signature is no PKCS#1 v1.5 signature");
    }

    [Fact]
    public async Task Key_that_allows_only_PKCS1_mechanisms_gets_an_RS256_token_that_verifies()
    {
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, hsm.Pkcs1OnlyReader, hsm.Pkcs1OnlyImage.Pin, challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("RS256");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
    }

    [Fact]
    public async Task EC_token_signs_the_hash_with_CKM_ECDSA_and_the_token_verifies()
    {
        using var client = agent.Client();
        var challenge = CardTokenVerifier.NewChallenge();

        var response = await agent.AuthenticateAsync(client, hsm.OrganisationReader, hsm.OrganisationImage.Pin, challenge);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<CardToken>())!;
        token.Algorithm.ShouldBe("ES256");
        CardTokenVerifier.Verify(token, AgentServer.AllowedOrigin, challenge).ShouldBeTrue();
    }

    [Fact]
    public async Task Wrong_PIN_is_PIN_INCORRECT_from_CKR_PIN_INCORRECT()
    {
        using var client = agent.Client();

        var response = await agent.AuthenticateAsync(client, hsm.CitizenReader, "000000", CardTokenVerifier.NewChallenge());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().ShouldBe("PIN_INCORRECT");
        // SoftHSM2 has no retry limit; the right PIN still works afterwards.
        (await agent.AuthenticateAsync(client, hsm.CitizenReader, hsm.CitizenImage.Pin, CardTokenVerifier.NewChallenge())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_slot_is_NO_READER()
    {
        using var client = agent.Client();

        var response = await client.PostAsJsonAsync("/v1/certificate", new { reader = "No such slot" });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(CKR.CKR_PIN_LOCKED, AgentErrorCode.PIN_BLOCKED)]
    [InlineData(CKR.CKR_TOKEN_NOT_PRESENT, AgentErrorCode.NO_CARD)]
    [InlineData(CKR.CKR_DEVICE_REMOVED, AgentErrorCode.CARD_REMOVED)]
    [InlineData(CKR.CKR_PIN_LEN_RANGE, AgentErrorCode.PIN_FORMAT)]
    public void Module_return_values_map_to_agent_errors(CKR value, AgentErrorCode expected)
    {
        Pkcs11Backend.Map(new Pkcs11Exception("C_Login", value))!.Code.ShouldBe(expected);
    }
}
