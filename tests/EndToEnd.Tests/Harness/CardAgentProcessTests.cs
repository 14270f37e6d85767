using System.Diagnostics;

namespace EndToEnd.Tests.Harness;

/// <summary>The harness's own promise: an agent it started never outlives the test process.</summary>
public class CardAgentProcessTests
{
    [Fact]
    public async Task The_agent_stops_when_the_test_process_that_started_it_is_gone()
    {
        var cards = Path.Combine(Path.GetTempPath(), "evs-e2e", Guid.NewGuid().ToString("N"));
        await using var agent = await CardAgentProcess.StartAsync(cards, "http://127.0.0.1:9");
        using var agentProcess = Process.GetProcessById(await agent.AgentProcessIdAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        agentProcess.HasExited.ShouldBeFalse();

        agent.CloseLifeline();

        await agentProcess.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(new Uri(agent.Url, "/v1/status")));
        Directory.Delete(cards, recursive: true);
    }
}
