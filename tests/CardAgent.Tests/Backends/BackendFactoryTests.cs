using System.Net;
using System.Text.Json;
using CardAgent.Host;
using CardAgent.Tests.Support;

namespace CardAgent.Tests.Backends;

/// <summary>Choosing a back end by configuration, and what status says about it.</summary>
public sealed class BackendFactoryTests
{
    [Fact]
    public async Task PKCS11_back_end_with_a_missing_module_is_unavailable_and_its_readers_answer_NO_READER()
    {
        await using var agent = await AgentServer.StartAsync(new Dictionary<string, string?>
        {
            ["CardAgent:Backend"] = "pkcs11",
            ["CardAgent:Pkcs11:ModulePath"] = "/nonexistent/libHicos_p11.so",
        });
        using var client = agent.Client();

        var status = JsonDocument.Parse(await client.GetStringAsync("/v1/status")).RootElement;
        var readers = await client.GetAsync("/v1/readers");

        status.GetProperty("demo").GetBoolean().ShouldBeFalse();
        status.GetProperty("backends")[0].GetProperty("name").GetString().ShouldBe("pkcs11");
        status.GetProperty("backends")[0].GetProperty("available").GetBoolean().ShouldBeFalse();
        readers.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonDocument.Parse(await readers.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().ShouldBe("NO_READER");
    }

    [Fact]
    public async Task PCSC_back_end_is_available_when_pcscd_runs()
    {
        PcscStack.Require();
        await using var agent = await AgentServer.StartAsync(new Dictionary<string, string?> { ["CardAgent:Backend"] = "pcsc" });
        using var client = agent.Client();

        var status = JsonDocument.Parse(await client.GetStringAsync("/v1/status")).RootElement;

        status.GetProperty("backends")[0].GetProperty("name").GetString().ShouldBe("pcsc");
        status.GetProperty("backends")[0].GetProperty("available").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("demo", "CardAgent:Demo:CardsDirectory")]
    [InlineData("pkcs11", "CardAgent:Pkcs11:ModulePath")]
    [InlineData("hipki", "pcsc, pkcs11, demo")]
    public void Incomplete_back_end_configuration_stops_the_agent_at_start(string backend, string named)
    {
        Should.Throw<InvalidOperationException>(() => AgentHost.Build([], b => b.Configuration["CardAgent:Backend"] = backend))
            .Message.ShouldContain(named);
    }
}
