using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EventStore.Checkpoints;
using EventStore.Integrity;
using EventStore.Sqlite;
using EventStore.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EventStore.Tests.Checkpoints;

/// <summary>
/// Checkpoints signed on a PKCS#11 token (SoftHSM2, its own token folder for this run) and by a key file, checked by
/// OpenSSL as an auditor would, kept by a second PostgreSQL as witness, and written on schedule.
/// </summary>
public sealed class CheckpointSigningTests : IDisposable
{
    private const string SoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-tests", "signing-" + Guid.NewGuid().ToString("N"));

    public CheckpointSigningTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // cleaned by the OS later
        }
    }

    private static Checkpoint Body(long sequence = 1) =>
        new("events", sequence, 120, 120, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero), new byte[32]);

    private static SignedCheckpoint Sign(ICheckpointSigner signer, Checkpoint body) =>
        new(body, signer.KeyId, CheckpointFormat.Es256, signer.Sign(CheckpointFormat.Payload(body, signer.KeyId, CheckpointFormat.Es256)));

    [Fact]
    public void A_checkpoint_signed_on_a_pkcs11_token_verifies_with_the_tokens_public_key_and_the_key_never_leaves_it()
    {
        var library = SoftHsm.Library(_folder);
        var token = $"evs-cp-{Guid.NewGuid():N}"[..32];
        SoftHsm.InitToken(library, token, "246810", "13579135");
        Pkcs11CheckpointSigner.GenerateKeyPair(library, token, "246810", "checkpoint-2026");
        using var signer = new Pkcs11CheckpointSigner(library, token, "246810", "checkpoint-2026");

        var signed = Sign(signer, Body());

        var keys = new CheckpointKeys([signer.PublicKeyInfo]);
        keys.Check(signed).ShouldBeNull();
        keys.Check(CheckpointFormat.Parse(CheckpointFormat.File(signed))).ShouldBeNull();
        keys.Check(signed with { Body = signed.Body with { Position = 121 } }).ShouldBe($"the signature by key {signer.KeyId} does not verify");
        Should.Throw<CryptographicException>(() => new Pkcs11CheckpointSigner(library, token, "246810", "no-such-key"));
    }

    [Fact]
    public void A_checkpoint_file_is_checked_by_openssl_with_the_public_key_file()
    {
        var keyPath = Path.Combine(_folder, "checkpoint-key.pem");
        KeyFileCheckpointSigner.Generate(keyPath);
        using var signer = new KeyFileCheckpointSigner(keyPath);
        var file = Path.Combine(_folder, "checkpoint.txt");
        File.WriteAllBytes(file, CheckpointFormat.File(Sign(signer, Body())));
        var lines = File.ReadAllLines(file);
        File.WriteAllText(Path.Combine(_folder, "payload"), string.Join('\n', lines[..10]) + "\n");
        File.WriteAllBytes(Path.Combine(_folder, "sig"), Convert.FromBase64String(lines[10]["signature: ".Length..]));

        Run("openssl", "dgst", "-sha256", "-verify", CheckpointKeys.PublicKeyPathFor(keyPath), "-signature", Path.Combine(_folder, "sig"), Path.Combine(_folder, "payload"))
            .ShouldContain("Verified OK");
        CheckpointKeys.FromPemFiles([CheckpointKeys.PublicKeyPathFor(keyPath)]).KeyIds.ShouldBe([signer.KeyId]);
        if (!OperatingSystem.IsWindows())
            (File.GetUnixFileMode(keyPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)).ShouldBe(UnixFileMode.None);
    }

    [Fact]
    public async Task A_second_postgresql_witness_keeps_each_checkpoint_once_and_both_witnesses_must_agree()
    {
        await using var witnessDatabase = await PostgresDatabase.CreateAsync(maxPoolSize: 3);
        var witness = new PostgresCheckpointWitness(witnessDatabase.ConnectionString);
        await witness.CreateTableAsync();
        var folder = new DirectoryCheckpointWitness(Path.Combine(_folder, "witness"));
        var keyPath = Path.Combine(_folder, "checkpoint-key.pem");
        KeyFileCheckpointSigner.Generate(keyPath);
        using var signer = new KeyFileCheckpointSigner(keyPath);
        await using var store = new SqliteEventStore(Path.Combine(_folder, "events.db"));
        var writer = new CheckpointWriter(store, signer, [folder, witness], CheckpointSchedule.Default, "events");
        await store.AppendToStreamAsync("s-1", StreamState.NoStream, TestEvents.Many(4));

        var first = await writer.CheckpointNowAsync();

        (await witness.ReadAllAsync()).Single().Checkpoint!.Payload.ShouldBe(first!.Payload);
        await Should.ThrowAsync<IOException>(() => witness.WriteAsync(first!));
        await Should.ThrowAsync<IOException>(() => folder.WriteAsync(first!));
        var source = new CheckpointSource([folder, witness], new CheckpointKeys([signer.PublicKeyInfo]), "events");
        var verifier = StoreVerifier.ForSqlite(store.Path).WithCheckpoints(source);
        (await verifier.VerifyStoreAsync()).Checkpoints!.Proven!.Signature.ShouldBe(first.Signature);

        // Someone able to write the folder replaces #1 with a checkpoint signed over another history: the witnesses disagree.
        var other = Sign(signer, first.Body with { AllHash = new byte[32] });
        File.Delete(Path.Combine(folder.Directory, DirectoryCheckpointWitness.FileName(1)));
        await folder.WriteAsync(other);
        var report = await verifier.VerifyStoreAsync();
        report.Breaks.ShouldContain(b => b.Kind == ChainBreakKind.CheckpointInvalid && b.Found.Contains("keeps another checkpoint under the same number"));
    }

    [Fact]
    public async Task The_running_writer_signs_after_the_configured_number_of_events_or_time()
    {
        var keyPath = Path.Combine(_folder, "checkpoint-key.pem");
        KeyFileCheckpointSigner.Generate(keyPath);
        using var signer = new KeyFileCheckpointSigner(keyPath);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        await using var store = new SqliteEventStore(Path.Combine(_folder, "events.db"), clock);
        var folder = new DirectoryCheckpointWitness(Path.Combine(_folder, "witness"));
        var writer = new CheckpointWriter(store, signer, [folder], new CheckpointSchedule(10, TimeSpan.FromMinutes(5)), "events", clock);
        using var stopping = new CancellationTokenSource();
        var running = writer.RunAsync(stopping.Token);

        await store.AppendToStreamAsync("s-1", StreamState.NoStream, TestEvents.Many(10));
        await TickUntilAsync(clock, () => writer.Latest is not null);
        writer.Latest!.Body.Position.ShouldBe(10);

        await store.AppendToStreamAsync("s-1", StreamState.Any, TestEvents.Many(3));
        var before = clock.GetUtcNow();
        await TickUntilAsync(clock, () => writer.Latest!.Body.Sequence == 2);
        writer.Latest!.Body.Position.ShouldBe(13);
        (clock.GetUtcNow() - before).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(5) - CheckpointWriter.LookEvery);

        await stopping.CancelAsync();
        await running;
        Directory.GetFiles(folder.Directory).Length.ShouldBe(2);
    }

    /// <summary>Moves the fake clock one look at a time until the condition holds (the writer runs on its own task).</summary>
    private static async Task TickUntilAsync(FakeTimeProvider clock, Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException("the checkpoint writer did not sign in time");
            clock.Advance(CheckpointWriter.LookEvery);
            await Task.Yield();
            await Task.Delay(5);
        }
    }

    private string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["SOFTHSM2_CONF"] = SoftHsm.ConfigPath(_folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, output);
        return output;
    }

    /// <summary>SoftHSM2 reads SOFTHSM2_CONF once per process, at C_Initialize: every test of this process shares one token folder.</summary>
    private static class SoftHsm
    {
        private static readonly Lazy<string> Folder = new(() => Path.Combine(Path.GetTempPath(), "evs-tests", "softhsm-" + Environment.ProcessId));

        public static string ConfigPath(string _) => Path.Combine(Folder.Value, "softhsm2.conf");

        public static Net.Pkcs11Interop.HighLevelAPI.IPkcs11Library Library(string _)
        {
            if (!File.Exists(SoftHsmModule))
                throw new InvalidOperationException($"SoftHSM2 is not installed ({SoftHsmModule} missing); scripts/lib.sh installs the softhsm2 package");
            var tokens = Path.Combine(Folder.Value, "tokens");
            Directory.CreateDirectory(tokens);
            File.WriteAllText(ConfigPath(""), $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
            if (SetEnv("SOFTHSM2_CONF", ConfigPath(""), 1) != 0)
                throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
            return Pkcs11CheckpointSigner.Load(SoftHsmModule);
        }

        /// <summary>Initialises the first free slot's token with the label and user PIN.</summary>
        public static void InitToken(Net.Pkcs11Interop.HighLevelAPI.IPkcs11Library library, string label, string pin, string soPin)
        {
            var slot = library.GetSlotList(Net.Pkcs11Interop.Common.SlotsType.WithTokenPresent).First(s => !s.GetTokenInfo().TokenFlags.TokenInitialized);
            slot.InitToken(soPin, label);
            slot = library.GetSlotList(Net.Pkcs11Interop.Common.SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == label);
            using var session = slot.OpenSession(Net.Pkcs11Interop.Common.SessionType.ReadWrite);
            session.Login(Net.Pkcs11Interop.Common.CKU.CKU_SO, soPin);
            session.InitPin(pin);
        }

        [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern int SetEnv(string name, string value, int overwrite);
    }
}
