using Replay.Tests.TestSupport;

namespace Replay.Tests;

public sealed class FoldCommandTests : IDisposable
{
    private readonly ReplayTool _tool = new();

    public void Dispose() => _tool.Dispose();

    [Fact]
    public async Task Every_generated_registration_stream_folds()
    {
        (await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", "300")).ExitCode.ShouldBe(ReplayApp.Ok);
        var streams = (long)(await _tool.SqlAsync("SELECT count(*) FROM streams WHERE name LIKE 'registration-%'"))[0][0];

        var run = await _tool.RunAsync("replay", "--path", _tool.StorePath);

        run.ExitCode.ShouldBe(ReplayApp.Ok, run.Output);
        run.Output.ShouldMatch($@"registration streams\s*│\s*{streams:N0}\b");
        run.Output.ShouldMatch($@"registered agencies\s*│\s*{streams:N0}\b");
        run.Output.ShouldContain("every registration stream folds");
    }

    [Fact]
    public async Task A_stream_whose_event_no_longer_deserialises_is_named_and_exits_non_zero()
    {
        (await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", "300")).ExitCode.ShouldBe(ReplayApp.Ok);
        var target = (await _tool.SqlAsync("SELECT s.name, e.revision, e.position FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.revision = 1 ORDER BY e.position LIMIT 1"))[0];
        await _tool.SqlAsync("UPDATE events SET type = 'NoSuchEvent.v1' WHERE position = @p", ("@p", target[2]));

        var run = await _tool.RunAsync("replay", "--path", _tool.StorePath);

        run.ExitCode.ShouldBe(ReplayApp.Broken, run.Output);
        run.Output.ShouldMatch($@"{target[0]}\s*│\s*{target[1]}\s*│\s*{target[2]}\s*│\s*NoSuchEvent.v1");
    }

    [Fact]
    public async Task Generating_into_a_store_that_holds_events_is_refused_and_writes_nothing()
    {
        (await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", "50")).ExitCode.ShouldBe(ReplayApp.Ok);
        var before = (long)(await _tool.SqlAsync("SELECT count(*) FROM events"))[0][0];

        var run = await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", "50");

        run.ExitCode.ShouldBe(ReplayApp.Broken);
        run.Output.ShouldContain("already holds events");
        ((long)(await _tool.SqlAsync("SELECT count(*) FROM events"))[0][0]).ShouldBe(before);
    }
}
