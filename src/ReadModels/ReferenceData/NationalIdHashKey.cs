using Domain.Common;

namespace ReadModels.ReferenceData;

/// <summary>
/// The secret key national IDs are hashed with (<see cref="NationalId.Hash"/>) wherever they serve as a key:
/// the personnel query model, person stream names. One key per deployment; changing it means rebuilding the
/// personnel projection (docs/reference-data.md says how the key is configured).
/// </summary>
public sealed class NationalIdHashKey
{
    /// <summary>The shortest key accepted: 256 bits, as HMAC-SHA256 wants.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] _key;

    public NationalIdHashKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumLength)
            throw new ArgumentException($"A national-ID hash key needs at least {MinimumLength} bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>The keyed hash of an ID: 32 lower-case hex characters.</summary>
    public string Hash(NationalId id) => id.Hash(_key);
}
