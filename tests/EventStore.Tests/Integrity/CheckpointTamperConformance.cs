using System.Text;
using EventStore.Checkpoints;
using EventStore.Integrity;
using EventStore.Storage;
using EventStore.Tests.TestSupport;

namespace EventStore.Tests.Integrity;

/// <summary>
/// An attacker with full access to the database and knowledge of every hash layout: each change below leaves a store
/// whose own chains are consistent, and is still found, because it contradicts a checkpoint signed with a key the
/// database cannot reach and kept in a folder outside it. Each test names what broke and the first position affected.
/// History: 30 events in three streams a, b, c written in turn (stream b's revision r at position 2 + 3r), checkpoint
/// #1 signed at position 15 and #2 at position 30.
/// </summary>
public abstract class CheckpointTamperConformance
{
    protected abstract Task<TamperableStore> OpenAsync();

    private sealed class Setting : IAsyncDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-tests", "checkpoints-" + Guid.NewGuid().ToString("N"));

        public Setting(TamperableStore target)
        {
            Target = target;
            Directory.CreateDirectory(_folder);
            KeyFileCheckpointSigner.Generate(Path.Combine(_folder, "checkpoint-key.pem"));
            Signer = new KeyFileCheckpointSigner(Path.Combine(_folder, "checkpoint-key.pem"));
            Witness = new DirectoryCheckpointWitness(Path.Combine(_folder, "witness"));
            Writer = NewWriter();
            Source = new CheckpointSource([Witness], CheckpointKeys.FromPemFiles([Path.Combine(_folder, "checkpoint-key.pub.pem")]), "events");
        }

        public TamperableStore Target { get; }

        public KeyFileCheckpointSigner Signer { get; }

        public DirectoryCheckpointWitness Witness { get; }

        public CheckpointWriter Writer { get; private set; }

        public CheckpointSource Source { get; }

        public StoreVerifier Verifier => Target.Verifier.WithCheckpoints(Source);

        public string[] Streams { get; } = [TestEvents.NewStream("a"), TestEvents.NewStream("b"), TestEvents.NewStream("c")];

        /// <summary>A writer as after a restart of the app (the store may have been reopened since).</summary>
        public CheckpointWriter NewWriter() => Writer = new CheckpointWriter((RelationalEventStore)Target.Store, Signer, [Witness], CheckpointSchedule.Default, "events", Target.Clock);

        public async Task WriteRoundAsync(int firstRevision, int rounds)
        {
            for (var revision = firstRevision; revision < firstRevision + rounds; revision++)
            {
                foreach (var stream in Streams)
                {
                    Target.Clock.Advance(TimeSpan.FromSeconds(1));
                    await Target.Store.AppendToStreamAsync(stream, revision == 0 ? StreamState.NoStream : StreamState.At(revision - 1), [TestEvents.One(revision)]);
                }
            }
        }

        public static async Task<Setting> WithHistoryAsync(TamperableStore target)
        {
            var setting = new Setting(target);
            await setting.WriteRoundAsync(0, 5);
            (await setting.Writer.CheckpointNowAsync())!.Body.Position.ShouldBe(15);
            await setting.WriteRoundAsync(5, 5);
            (await setting.Writer.CheckpointNowAsync())!.Body.Position.ShouldBe(30);
            return setting;
        }

        public ValueTask DisposeAsync()
        {
            Signer.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // cleaned by the OS later
            }

            return ValueTask.CompletedTask;
        }
    }

    private static ChainBreak OnlyCheckpointBreak(IntegrityReport report, ChainBreakKind kind)
    {
        report.IsIntact.ShouldBeFalse();
        report.Breaks.ShouldAllBe(b => b.Kind == kind, string.Join("; ", report.Breaks));
        return report.Breaks.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_untouched_store_is_intact_up_to_its_latest_checkpoint_and_says_who_signed_it()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var signedHead = await ((RelationalEventStore)target.Store).ReadChainStateAsync(0);
        await target.Store.AppendToStreamAsync(setting.Streams[0], StreamState.Any, [TestEvents.One(10)]);

        var report = await setting.Verifier.VerifyStoreAsync();

        report.IsIntact.ShouldBeTrue(string.Join("; ", report.Breaks));
        var proven = report.Checkpoints!.Proven!;
        (proven.Body.Sequence, proven.Body.Position, proven.Body.EventCount, proven.KeyId).ShouldBe((2L, 30L, 30L, setting.Signer.KeyId));
        report.Checkpoints.EventsAfter.ShouldBe(1);
        report.Statement.ShouldBe($"intact up to checkpoint #2 of {proven.Body.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (position 30), signed by {setting.Signer.KeyId}; 1 later event(s) are not yet covered by a checkpoint");
        var file = File.ReadAllLines(Path.Combine(setting.Witness.Directory, DirectoryCheckpointWitness.FileName(2)));
        file[..6].ShouldBe(["evs-checkpoint/1", "store: events", "sequence: 2", "position: 30", "events: 30", $"all-hash: {Convert.ToHexStringLower(signedHead.AllHash)}"]);
        file[7].ShouldBe($"previous: {Convert.ToHexStringLower(report.Checkpoints.Latest!.Body.Previous)}");
    }

    [Fact]
    public async Task An_event_edited_with_every_later_hash_recomputed_contradicts_the_checkpoint_after_it()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var edited = 2 + (3 * 6); // stream b, revision 6, position 20: after checkpoint #1, before #2

        await FullAccessAttacker.RewriteAsync(target, events =>
        {
            var i = events.FindIndex(e => e.Position == edited);
            events[i] = events[i] with { Data = """{"n":999}"""u8.ToArray() };
        });

        (await target.Verifier.VerifyStoreAsync()).IsIntact.ShouldBeTrue("the attacker's store is consistent with itself");
        var report = await setting.Verifier.VerifyStoreAsync();
        var broken = OnlyCheckpointBreak(report, ChainBreakKind.CheckpointMismatch);
        broken.Position.ShouldBe(16);
        broken.Expected.ShouldContain("signed in checkpoint #2");
        broken.Found.ShouldContain("the store still matches checkpoint #1 at position 15, so the history was changed at a position from 16 to 30");
        report.Checkpoints!.Proven!.Body.Sequence.ShouldBe(1);
        report.Statement.ShouldStartWith("BROKEN at position 16: CheckpointMismatch");
    }

    [Fact]
    public async Task An_event_edited_before_the_first_checkpoint_leaves_nothing_proven()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);

        await FullAccessAttacker.RewriteAsync(target, events => events[6] = events[6] with { Type = "Other.v1" });

        var report = await setting.Verifier.VerifyStoreAsync();
        OnlyCheckpointBreak(report, ChainBreakKind.CheckpointMismatch).Position.ShouldBe(1);
        report.Checkpoints!.Proven.ShouldBeNull();
    }

    [Fact]
    public async Task A_stream_truncated_and_the_history_renumbered_contradicts_the_checkpoints()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var b = setting.Streams[1];

        // Stream b loses its last two events (revisions 8 and 9, positions 26 and 29); later positions close up.
        await FullAccessAttacker.RewriteAsync(target, events => events.RemoveAll(e => e.Stream == b && e.Position is 26 or 29));

        (await target.Verifier.VerifyStoreAsync()).IsIntact.ShouldBeTrue();
        var behind = OnlyCheckpointBreak(await setting.Verifier.VerifyStoreAsync(), ChainBreakKind.BehindCheckpoint);
        (behind.Position, behind.Found[..36]).ShouldBe((16L, "the store ends at position 28 (28 ev"));

        // The app writes on past the signed position: now the history there differs from what was signed.
        await target.Store.AppendToStreamAsync(setting.Streams[0], StreamState.Any, TestEvents.Many(3));
        var broken = OnlyCheckpointBreak(await setting.Verifier.VerifyStoreAsync(), ChainBreakKind.CheckpointMismatch);
        broken.Position.ShouldBe(16);
        broken.Found.ShouldContain("over 30 events, recomputed from the stored events");
    }

    [Fact]
    public async Task A_stream_truncated_at_the_end_of_the_store_leaves_it_behind_its_checkpoint()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var c = setting.Streams[2];

        await FullAccessAttacker.RewriteAsync(target, events => events.RemoveAll(e => e.Stream == c && e.Position == 30));

        var broken = OnlyCheckpointBreak(await setting.Verifier.VerifyStoreAsync(), ChainBreakKind.BehindCheckpoint);
        broken.Position.ShouldBe(16);
        broken.Found.ShouldContain("the store ends at position 29");
        broken.Expected.ShouldContain("events up to position 30");
    }

    [Fact]
    public async Task A_whole_stream_deleted_contradicts_the_first_checkpoint()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var a = setting.Streams[0];

        await FullAccessAttacker.RewriteAsync(target, events => events.RemoveAll(e => e.Stream == a));

        (await target.Verifier.VerifyStoreAsync()).IsIntact.ShouldBeTrue("the store no longer knows the stream at all");
        var report = await setting.Verifier.VerifyStoreAsync();
        report.Breaks.ShouldNotBeEmpty();
        report.FirstBreak!.Kind.ShouldBe(ChainBreakKind.CheckpointMismatch);
        report.FirstBreak.Position.ShouldBe(1);
        report.Checkpoints!.Proven.ShouldBeNull();
    }

    [Fact]
    public async Task An_older_backup_restored_is_behind_the_latest_checkpoint()
    {
        await using var target = await OpenAsync();
        await using var setting = new Setting(target);
        await setting.WriteRoundAsync(0, 5);
        await setting.Writer.CheckpointNowAsync();
        await target.BackupAsync();
        await setting.WriteRoundAsync(5, 5);
        await setting.Writer.CheckpointNowAsync();

        await target.RestoreBackupAsync();

        (await target.Verifier.VerifyStoreAsync()).IsIntact.ShouldBeTrue("the backup is a consistent store");
        var report = await setting.Verifier.VerifyStoreAsync();
        var broken = OnlyCheckpointBreak(report, ChainBreakKind.BehindCheckpoint);
        broken.Position.ShouldBe(16);
        broken.Expected.ShouldStartWith("events up to position 30 (30 events), signed in checkpoint #2");
        broken.Found.ShouldStartWith("the store ends at position 15 (15 events)");
        report.Checkpoints!.Proven!.Body.Sequence.ShouldBe(1);

        // The app's checkpoint writer, restarted on the restored store, refuses to sign over it.
        var writer = setting.NewWriter();
        var refused = await Should.ThrowAsync<CheckpointRefusedException>(() => writer.CheckpointNowAsync());
        refused.Message.ShouldContain("before checkpoint #2 at position 30");
    }

    [Fact]
    public async Task A_forged_event_with_correct_hashes_is_found_where_it_contradicts_a_checkpoint_and_reported_as_unproven_after_the_last()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        var b = setting.Streams[1];
        var forged = new StoredEvent(0, b, Guid.NewGuid(), TestEvents.Type, """{"n":-1}"""u8.ToArray(),
            Encoding.UTF8.GetBytes("""{"actor":"someone"}"""), HashChain.ToUnixMicroseconds(target.Clock.GetUtcNow()));

        // Appended after the last checkpoint: nothing signed contradicts it yet, and the report says it is not covered.
        await FullAccessAttacker.RewriteAsync(target, events => events.Add(forged with { StreamKey = events.First(e => e.Stream == b).StreamKey }));
        var appended = await setting.Verifier.VerifyStoreAsync();
        appended.IsIntact.ShouldBeTrue();
        appended.Checkpoints!.EventsAfter.ShouldBe(1);
        appended.Statement.ShouldEndWith("1 later event(s) are not yet covered by a checkpoint");

        // Slipped in among signed events: it contradicts checkpoint #1.
        await FullAccessAttacker.RewriteAsync(target, events =>
        {
            var last = events[^1];
            events.RemoveAt(events.Count - 1);
            events.Insert(10, last);
        });
        var inserted = OnlyCheckpointBreak(await setting.Verifier.VerifyStoreAsync(), ChainBreakKind.CheckpointMismatch);
        inserted.Position.ShouldBe(1);
        inserted.Expected.ShouldContain("signed in checkpoint #1");
    }

    [Fact]
    public async Task The_checkpoint_writer_refuses_to_sign_over_a_changed_history()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        await FullAccessAttacker.RewriteAsync(target, events => events[3] = events[3] with { Data = """{"n":42}"""u8.ToArray() });
        await setting.WriteRoundAsync(10, 1);

        var refused = await Should.ThrowAsync<CheckpointRefusedException>(() => setting.NewWriter().CheckpointNowAsync());

        refused.Message.ShouldContain("the $all link stored at position 30 is not the one signed in checkpoint #2");
        Directory.GetFiles(setting.Witness.Directory).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Checkpoints_removed_edited_or_signed_by_an_untrusted_key_are_named()
    {
        await using var target = await OpenAsync();
        await using var setting = await Setting.WithHistoryAsync(target);
        await setting.WriteRoundAsync(10, 1);
        await setting.Writer.CheckpointNowAsync();
        var folder = setting.Witness.Directory;
        string PathOf(long sequence) => Path.Combine(folder, DirectoryCheckpointWitness.FileName(sequence));

        File.Delete(PathOf(2));
        var missing = await setting.Verifier.VerifyStoreAsync();
        var gap = missing.Breaks.ShouldHaveSingleItem();
        (gap.Kind, gap.StreamId).ShouldBe((ChainBreakKind.CheckpointInvalid, "checkpoint #3"));
        gap.Found.ShouldContain("checkpoints #2..#2 are missing from every witness");
        missing.Checkpoints!.Proven!.Body.Sequence.ShouldBe(1);

        var original = File.ReadAllText(PathOf(1));
        File.Delete(PathOf(1)); // read-only to others; its owner (or root) can still replace it
        File.WriteAllText(PathOf(1), original.Replace("position: 15", "position: 14", StringComparison.Ordinal));
        var edited = await setting.Verifier.VerifyStoreAsync();
        edited.Breaks.ShouldContain(b => b.Kind == ChainBreakKind.CheckpointInvalid && b.Found.Contains("does not verify"));

        var stranger = new CheckpointSource(setting.Source.Witnesses, new CheckpointKeys([System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo()]), "events");
        var untrusted = await target.Verifier.WithCheckpoints(stranger).VerifyStoreAsync();
        untrusted.Breaks.Count(b => b.Found.Contains("not among the trusted checkpoint keys")).ShouldBe(2);
        untrusted.Checkpoints!.Proven.ShouldBeNull();
    }
}

public sealed class SqliteCheckpointTamperTests : CheckpointTamperConformance
{
    protected override Task<TamperableStore> OpenAsync() => Task.FromResult<TamperableStore>(new SqliteTamperableStore());
}

public sealed class PostgresCheckpointTamperTests : CheckpointTamperConformance
{
    protected override async Task<TamperableStore> OpenAsync() => await PostgresTamperableStore.CreateAsync();
}
