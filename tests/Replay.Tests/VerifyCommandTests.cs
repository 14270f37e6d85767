using Replay.Tests.TestSupport;

namespace Replay.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly ReplayTool _tool = new();

    public void Dispose() => _tool.Dispose();

    private async Task<long> GenerateAsync(int events)
    {
        var generated = await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", events.ToString(System.Globalization.CultureInfo.InvariantCulture));
        generated.ExitCode.ShouldBe(ReplayApp.Ok, generated.Output);
        return (long)(await _tool.SqlAsync("SELECT count(*) FROM events"))[0][0];
    }

    [Fact]
    public async Task A_clean_store_verifies_intact_with_its_counts_and_exits_zero()
    {
        var stored = await GenerateAsync(600);
        var streams = (long)(await _tool.SqlAsync("SELECT count(*) FROM streams"))[0][0];

        var run = await _tool.RunAsync("verify", "--path", _tool.StorePath);

        run.ExitCode.ShouldBe(ReplayApp.Ok, run.Output);
        run.Output.ShouldContain("intact");
        run.Output.ShouldMatch($@"events verified\s*│\s*{stored:N0}\b");
        run.Output.ShouldMatch($@"streams\s*│\s*{streams:N0}\b");
        run.Output.ShouldMatch(@"events/s\s*│\s*[1-9][0-9,]*");
        run.Output.ShouldNotContain("first broken event");
        // Not a terminal: plain progress lines, no escape codes, the last one the full count.
        run.Progress.ShouldNotContain("\u001b");
        run.Progress.TrimEnd().Split('\n')[^1].ShouldStartWith($"done: {stored:N0} / {stored:N0} events verified (100.0 %)");
    }

    [Fact]
    public async Task A_row_altered_in_the_database_is_named_by_stream_revision_and_position_and_exits_non_zero()
    {
        var stored = await GenerateAsync(600);
        var position = stored / 2;
        var target = (await _tool.SqlAsync("SELECT s.name, e.revision FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.position = @p", ("@p", position)))[0];
        var (stream, revision) = ((string)target[0], (long)target[1]);
        await _tool.SqlAsync("UPDATE events SET data = CAST(CAST(data AS TEXT) || ' ' AS BLOB) WHERE position = @p", ("@p", position));

        var run = await _tool.RunAsync("verify", "--path", _tool.StorePath);

        run.ExitCode.ShouldBe(ReplayApp.Broken, run.Output);
        run.Output.ShouldContain($"BROKEN: first broken event stream {stream}, revision {revision}, position {position} (ContentAltered)");
        run.Output.ShouldMatch($@"first broken event\s*│\s*stream {stream}, revision {revision}, position {position}");
        run.Output.ShouldMatch(@"broken links\s*│\s*1\b");
        run.Output.ShouldMatch($@"events verified\s*│\s*{stored:N0}\b");
        run.Progress.ShouldContain("1 broken so far");
    }

    [Fact]
    public async Task Verifying_one_stream_checks_only_its_events_and_names_its_last_hash()
    {
        await GenerateAsync(200);
        var target = (await _tool.SqlAsync("SELECT s.name, count(*), lower(hex(s.last_hash)) FROM streams s JOIN events e ON e.stream_id = s.id GROUP BY s.id ORDER BY s.id LIMIT 1"))[0];

        var run = await _tool.RunAsync("verify", "--path", _tool.StorePath, "--stream", (string)target[0]);

        run.ExitCode.ShouldBe(ReplayApp.Ok, run.Output);
        run.Output.ShouldMatch($@"events verified\s*│\s*{(long)target[1]}\b");
        run.Output.ShouldContain((string)target[2]);
    }

    [Fact]
    public async Task A_missing_store_file_is_refused_and_not_created()
    {
        var missing = Path.Combine(Path.GetDirectoryName(_tool.StorePath)!, "typo.db");

        var run = await _tool.RunAsync("verify", "--path", missing);

        run.ExitCode.ShouldBe(ReplayApp.BadUsage);
        run.Output.ShouldContain("no event store file");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task A_file_that_is_not_a_store_is_reported_as_unreadable()
    {
        await File.WriteAllTextAsync(_tool.StorePath, "not a database, just some text that is long enough to have a header and more of it");

        var run = await _tool.RunAsync("verify", "--path", _tool.StorePath);

        run.ExitCode.ShouldBe(ReplayApp.Unreadable, run.Output);
        run.Output.ShouldContain("cannot read");
    }
}
