using System.Security.Cryptography;

namespace EventStore.Checkpoints;

/// <summary>Signs checkpoints with a key the database cannot reach: a key file given to the app, or a PKCS#11 token.</summary>
public interface ICheckpointSigner
{
    /// <summary><see cref="CheckpointKeys.KeyId"/> of the public key.</summary>
    string KeyId { get; }

    /// <summary>The public key's SubjectPublicKeyInfo (DER), for verifiers that trust this signer.</summary>
    byte[] PublicKeyInfo { get; }

    /// <summary>An ES256 signature (DER) over <paramref name="payload"/>.</summary>
    byte[] Sign(byte[] payload);
}

/// <summary>An EC P-256 private key from a PEM file (PKCS#8 or SEC 1), readable by the app and not stored in the database.</summary>
public sealed class KeyFileCheckpointSigner : ICheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    public KeyFileCheckpointSigner(string pemPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pemPath);
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(File.ReadAllText(pemPath));
        }
        catch (ArgumentException e)
        {
            _key.Dispose();
            throw new CryptographicException($"{pemPath} holds no EC private key in PEM: {e.Message}", e);
        }

        if (_key.KeySize != 256)
        {
            _key.Dispose();
            throw new CryptographicException($"{pemPath}: checkpoints are signed with P-256 (ES256); this key has {_key.KeySize} bits");
        }

        PublicKeyInfo = _key.ExportSubjectPublicKeyInfo();
        KeyId = CheckpointKeys.KeyId(PublicKeyInfo);
    }

    public string KeyId { get; }

    public byte[] PublicKeyInfo { get; }

    public byte[] Sign(byte[] payload) => _key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    /// <summary>Writes a new P-256 key pair: the private key (PKCS#8 PEM, owner-only) and its public key beside it (<c>.pub.pem</c>).</summary>
    public static void Generate(string pemPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pemPath);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var file = new FileStream(pemPath, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(pemPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(file);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(CheckpointKeys.PublicKeyPathFor(pemPath), key.ExportSubjectPublicKeyInfoPem());
    }
}

/// <summary>The public keys a verifier trusts for checkpoints, by key id.</summary>
public sealed class CheckpointKeys
{
    private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

    public CheckpointKeys(IEnumerable<byte[]> subjectPublicKeyInfos)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfos);
        foreach (var info in subjectPublicKeyInfos)
            _byId[KeyId(info)] = info;
    }

    public IReadOnlyCollection<string> KeyIds => _byId.Keys;

    /// <summary>The first 20 bytes of SHA-256 over the SubjectPublicKeyInfo, as 40 lowercase hex digits.</summary>
    public static string KeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..20]);

    /// <summary><c>key.pem</c> → <c>key.pub.pem</c>.</summary>
    public static string PublicKeyPathFor(string privateKeyPath) =>
        Path.ChangeExtension(privateKeyPath, null) + ".pub.pem";

    /// <summary>Public keys from PEM files (<c>PUBLIC KEY</c>, or a private key whose public half is taken).</summary>
    public static CheckpointKeys FromPemFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var infos = new List<byte[]>();
        foreach (var path in paths)
        {
            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (ArgumentException e)
            {
                throw new CryptographicException($"{path} holds no EC public key in PEM: {e.Message}", e);
            }

            infos.Add(key.ExportSubjectPublicKeyInfo());
        }

        return new CheckpointKeys(infos);
    }

    /// <summary>Null when the signature verifies with the trusted key it names; otherwise why not.</summary>
    public string? Check(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Algorithm != CheckpointFormat.Es256)
            return $"algorithm {checkpoint.Algorithm} is not {CheckpointFormat.Es256}";
        if (!_byId.TryGetValue(checkpoint.KeyId, out var info))
            return $"signed by key {checkpoint.KeyId}, which is not among the trusted checkpoint keys";
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(info, out _);
        return key.VerifyData(checkpoint.Payload, checkpoint.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? null
            : $"the signature by key {checkpoint.KeyId} does not verify";
    }
}
