using System.Formats.Asn1;
using System.Text;

namespace Domain.Certificates;

/// <summary>
/// X.501 names read from DER and written as RFC 4514 strings (most specific RDN first, no spaces
/// after commas, Chinese text kept as is): the one DN text form of the code base.
/// </summary>
public static class DistinguishedName
{
    // RFC 4514 section 3: registered short names; every other type is written in dotted form.
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["2.5.4.5"] = "SERIALNUMBER",
    };

    /// <summary>Joins attributes given in X.500 order (C first) as RFC 4514 text (C last).</summary>
    public static string Format(IEnumerable<(string ShortName, string Value)> x500Order) =>
        string.Join(",", x500Order.Reverse().Select(a => a.ShortName + "=" + EscapeValue(a.Value)));

    /// <summary>Escapes an attribute value as RFC 4514 section 2.4 requires.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '+' or ',' or ';' or '<' or '>' or '\\'
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' '))
                text.Append('\\').Append(c);
            else if (c == '\0')
                text.Append("\\00");
            else
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>One attribute of a name, in encoded order.</summary>
    internal readonly record struct Attribute(string Oid, string Value);

    /// <summary>Reads a Name (SEQUENCE OF RDN) and returns its RFC 4514 text and its attributes in encoded order.</summary>
    /// <exception cref="AsnContentException">The encoding is not a Name.</exception>
    internal static (string Text, List<Attribute> Attributes) Read(AsnReader reader)
    {
        var rdns = new List<List<(string Oid, string Text)>>();
        var attributes = new List<Attribute>();
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf(skipSortOrderValidation: true); // some issuers leave multi-valued RDNs unsorted
            var rdn = new List<(string, string)>();
            while (set.HasData)
            {
                var pair = set.ReadSequence();
                var oid = pair.ReadObjectIdentifier();
                var encoded = pair.ReadEncodedValue();
                pair.ThrowIfNotEmpty();
                var value = DirectoryString(encoded);
                rdn.Add((oid, value is null
                    ? "#" + Convert.ToHexString(encoded.Span)
                    : EscapeValue(value)));
                attributes.Add(new Attribute(oid, value ?? ""));
            }
            if (rdn.Count == 0)
                throw new AsnContentException("An RDN must hold at least one attribute.");
            rdns.Add(rdn);
        }
        rdns.Reverse();
        var text = string.Join(",", rdns.Select(rdn =>
            string.Join("+", rdn.Select(a => (ShortNames.TryGetValue(a.Oid, out var name) ? name : a.Oid) + "=" + a.Text))));
        return (text, attributes);
    }

    /// <summary>The text of a string-typed value, or null for other types (written as #hex).</summary>
    internal static string? DirectoryString(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        if (tag.TagClass != TagClass.Universal)
            return null;
        var type = (UniversalTagNumber)tag.TagValue;
        return type switch
        {
            UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.BMPString
                or UniversalTagNumber.IA5String or UniversalTagNumber.NumericString or UniversalTagNumber.VisibleString
                or UniversalTagNumber.T61String => reader.ReadCharacterString(type),
            UniversalTagNumber.UniversalString => Utf32BigEndian(PrimitiveContents(encoded.Span)),
            _ => null,
        };
    }

    // AsnReader has no UniversalString reader; DER keeps it primitive, so the contents are the characters.
    private static ReadOnlySpan<byte> PrimitiveContents(ReadOnlySpan<byte> encoded)
    {
        var tag = AsnDecoder.ReadEncodedValue(encoded, AsnEncodingRules.DER, out var offset, out var length, out _);
        if (tag.IsConstructed)
            throw new AsnContentException("DER requires a primitive string.");
        return encoded.Slice(offset, length);
    }

    private static string Utf32BigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
            throw new AsnContentException("A UniversalString must be a whole number of 4-byte characters.");
        try
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new AsnContentException("A UniversalString holds an invalid character.", e);
        }
    }
}
