using System.Formats.Asn1;
using Domain.Certificates;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>One attribute of a name as it should be encoded (type OID or short name, text, string type).</summary>
public sealed record NameAttributeSpec(string Type, string Value, UniversalTagNumber Encoding = UniversalTagNumber.PrintableString);

/// <summary>A GeneralName to encode: its form and its text (or the DER of a directory name, or IP octets).</summary>
public sealed record GeneralNameSpec(GeneralNameKind Kind, string? Text = null, byte[]? Der = null)
{
    public static GeneralNameSpec Dns(string name) => new(GeneralNameKind.Dns, name);
    public static GeneralNameSpec Email(string mailbox) => new(GeneralNameKind.Rfc822, mailbox);
    public static GeneralNameSpec Uri(string uri) => new(GeneralNameKind.Uri, uri);
    public static GeneralNameSpec Directory(byte[] name) => new(GeneralNameKind.Directory, Der: name);

    /// <summary>An IP address, or inside name constraints an address and mask ("10.0.0.0/8").</summary>
    public static GeneralNameSpec Ip(string address)
    {
        var parts = address.Split('/');
        var bytes = System.Net.IPAddress.Parse(parts[0]).GetAddressBytes();
        if (parts.Length == 1)
            return new(GeneralNameKind.IpAddress, Der: bytes);
        var prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var mask = new byte[bytes.Length];
        for (var bit = 0; bit < prefix; bit++) mask[bit / 8] |= (byte)(0x80 >> (bit % 8));
        return new(GeneralNameKind.IpAddress, Der: [.. bytes, .. mask]);
    }
}

/// <summary>A distribution point to encode: a full name or a name relative to the CRL issuer, reasons, cRLIssuer.</summary>
public sealed record DistributionPointSpec(
    IReadOnlyList<GeneralNameSpec>? FullName = null,
    NameAttributeSpec? RelativeName = null,
    ReasonFlags? Reasons = null,
    IReadOnlyList<GeneralNameSpec>? CrlIssuer = null);

/// <summary>DER writing shared by the certificate and CRL builders: names, times, GeneralNames, extensions.</summary>
internal static class PkitsDer
{
    private static readonly Dictionary<string, string> AttributeTypes = new(StringComparer.Ordinal)
    {
        ["C"] = "2.5.4.6", ["O"] = "2.5.4.10", ["OU"] = "2.5.4.11", ["CN"] = "2.5.4.3", ["L"] = "2.5.4.7", ["ST"] = "2.5.4.8",
        ["DC"] = "0.9.2342.19200300.100.1.25", ["SERIALNUMBER"] = "2.5.4.5", ["DNQ"] = "2.5.4.46", ["T"] = "2.5.4.12",
        ["SN"] = "2.5.4.4", ["GN"] = "2.5.4.42", ["INITIALS"] = "2.5.4.43", ["PSEUDONYM"] = "2.5.4.65", ["GQ"] = "2.5.4.44",
        ["E"] = "1.2.840.113549.1.9.1", ["UID"] = "0.9.2342.19200300.100.1.1",
    };

    /// <summary>A Name, one attribute per RDN, in the order given (most significant first).</summary>
    public static byte[] Name(IEnumerable<NameAttributeSpec> attributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var attribute in attributes)
            {
                using (writer.PushSetOf())
                    WriteAttribute(writer, attribute);
            }
        }

        return writer.Encode();
    }

    /// <summary>One RelativeDistinguishedName as the implicit [1] of a DistributionPointName.</summary>
    public static void WriteRelativeName(AsnWriter writer, NameAttributeSpec attribute)
    {
        using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
            WriteAttribute(writer, attribute);
    }

    private static void WriteAttribute(AsnWriter writer, NameAttributeSpec attribute)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(AttributeTypes.GetValueOrDefault(attribute.Type, attribute.Type));
            var encoding = attribute.Type is "C" or "SERIALNUMBER" or "DNQ" && attribute.Encoding == UniversalTagNumber.PrintableString
                ? UniversalTagNumber.PrintableString
                : attribute.Type is "DC" or "E" ? UniversalTagNumber.IA5String : attribute.Encoding;
            writer.WriteCharacterString(encoding, attribute.Value);
        }
    }

    /// <summary>A validity or CRL time as RFC 5280 encodes it (UTCTime through 2049), or forced into the other form.</summary>
    public static void WriteTime(AsnWriter writer, DateTimeOffset time, bool? generalized = null)
    {
        if (generalized ?? time.Year >= 2050)
            writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        else
            writer.WriteUtcTime(time, 2049);
    }

    public static void WriteGeneralNames(AsnWriter writer, IEnumerable<GeneralNameSpec> names, Asn1Tag? tag = null)
    {
        using (writer.PushSequence(tag))
        {
            foreach (var name in names)
                WriteGeneralName(writer, name);
        }
    }

    public static void WriteGeneralName(AsnWriter writer, GeneralNameSpec name)
    {
        switch (name.Kind)
        {
            case GeneralNameKind.Rfc822 or GeneralNameKind.Dns or GeneralNameKind.Uri:
                writer.WriteCharacterString(UniversalTagNumber.IA5String, name.Text!, new Asn1Tag(TagClass.ContextSpecific, (int)name.Kind));
                break;
            case GeneralNameKind.Directory:
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true)))
                    writer.WriteEncodedValue(name.Der!);
                break;
            case GeneralNameKind.IpAddress:
                writer.WriteOctetString(name.Der!, new Asn1Tag(TagClass.ContextSpecific, 7));
                break;
            default:
                throw new ArgumentException($"No GeneralName of kind {name.Kind} in generated certificates.", nameof(name));
        }
    }

    /// <summary>ReasonFlags / KeyUsage as a DER named-bit BIT STRING (trailing zero bits dropped).</summary>
    public static void WriteNamedBits(AsnWriter writer, int bits, Asn1Tag? tag = null)
    {
        var highest = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)bits);
        if (highest < 0)
        {
            writer.WriteBitString([], 0, tag);
            return;
        }

        var bytes = new byte[highest / 8 + 1];
        for (var bit = 0; bit <= highest; bit++)
        {
            if ((bits & (1 << bit)) != 0)
                bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        writer.WriteBitString(bytes, 7 - highest % 8, tag);
    }

    /// <summary>DistributionPointName ::= CHOICE { fullName [0], nameRelativeToCRLIssuer [1] }, wrapped in its explicit [0].</summary>
    public static void WriteDistributionPointName(AsnWriter writer, DistributionPointSpec point)
    {
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        {
            if (point.FullName is { } fullName)
                WriteGeneralNames(writer, fullName, new Asn1Tag(TagClass.ContextSpecific, 0, true));
            else
                WriteRelativeName(writer, point.RelativeName!);
        }
    }

    /// <summary>An authorityKeyIdentifier extension naming the signer's key.</summary>
    public static void WriteAuthorityKeyIdentifier(AsnWriter writer, byte[] keyId) =>
        WriteExtension(writer, Oids.AuthorityKeyIdentifier, false, Encode(w =>
        {
            using (w.PushSequence())
                w.WriteOctetString(keyId, new Asn1Tag(TagClass.ContextSpecific, 0));
        }));

    /// <summary>SIGNED{ToBeSigned} as certificates and CRLs share it: the TBS, the algorithm, the signature (broken on request).</summary>
    public static byte[] Signed(PkitsKey key, SignatureKind kind, byte[] tbs, string purpose, bool breakSignature)
    {
        var (algorithm, signature) = key.Sign(kind, tbs, purpose);
        if (breakSignature)
            signature[signature.Length / 2] ^= 0x01;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(algorithm);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    public static byte[] Encode(Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return writer.Encode();
    }

    public static void WriteExtension(AsnWriter writer, string oid, bool critical, byte[] value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (critical) writer.WriteBoolean(true);
            writer.WriteOctetString(value);
        }
    }
}
