using System.Formats.Asn1;

namespace Pkix.Validation;

/// <summary>The forms of GeneralName (RFC 5280 §4.2.1.6), numbered by their context tag.</summary>
public enum GeneralNameKind
{
    OtherName = 0,
    Rfc822 = 1,
    Dns = 2,
    X400Address = 3,
    Directory = 4,
    EdiParty = 5,
    Uri = 6,
    IpAddress = 7,
    RegisteredId = 8,
}

/// <summary>One GeneralName: its form and, for the forms we process, its decoded value.</summary>
/// <param name="Text">rfc822Name, dNSName, URI (IA5 text) or registeredID (dotted OID).</param>
/// <param name="Bytes">iPAddress octets (4 or 16, or 8 or 32 inside name constraints).</param>
/// <param name="Directory">directoryName.</param>
public sealed record GeneralName(GeneralNameKind Kind, string? Text, byte[]? Bytes, X500Name? Directory)
{
    /// <summary>Reads a SEQUENCE OF GeneralName.</summary>
    public static IReadOnlyList<GeneralName> ReadNames(AsnReader reader, Asn1Tag? tag = null)
    {
        var sequence = reader.ReadSequence(tag);
        var names = new List<GeneralName>();
        while (sequence.HasData)
            names.Add(Read(sequence));
        return names;
    }

    /// <summary>Reads one GeneralName; throws <see cref="AsnContentException"/> on bad encoding.</summary>
    public static GeneralName Read(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue > 8)
            throw new AsnContentException("Not a GeneralName.");
        var kind = (GeneralNameKind)tag.TagValue;
        switch (kind)
        {
            case GeneralNameKind.Rfc822 or GeneralNameKind.Dns or GeneralNameKind.Uri:
                return new GeneralName(kind, reader.ReadCharacterString(UniversalTagNumber.IA5String, tag), null, null);
            case GeneralNameKind.IpAddress:
                return new GeneralName(kind, null, reader.ReadOctetString(tag), null);
            case GeneralNameKind.RegisteredId:
                return new GeneralName(kind, reader.ReadObjectIdentifier(tag), null, null);
            case GeneralNameKind.Directory:
                var explicitName = reader.ReadSequence(tag);
                var name = X500Name.Read(explicitName);
                explicitName.ThrowIfNotEmpty();
                return new GeneralName(kind, null, null, name);
            default:
                reader.ReadEncodedValue();
                return new GeneralName(kind, null, null, null);
        }
    }

    public override string ToString() => Kind switch
    {
        GeneralNameKind.IpAddress => "IP:" + (Bytes is { Length: 4 or 16 } ? new System.Net.IPAddress(Bytes).ToString() : Convert.ToHexString(Bytes ?? [])),
        GeneralNameKind.Directory => "DirName:" + Directory,
        _ => $"{Kind}:{Text}",
    };
}
