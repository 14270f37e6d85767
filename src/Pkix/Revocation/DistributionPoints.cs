using System.Formats.Asn1;
using Pkix.Validation;

namespace Pkix.Revocation;

/// <summary>CRLReason (RFC 5280 §5.3.1): why an entry is on a CRL.</summary>
public enum CrlReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}

/// <summary>ReasonFlags (RFC 5280 §4.2.1.13), numbered as the BIT STRING numbers them (bit 0 is unused).</summary>
[Flags]
public enum ReasonFlags
{
    None = 0,
    KeyCompromise = 1 << 1,
    CaCompromise = 1 << 2,
    AffiliationChanged = 1 << 3,
    Superseded = 1 << 4,
    CessationOfOperation = 1 << 5,
    CertificateHold = 1 << 6,
    PrivilegeWithdrawn = 1 << 7,
    AaCompromise = 1 << 8,

    /// <summary>Every reason: what a CRL without onlySomeReasons, or a distribution point without reasons, covers.</summary>
    AllReasons = KeyCompromise | CaCompromise | AffiliationChanged | Superseded | CessationOfOperation | CertificateHold | PrivilegeWithdrawn | AaCompromise,
}

/// <summary>
/// DistributionPointName: a full name (GeneralNames) or a name relative to the CRL issuer (one RDN
/// appended to the issuer's DN), as in a certificate's distribution point or a CRL's issuing
/// distribution point.
/// </summary>
public sealed class DistributionPointName
{
    private DistributionPointName(IReadOnlyList<GeneralName>? fullName, ReadOnlyMemory<byte> relativeName)
    {
        FullName = fullName;
        RelativeName = relativeName;
    }

    /// <summary>The fullName form; null for the relative form.</summary>
    public IReadOnlyList<GeneralName>? FullName { get; }

    /// <summary>The nameRelativeToCRLIssuer form: the DER of one RelativeDistinguishedName (a SET); empty for the full form.</summary>
    public ReadOnlyMemory<byte> RelativeName { get; }

    /// <summary>The names this point stands for; a relative name becomes the directory name <paramref name="crlIssuer"/> + RDN.</summary>
    public IReadOnlyList<GeneralName> Resolve(X500Name crlIssuer)
    {
        ArgumentNullException.ThrowIfNull(crlIssuer);
        return FullName ?? [new GeneralName(GeneralNameKind.Directory, null, null, crlIssuer.WithRelativeName(RelativeName))];
    }

    /// <summary>Reads DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN }.</summary>
    internal static DistributionPointName Read(AsnReader reader)
    {
        var fullTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        var relativeTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(fullTag))
        {
            var names = GeneralName.ReadNames(reader, fullTag);
            return names.Count == 0 ? throw new AsnContentException("An empty distribution point fullName.") : new DistributionPointName(names, ReadOnlyMemory<byte>.Empty);
        }

        if (tag.HasSameClassAndValue(relativeTag))
        {
            // Re-tag the implicit [1] as the universal SET it stands for, so it can be appended to a Name.
            var contents = reader.ReadSetOf(skipSortOrderValidation: true, expectedTag: relativeTag);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSetOf())
            {
                while (contents.HasData)
                    writer.WriteEncodedValue(contents.ReadEncodedValue().Span);
            }

            var relative = writer.Encode();
            // It must make a name once appended to the CRL issuer's: read it as a one-RDN name now, not at matching time.
            var probe = new AsnWriter(AsnEncodingRules.DER);
            using (probe.PushSequence())
                probe.WriteEncodedValue(relative);
            X500Name.Read(new AsnReader(probe.Encode(), AsnEncodingRules.DER));
            return new DistributionPointName(null, relative);
        }

        throw new AsnContentException("Not a DistributionPointName.");
    }

    public override string ToString() => FullName is { } names ? string.Join(", ", names) : "nameRelativeToCRLIssuer";
}

/// <summary>One point of a certificate's CRL distribution points (RFC 5280 §4.2.1.13).</summary>
/// <param name="Name">Where the CRL is; null when only <paramref name="CrlIssuer"/> is given.</param>
/// <param name="Reasons">The reasons the CRLs at this point cover; null for all.</param>
/// <param name="CrlIssuer">Who issues the CRL when it is not the certificate's issuer (indirect CRLs); null otherwise.</param>
public sealed record DistributionPoint(DistributionPointName? Name, ReasonFlags? Reasons, IReadOnlyList<GeneralName>? CrlIssuer)
{
    /// <summary>The point RFC 5280 §6.3.3 assumes for a certificate without the extension: the issuer's own, complete CRLs.</summary>
    public static DistributionPoint Implicit { get; } = new(null, null, null);

    /// <summary>Reads CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint.</summary>
    internal static IReadOnlyList<DistributionPoint> ReadAll(AsnReader value)
    {
        var points = new List<DistributionPoint>();
        var sequence = value.ReadSequence();
        var nameTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        var reasonsTag = new Asn1Tag(TagClass.ContextSpecific, 1);
        var issuerTag = new Asn1Tag(TagClass.ContextSpecific, 2, true);
        while (sequence.HasData)
        {
            var point = sequence.ReadSequence();
            DistributionPointName? name = null;
            ReasonFlags? reasons = null;
            IReadOnlyList<GeneralName>? issuer = null;
            if (point.HasData && point.PeekTag().HasSameClassAndValue(nameTag))
            {
                var explicitName = point.ReadSequence(nameTag);
                name = DistributionPointName.Read(explicitName);
                explicitName.ThrowIfNotEmpty();
            }

            if (point.HasData && point.PeekTag().HasSameClassAndValue(reasonsTag))
                reasons = ReadReasons(point, reasonsTag);
            if (point.HasData && point.PeekTag().HasSameClassAndValue(issuerTag))
            {
                issuer = GeneralName.ReadNames(point, issuerTag);
                if (issuer.Count == 0) throw new AsnContentException("An empty cRLIssuer.");
            }

            point.ThrowIfNotEmpty();
            points.Add(new DistributionPoint(name, reasons, issuer));
        }

        if (points.Count == 0)
            throw new AsnContentException("An empty CRL distribution points extension.");
        return points;
    }

    /// <summary>ReasonFlags ::= BIT STRING, bits 1 to 8 (bit 0 is unused and ignored).</summary>
    internal static ReasonFlags ReadReasons(AsnReader reader, Asn1Tag tag)
    {
        var bits = reader.ReadBitString(out var unusedBits, tag);
        var flags = 0;
        for (var bit = 0; bit < Math.Min(bits.Length * 8 - unusedBits, 9); bit++)
        {
            if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                flags |= 1 << bit;
        }

        return (ReasonFlags)flags & ReasonFlags.AllReasons;
    }

    public override string ToString() => Name?.ToString() ?? (CrlIssuer is { } names ? "cRLIssuer " + string.Join(", ", names) : "the issuer's CRL");
}

/// <summary>How GeneralNames of distribution points are compared (RFC 5280 §6.3.3 b 2 i: "one of the names … matches").</summary>
internal static class GeneralNameMatch
{
    public static bool Same(GeneralName a, GeneralName b) => a.Kind == b.Kind && a.Kind switch
    {
        // URIs are compared exactly as encoded: "%73" is not "s" for a CRL partition.
        GeneralNameKind.Uri => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
        GeneralNameKind.Dns => string.Equals(a.Text, b.Text, StringComparison.OrdinalIgnoreCase),
        GeneralNameKind.Rfc822 => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
        GeneralNameKind.Directory => a.Directory!.Equals(b.Directory),
        GeneralNameKind.IpAddress => a.Bytes!.AsSpan().SequenceEqual(b.Bytes),
        GeneralNameKind.RegisteredId => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
        _ => false,
    };

    public static bool AnyInCommon(IEnumerable<GeneralName> a, IReadOnlyList<GeneralName> b) => a.Any(x => b.Any(y => Same(x, y)));
}
