using System.Globalization;
using EventStore.Checkpoints;
using EventStore.Storage;
using Spectre.Console;

namespace Replay;

/// <summary>The checkpoint options of <c>verify</c>, and the <c>checkpoint</c> and <c>keygen</c> commands.</summary>
internal static class CheckpointOptions
{
    /// <summary>The checkpoints to verify against (null without <c>--checkpoints</c>), or why the options do not make sense.</summary>
    public static CheckpointSource? Source(IReadOnlyDictionary<string, string> options, out string? problem)
    {
        problem = null;
        var folder = options.GetValueOrDefault("checkpoints");
        var postgres = options.GetValueOrDefault("checkpoints-postgres");
        if (folder is null && postgres is null)
            return null;
        if (options.GetValueOrDefault("public-key") is not { Length: > 0 } keys)
        {
            problem = "verifying against checkpoints needs --public-key <pem>: the key you trust, obtained apart from the checkpoints";
            return null;
        }

        var witnesses = new List<ICheckpointWitness>();
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
            {
                problem = $"no checkpoint folder at {Path.GetFullPath(folder)}";
                return null;
            }

            witnesses.Add(new DirectoryCheckpointWitness(folder));
        }

        if (postgres is not null)
            witnesses.Add(new PostgresCheckpointWitness(postgres));
        try
        {
            return new CheckpointSource(witnesses, CheckpointKeys.FromPemFiles(keys.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
                options.GetValueOrDefault("store-name", "events"));
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
        {
            problem = e.Message;
            return null;
        }
    }

    public static async Task<int> SignAsync(StoreLocation location, IReadOnlyDictionary<string, string> options, ReplayConsole console, CancellationToken cancellationToken)
    {
        var store = location.Open();
        await using (store.ConfigureAwait(false))
        {
            using var signer = new KeyFileCheckpointSigner(options["key"]);
            var writer = new CheckpointWriter((RelationalEventStore)store, signer, [new DirectoryCheckpointWitness(options["checkpoints"])],
                CheckpointSchedule.Default, options.GetValueOrDefault("store-name", "events"));
            try
            {
                var written = await writer.CheckpointNowAsync(cancellationToken).ConfigureAwait(false);
                if (written is null)
                    console.Output.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"nothing new since checkpoint #{writer.Latest?.Body.Sequence}");
                else
                    console.Output.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"checkpoint #{written.Body.Sequence} at position {written.Body.Position:N0}, signed by {written.KeyId}");
                return ReplayApp.Ok;
            }
            catch (CheckpointRefusedException refused)
            {
                console.Output.MarkupLineInterpolated($"[red]refused[/]: {refused.Message}");
                return ReplayApp.Broken;
            }
        }
    }

    public static int Generate(string keyPath, ReplayConsole console)
    {
        KeyFileCheckpointSigner.Generate(keyPath);
        using var signer = new KeyFileCheckpointSigner(keyPath);
        console.Output.MarkupLineInterpolated($"wrote {keyPath} (keep it from the database's administrators) and {CheckpointKeys.PublicKeyPathFor(keyPath)} (give it to auditors); key id {signer.KeyId}");
        return ReplayApp.Ok;
    }
}
