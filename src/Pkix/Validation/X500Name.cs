using System.Formats.Asn1;
using System.Globalization;
using System.Text;

namespace Pkix.Validation;

/// <summary>One attribute of a relative distinguished name: its type and its value, decoded where it is a string.</summary>
public sealed record NameAttribute(string Oid, UniversalTagNumber? StringTag, string? Text, ReadOnlyMemory<byte> RawValue);

/// <summary>
/// An X.501 name as RFC 5280 §7.1 compares it: RDN by RDN, strings compared after trimming, collapsing
/// inner blanks and case folding, anything else compared as encoded bytes.
/// </summary>
public sealed class X500Name : IEquatable<X500Name>
{
    private const string EmailAddressOid = "1.2.840.113549.1.9.1";

    private X500Name(IReadOnlyList<IReadOnlyList<NameAttribute>> rdns, ReadOnlyMemory<byte> der)
    {
        Rdns = rdns;
        Der = der;
    }

    public IReadOnlyList<IReadOnlyList<NameAttribute>> Rdns { get; }

    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>The comparison form: equal keys mean equal names under RFC 5280's matching rules.</summary>
    public string CanonicalKey => _canonicalKey ??= string.Join("/", Rdns.Select(CanonicalRdn));

    // Computed on first comparison: most names on the warm path (a leaf's subject) are never compared.
    private string? _canonicalKey;

    public bool IsEmpty => Rdns.Count == 0;

    /// <summary>The PKCS#9 emailAddress values, which name constraints on RFC 822 names also cover.</summary>
    public IEnumerable<string> EmailAddresses =>
        Rdns.SelectMany(r => r).Where(a => a.Oid == EmailAddressOid && a.Text is not null).Select(a => a.Text!);

    /// <summary>Reads a Name (SEQUENCE OF RDN) from the reader; throws <see cref="AsnContentException"/> on bad encoding.</summary>
    public static X500Name Read(AsnReader reader)
    {
        var der = reader.ReadEncodedValue();
        var nameReader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var rdns = new List<IReadOnlyList<NameAttribute>>();
        while (nameReader.HasData)
        {
            var set = nameReader.ReadSetOf(skipSortOrderValidation: true);
            var attributes = new List<NameAttribute>();
            while (set.HasData)
            {
                var ava = set.ReadSequence();
                var oid = ava.ReadObjectIdentifier();
                var value = ava.ReadEncodedValue();
                ava.ThrowIfNotEmpty();
                attributes.Add(DecodeAttribute(oid, value));
            }

            if (attributes.Count == 0)
                throw new AsnContentException("An empty relative distinguished name.");
            rdns.Add(attributes);
        }

        return new X500Name(rdns, der);
    }

    /// <summary>True when this name's RDNs begin with all of <paramref name="subtree"/>'s (RFC 5280 directoryName constraint).</summary>
    public bool IsWithin(X500Name subtree)
    {
        if (subtree.Rdns.Count > Rdns.Count)
            return false;
        for (var i = 0; i < subtree.Rdns.Count; i++)
        {
            if (CanonicalRdn(Rdns[i]) != CanonicalRdn(subtree.Rdns[i]))
                return false;
        }

        return true;
    }

    /// <summary>This name with one more RDN (a DER SET) appended: how a nameRelativeToCRLIssuer becomes a full name.</summary>
    internal X500Name WithRelativeName(ReadOnlyMemory<byte> relativeDistinguishedName)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var existing = new AsnReader(Der, AsnEncodingRules.DER).ReadSequence();
            while (existing.HasData)
                writer.WriteEncodedValue(existing.ReadEncodedValue().Span);
            writer.WriteEncodedValue(relativeDistinguishedName.Span);
        }

        return Read(new AsnReader(writer.Encode(), AsnEncodingRules.DER));
    }

    public bool Equals(X500Name? other) => other is not null && CanonicalKey == other.CanonicalKey;

    public override bool Equals(object? obj) => Equals(obj as X500Name);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalKey);

    /// <summary>An RFC 4514-like rendering (most specific RDN first) for details and logs.</summary>
    public override string ToString() =>
        string.Join(",", Rdns.Reverse().Select(rdn => string.Join("+", rdn.Select(a => $"{ShortName(a.Oid)}={a.Text ?? "#" + Convert.ToHexString(a.RawValue.Span)}"))));

    private static NameAttribute DecodeAttribute(string oid, ReadOnlyMemory<byte> value)
    {
        var tag = Asn1Tag.Decode(value.Span, out _);
        if (tag.TagClass != TagClass.Universal)
            return new NameAttribute(oid, null, null, value);
        var universal = (UniversalTagNumber)tag.TagValue;
        var reader = new AsnReader(value, AsnEncodingRules.BER);
        string? text = universal switch
        {
            UniversalTagNumber.PrintableString or UniversalTagNumber.UTF8String or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString
                or UniversalTagNumber.NumericString => reader.ReadCharacterString(universal),
            // T.61 is in practice Latin-1.
            UniversalTagNumber.TeletexString => Encoding.Latin1.GetString(reader.ReadOctetString(new Asn1Tag(UniversalTagNumber.TeletexString))),
            _ => null,
        };
        return new NameAttribute(oid, text is null ? null : universal, text, value);
    }

    private static string CanonicalRdn(IReadOnlyList<NameAttribute> rdn) =>
        string.Join("+", rdn.Select(a => a.Oid + "=" + CanonicalValue(a)).Order(StringComparer.Ordinal));

    private static string CanonicalValue(NameAttribute attribute)
    {
        if (attribute.Text is null)
            return "#" + Convert.ToHexString(attribute.RawValue.Span);
        var normalised = attribute.Text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalised.Length);
        var pendingSpace = false;
        foreach (var c in normalised.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        // Escape our separators so "a+b" as a value cannot collide with two attributes.
        return builder.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal)
            .Replace("+", "\\+", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
    }

    private static string ShortName(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "SERIALNUMBER",
        EmailAddressOid => "E",
        _ => oid.ToString(CultureInfo.InvariantCulture),
    };
}
