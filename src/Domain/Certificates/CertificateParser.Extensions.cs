using System.Formats.Asn1;
using System.Text.RegularExpressions;
using Pkix.Validation;

namespace Domain.Certificates;

public static partial class CertificateParser
{
    private const string KeyUsageOid = "2.5.29.15";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string CertificatePoliciesOid = "2.5.29.32";
    private static readonly Asn1Tag KeyIdentifierTag = new(TagClass.ContextSpecific, 0);

    private sealed record ExtensionFacts(
        KeyUsageBits KeyUsage,
        string? AuthorityKeyId,
        IReadOnlyList<string> Policies,
        string? AgencyOid,
        string? NationalIdLastFour,
        string? CertificateType = null,
        string? BusinessNumber = null);

    private static ExtensionFacts ReadExtensions(AsnReader? extensions)
    {
        var facts = new ExtensionFacts(KeyUsageBits.None, null, [], null, null);
        if (extensions is null)
            return facts;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (!extensions.HasData)
                throw new ExtensionException("an empty extensions list (RFC 5280 requires at least one)");
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                var oid = extension.ReadObjectIdentifier();
                if (extension.HasData && extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    extension.ReadBoolean();
                var value = extension.ReadOctetString();
                if (extension.HasData)
                    throw new ExtensionException($"extension {oid} has extra elements");
                if (!seen.Add(oid))
                    throw new ExtensionException($"extension {oid} appears twice");
                facts = oid switch
                {
                    KeyUsageOid => facts with { KeyUsage = ReadKeyUsage(value) },
                    AuthorityKeyIdentifierOid => facts with { AuthorityKeyId = ReadAuthorityKeyId(value) },
                    CertificatePoliciesOid => facts with { Policies = ReadPolicies(value) },
                    TaiwanCertificateOids.SubjectDirectoryAttributes => ReadDirectoryAttributes(value, facts),
                    _ => facts,
                };
            }
        }
        catch (AsnContentException e)
        {
            throw new ExtensionException("extension encoding: " + e.Message, e);
        }
        return facts;
    }

    private static KeyUsageBits ReadKeyUsage(byte[] value)
    {
        var bits = Single(value, "key usage", r => r.ReadBitString(out _));
        var usage = KeyUsageBits.None;
        for (var n = 0; n <= 8 && n / 8 < bits.Length; n++)
        {
            if ((bits[n / 8] & (0x80 >> (n % 8))) != 0)
                usage |= (KeyUsageBits)(1 << n);
        }
        return usage;
    }

    private static string? ReadAuthorityKeyId(byte[] value) => Single(value, "authority key identifier", reader =>
    {
        var sequence = reader.ReadSequence();
        string? keyId = null;
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(KeyIdentifierTag))
            keyId = Convert.ToHexString(sequence.ReadOctetString(KeyIdentifierTag));
        while (sequence.HasData)
            sequence.ReadEncodedValue(); // issuer name and serial: not facts we keep
        return keyId;
    });

    private static List<string> ReadPolicies(byte[] value) => Single(value, "certificate policies", reader =>
    {
        var sequence = reader.ReadSequence();
        var policies = new List<string>();
        while (sequence.HasData)
        {
            var information = sequence.ReadSequence();
            policies.Add(information.ReadObjectIdentifier());
            if (information.HasData)
                information.ReadSequence(); // qualifiers
            information.ThrowIfNotEmpty();
        }
        if (policies.Count == 0)
            throw new ExtensionException("certificate policies list no policy");
        return policies;
    });

    private static ExtensionFacts ReadDirectoryAttributes(byte[] value, ExtensionFacts facts) => Single(value, "subject directory attributes", reader =>
    {
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var attribute = sequence.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf(skipSortOrderValidation: true);
            attribute.ThrowIfNotEmpty();
            var first = values.ReadEncodedValue();
            switch (type)
            {
                case TaiwanCertificateOids.NationalIdLastFour:
                    facts = facts with { NationalIdLastFour = Matching(first, LastFourPattern(), "the last four ID digits are not four digits") };
                    break;
                case TaiwanCertificateOids.AgencyOid:
                    facts = facts with { AgencyOid = Matching(first, OidPattern(), "the organisation OID is not an object identifier") };
                    break;
                case TaiwanCertificateOids.CertificateType:
                    facts = facts with { CertificateType = Matching(first, OidPattern(), "the certificate type is not an object identifier") };
                    break;
                case TaiwanCertificateOids.BusinessNumber:
                    facts = facts with { BusinessNumber = Matching(first, BusinessNumberPattern(), "the business number is not eight digits") };
                    break;
            }
        }
        return facts;
    });

    private static string Matching(ReadOnlyMemory<byte> encoded, Regex pattern, string otherwise)
    {
        var text = AttributeText(encoded);
        return pattern.IsMatch(text) ? text : throw new ExtensionException(otherwise);
    }

    // Taiwan's CAs write the digits as UTF8String (older ones PrintableString) and the type and organisation OIDs as
    // OBJECT IDENTIFIER values; either is read as text, an OID in its dotted form.
    private static string AttributeText(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            return reader.ReadObjectIdentifier();
        return DistinguishedName.DirectoryString(encoded) ?? throw new ExtensionException("a directory attribute value is neither a string nor an OID");
    }

    /// <summary>Reads exactly one value from an extension's OCTET STRING contents.</summary>
    private static T Single<T>(byte[] value, string name, Func<AsnReader, T> read)
    {
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        if (!reader.HasData)
            throw new ExtensionException($"{name} is empty");
        var result = read(reader);
        if (reader.HasData)
            throw new ExtensionException($"{name} has bytes after its value");
        return result;
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex LastFourPattern();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex BusinessNumberPattern();

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidPattern();
}
