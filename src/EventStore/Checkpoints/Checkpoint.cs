using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventStore.Checkpoints;

/// <summary>
/// What one checkpoint states: at <see cref="CreatedAt"/> the store named <see cref="Store"/> held
/// <see cref="EventCount"/> events up to <see cref="Position"/>, and the <c>$all</c> chain's link there was
/// <see cref="AllHash"/>. Checkpoints are numbered from 1 and chained: <see cref="Previous"/> is the
/// <see cref="SignedCheckpoint.Digest"/> of checkpoint <c>Sequence − 1</c> (32 zero bytes for the first).
/// </summary>
public sealed record Checkpoint(
    string Store,
    long Sequence,
    long Position,
    long EventCount,
    byte[] AllHash,
    DateTimeOffset CreatedAt,
    byte[] Previous);

/// <summary>
/// A checkpoint with its signature. The signed bytes are <see cref="Payload"/>: the text lines of
/// <see cref="CheckpointFormat"/>, which name the key and algorithm too, so neither can be swapped afterwards.
/// </summary>
public sealed record SignedCheckpoint(Checkpoint Body, string KeyId, string Algorithm, byte[] Signature)
{
    public byte[] Payload => CheckpointFormat.Payload(Body, KeyId, Algorithm);

    /// <summary>SHA-256 of the payload: what the next checkpoint's <c>previous</c> line carries.</summary>
    public byte[] Digest => SHA256.HashData(Payload);
}

/// <summary>
/// The checkpoint file (<c>evs-checkpoint/1</c>): UTF-8 text, one <c>name: value</c> per line, LF endings, in this
/// order — the payload, then the signature line:
/// <code>
/// evs-checkpoint/1
/// store: events
/// sequence: 42
/// position: 120000
/// events: 120000
/// all-hash: 3f5c…(64 hex)
/// created: 2026-12-07T03:00:00.000000Z
/// previous: 9a0b…(64 hex; zeros for checkpoint 1)
/// key: 1c2d…(40 hex: the first 20 bytes of SHA-256 of the key's SubjectPublicKeyInfo)
/// algorithm: ES256
/// signature: MEUCIQ…(base64 DER ECDSA signature over every line above, newline included)
/// </code>
/// An auditor can check one with OpenSSL: <c>head -n 10 f &gt; payload; tail -n 1 f | cut -c 12- | base64 -d &gt; sig;
/// openssl dgst -sha256 -verify checkpoint-key.pub.pem -signature sig payload</c>.
/// </summary>
public static class CheckpointFormat
{
    public const string Tag = "evs-checkpoint/1";

    /// <summary>ECDSA P-256 with SHA-256, the signature DER-encoded (RFC 3279), as OpenSSL reads it.</summary>
    public const string Es256 = "ES256";

    private static readonly string[] Names = ["store", "sequence", "position", "events", "all-hash", "created", "previous", "key", "algorithm"];

    public static byte[] Payload(Checkpoint body, string keyId, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = new StringBuilder();
        text.Append(Tag).Append('\n');
        Line(text, "store", body.Store);
        Line(text, "sequence", body.Sequence.ToString(CultureInfo.InvariantCulture));
        Line(text, "position", body.Position.ToString(CultureInfo.InvariantCulture));
        Line(text, "events", body.EventCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "all-hash", Convert.ToHexStringLower(body.AllHash));
        Line(text, "created", body.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Line(text, "previous", Convert.ToHexStringLower(body.Previous));
        Line(text, "key", keyId);
        Line(text, "algorithm", algorithm);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] File(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return [.. checkpoint.Payload, .. Encoding.UTF8.GetBytes($"signature: {Convert.ToBase64String(checkpoint.Signature)}\n")];
    }

    /// <summary>Reads a checkpoint file; a <see cref="FormatException"/> says what is wrong with it.</summary>
    public static SignedCheckpoint Parse(ReadOnlySpan<byte> file)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n');
        if (lines.Length != 12 || lines[0] != Tag || lines[11].Length != 0)
            throw new FormatException($"not an {Tag} file of 11 lines");
        var values = new string[Names.Length + 1];
        for (var i = 0; i <= Names.Length; i++)
        {
            var name = i < Names.Length ? Names[i] : "signature";
            var prefix = name + ": ";
            if (!lines[i + 1].StartsWith(prefix, StringComparison.Ordinal))
                throw new FormatException($"line {i + 2} should be '{name}: …'");
            values[i] = lines[i + 1][prefix.Length..];
        }

        try
        {
            var body = new Checkpoint(
                values[0],
                long.Parse(values[1], NumberStyles.None, CultureInfo.InvariantCulture),
                long.Parse(values[2], NumberStyles.None, CultureInfo.InvariantCulture),
                long.Parse(values[3], NumberStyles.None, CultureInfo.InvariantCulture),
                Hash(values[4]),
                DateTimeOffset.ParseExact(values[5], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Hash(values[6]));
            return new SignedCheckpoint(body, values[7], values[8], Convert.FromBase64String(values[9]));
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static byte[] Hash(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        return bytes.Length == HashChain.HashLength ? bytes : throw new FormatException($"a hash is {HashChain.HashLength} bytes");
    }

    private static void Line(StringBuilder text, string name, string value)
    {
        if (value.Contains('\n', StringComparison.Ordinal))
            throw new ArgumentException($"the {name} of a checkpoint is one line");
        text.Append(name).Append(": ").Append(value).Append('\n');
    }
}
