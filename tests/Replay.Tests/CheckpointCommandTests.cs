using Replay.Tests.TestSupport;

namespace Replay.Tests;

/// <summary>The operator signs checkpoints with the tool; the auditor verifies the store against them with the public key.</summary>
public sealed class CheckpointCommandTests : IDisposable
{
    private readonly ReplayTool _tool = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-replay-tests", "checkpoints-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _tool.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_store_verifies_up_to_its_signed_checkpoint_and_a_cut_off_end_is_named_against_it()
    {
        Directory.CreateDirectory(_folder);
        var key = Path.Combine(_folder, "checkpoint-key.pem");
        var witness = Path.Combine(_folder, "witness");
        (await _tool.RunAsync("generate", "--path", _tool.StorePath, "--events", "300")).ExitCode.ShouldBe(ReplayApp.Ok);
        var keygen = await _tool.RunAsync("keygen", "--key", key);
        keygen.ExitCode.ShouldBe(ReplayApp.Ok, keygen.Output);
        var signed = await _tool.RunAsync("checkpoint", "--path", _tool.StorePath, "--checkpoints", witness, "--key", key);
        signed.ExitCode.ShouldBe(ReplayApp.Ok, signed.Output);
        var head = (long)(await _tool.SqlAsync("SELECT max(position) FROM events"))[0][0];
        signed.Output.ShouldContain($"checkpoint #1 at position {head:N0}, signed by ");
        var keyId = keygen.Output.Trim()[^40..];

        var intact = await _tool.RunAsync("verify", "--path", _tool.StorePath, "--checkpoints", witness, "--public-key", Path.Combine(_folder, "checkpoint-key.pub.pem"));

        intact.ExitCode.ShouldBe(ReplayApp.Ok, intact.Output);
        intact.Output.ShouldMatch($@"intact: every hash chain verifies; intact up to checkpoint #1 of \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(position {head}\), signed by {keyId}\.");

        // The last event removed and its stream's record put back one event, as someone with the file could.
        await _tool.SqlAsync("""
            UPDATE streams SET last_revision = last_revision - 1, last_hash = (SELECT prev_hash FROM events WHERE position = @p) WHERE id = (SELECT stream_id FROM events WHERE position = @p);
            DELETE FROM events WHERE position = @p;
            """, ("@p", head));
        (await _tool.RunAsync("verify", "--path", _tool.StorePath)).ExitCode.ShouldBe(ReplayApp.Ok, "without checkpoints the shorter store is consistent");

        var cut = await _tool.RunAsync("verify", "--path", _tool.StorePath, "--checkpoints", witness, "--public-key", Path.Combine(_folder, "checkpoint-key.pub.pem"));

        cut.ExitCode.ShouldBe(ReplayApp.Broken, cut.Output);
        cut.Output.ShouldContain("(BehindCheckpoint)");
        cut.Output.ShouldContain($"the store ends at position {head - 1}");
        cut.Output.ShouldContain("checkpoints: no checkpoint is matched by the stored history.");
        (await _tool.RunAsync("verify", "--path", _tool.StorePath, "--checkpoints", witness)).ExitCode.ShouldBe(ReplayApp.BadUsage);
    }
}
