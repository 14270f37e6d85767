using System.Formats.Asn1;

namespace Domain.Tests.Certificates.Parsing;

/// <summary>
/// Hand-built certificate DER for shapes the test PKI never issues on purpose (odd names, times,
/// versions, broken extensions). The signature is filler: the parser reads facts, it does not verify.
/// </summary>
internal sealed record CraftedCertificate
{
    public int? Version { get; init; } = 2;
    public byte[] Serial { get; init; } = [0x01, 0x02, 0x03];
    public Action<AsnWriter> Issuer { get; init; } = Name(("2.5.4.6", "TW", UniversalTagNumber.PrintableString), ("2.5.4.11", "測試簽發中心", UniversalTagNumber.UTF8String));
    public Action<AsnWriter> Subject { get; init; } = Name(("2.5.4.6", "TW", UniversalTagNumber.PrintableString), ("2.5.4.3", "王小明", UniversalTagNumber.UTF8String));
    public Action<AsnWriter> NotBefore { get; init; } = w => w.WriteUtcTime(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public Action<AsnWriter> NotAfter { get; init; } = w => w.WriteUtcTime(new DateTimeOffset(2035, 12, 31, 23, 59, 59, TimeSpan.Zero));
    public IReadOnlyList<(string Oid, byte[] Value)>? Extensions { get; init; }

    public static Action<AsnWriter> Name(params (string Oid, string Value, UniversalTagNumber Type)[] attributes) =>
        RdnSequence(attributes.Select(a => new[] { a }).ToArray());

    public static Action<AsnWriter> RdnSequence(params (string Oid, string Value, UniversalTagNumber Type)[][] rdns) => writer =>
    {
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value, type) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(type, value);
                        }
                    }
                }
            }
        }
    };

    public static byte[] Encode(Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return writer.Encode();
    }

    public static byte[] DirectoryAttributes(params (string Oid, Action<AsnWriter> Value)[] attributes) => Encode(w =>
    {
        using (w.PushSequence())
        {
            foreach (var (oid, value) in attributes)
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(oid);
                    using (w.PushSetOf())
                        value(w);
                }
            }
        }
    });

    public byte[] ToDer()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                if (Version is { } version)
                {
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                        writer.WriteInteger(version);
                }
                writer.WriteIntegerUnsigned(Serial);
                Algorithm(writer);
                Issuer(writer);
                using (writer.PushSequence())
                {
                    NotBefore(writer);
                    NotAfter(writer);
                }
                Subject(writer);
                using (writer.PushSequence())
                {
                    Algorithm(writer);
                    writer.WriteBitString([0x00]);
                }
                if (Extensions is { } extensions)
                {
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)))
                    using (writer.PushSequence())
                    {
                        foreach (var (oid, value) in extensions)
                        {
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(oid);
                                writer.WriteOctetString(value);
                            }
                        }
                    }
                }
            }
            Algorithm(writer);
            writer.WriteBitString(new byte[16]);
        }
        return writer.Encode();
    }

    private static void Algorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.1.11");
            writer.WriteNull();
        }
    }
}
