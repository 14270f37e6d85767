using System.Buffers.Binary;

namespace TestPki;

/// <summary>The entries of a MOICA-sized CRL: random-looking serials, dates over ten years, some with reasons.</summary>
internal static class LargeCrl
{
    private static readonly DateTimeOffset FirstRevocation = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int TenYearsOfSeconds = 10 * 365 * 24 * 3600;

    /// <summary><paramref name="count"/> entries in all; <paramref name="known"/> are spread evenly among them.</summary>
    public static IEnumerable<RevokedSerial> Entries(int seed, int count, IReadOnlyList<RevokedSerial> known)
    {
        var random = SeededRandom.For(seed, "large-crl");
        const int recordSize = 16 + 4 + 1;
        var block = new byte[recordSize * 4096];
        var used = block.Length;
        var nextKnown = 0;
        for (var i = 0; i < count; i++)
        {
            if (nextKnown < known.Count && i == (nextKnown + 1) * count / (known.Count + 1))
            {
                yield return known[nextKnown++];
                continue;
            }
            if (used == block.Length)
            {
                random.NextBytes(block);
                used = 0;
            }
            var record = block.AsSpan(used, recordSize);
            used += recordSize;

            var serial = record[..16].ToArray();
            serial[0] = (byte)(serial[0] & 0x7F | 0x10);
            var seconds = (int)(BinaryPrimitives.ReadUInt32BigEndian(record.Slice(16, 4)) % TenYearsOfSeconds);
            int? reason = record[20] switch
            {
                < 128 => null,
                < 192 => (int)CrlReason.Superseded,
                < 224 => (int)CrlReason.CessationOfOperation,
                < 240 => (int)CrlReason.AffiliationChanged,
                _ => (int)CrlReason.KeyCompromise,
            };
            yield return new RevokedSerial(serial, FirstRevocation.AddSeconds(seconds), reason);
        }
    }
}
