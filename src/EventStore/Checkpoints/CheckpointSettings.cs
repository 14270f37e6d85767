using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EventStore.Checkpoints;

/// <summary>The PKCS#11 token holding the checkpoint key.</summary>
public sealed record Pkcs11KeySettings(string ModulePath, string TokenLabel, string Pin, string KeyLabel);

/// <summary>
/// <c>EventStore:Checkpoints:*</c> (docs/architecture.md): where checkpoints go, which key signs them, how often, and
/// which public keys a verification trusts. Checked once at start-up; a bad value names the key to set.
/// </summary>
public sealed record CheckpointSettings(
    string Directory,
    string? KeyFile,
    Pkcs11KeySettings? Pkcs11,
    string? PostgresWitness,
    IReadOnlyList<string> TrustedKeys,
    CheckpointSchedule Schedule,
    string Store)
{
    private const string Section = "EventStore:Checkpoints";

    /// <summary>Null when <c>EventStore:Checkpoints:Directory</c> is not set (no checkpoints).</summary>
    public static CheckpointSettings? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        if (section["Directory"] is not { Length: > 0 } directory)
            return null;
        var keyFile = section["KeyFile"] is { Length: > 0 } k ? k : null;
        Pkcs11KeySettings? pkcs11 = null;
        if (section["Pkcs11:ModulePath"] is { Length: > 0 } module)
        {
            pkcs11 = new Pkcs11KeySettings(module, Required(section, "Pkcs11:TokenLabel"), Required(section, "Pkcs11:Pin"), Required(section, "Pkcs11:KeyLabel"));
        }

        if ((keyFile is null) == (pkcs11 is null))
            throw new InvalidOperationException($"{Section}:Directory is set: set exactly one of {Section}:KeyFile (an EC P-256 PEM key) or {Section}:Pkcs11:ModulePath (with TokenLabel, Pin, KeyLabel).");
        var trusted = (section["TrustedKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CheckpointSettings(
            directory,
            keyFile,
            pkcs11,
            section["Postgres:ConnectionString"] is { Length: > 0 } pg ? pg : null,
            trusted,
            new CheckpointSchedule(Positive(section, "EveryEvents", CheckpointSchedule.Default.EveryEvents), TimeSpan.FromMinutes(Positive(section, "EveryMinutes", 5))),
            section["Store"] is { Length: > 0 } store ? store : "events");
    }

    public ICheckpointSigner CreateSigner() => KeyFile is { } file
        ? new KeyFileCheckpointSigner(file)
        : new Pkcs11CheckpointSigner(Pkcs11CheckpointSigner.Load(Pkcs11!.ModulePath), Pkcs11.TokenLabel, Pkcs11.Pin, Pkcs11.KeyLabel);

    public IReadOnlyList<ICheckpointWitness> CreateWitnesses() => PostgresWitness is { } pg
        ? [new DirectoryCheckpointWitness(Directory), new PostgresCheckpointWitness(pg)]
        : [new DirectoryCheckpointWitness(Directory)];

    /// <summary>What verifications read and trust: the witnesses, and the <c>TrustedKeys</c> files (else the signer's own public key).</summary>
    public CheckpointSource CreateSource(ICheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var keys = TrustedKeys.Count > 0 ? CheckpointKeys.FromPemFiles(TrustedKeys) : new CheckpointKeys([signer.PublicKeyInfo]);
        return new CheckpointSource(CreateWitnesses(), keys, Store);
    }

    private static string Required(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"{Section}:Pkcs11:ModulePath is set: set {Section}:{key} too.");

    private static long Positive(IConfigurationSection section, string key, long fallback)
    {
        if (section[key] is not { Length: > 0 } text)
            return fallback;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{Section}:{key} must be a positive whole number (it is '{text}').");
    }
}
