using System.Formats.Asn1;
using System.Numerics;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>One revoked certificate on a generated CRL.</summary>
/// <param name="CertificateIssuer">A certificateIssuer entry extension (indirect CRLs): from this entry on, entries belong to that issuer.</param>
/// <param name="UnknownCritical">Add a critical entry extension nobody understands.</param>
public sealed record CrlEntrySpec(BigInteger Serial, CrlReason? Reason = null, byte[]? CertificateIssuer = null, bool UnknownCritical = false)
{
    public static CrlEntrySpec Of(PkitsCertificate certificate, CrlReason? reason = CrlReason.KeyCompromise) => new(certificate.Serial, reason);
}

/// <summary>An issuing distribution point to encode.</summary>
public sealed record IdpSpec(
    DistributionPointSpec? Point = null,
    bool OnlyUser = false,
    bool OnlyCa = false,
    bool OnlyAttribute = false,
    ReasonFlags? OnlySomeReasons = null,
    bool Indirect = false);

/// <summary>What a generated CRL should look like; the defaults give a current, complete CRL of its signer.</summary>
public sealed record CrlSpec
{
    /// <summary>The certificate whose key signs the CRL (and whose subject is the CRL issuer unless <see cref="IssuerName"/> says otherwise).</summary>
    public required PkitsCertificate Signer { get; init; }

    public byte[]? IssuerName { get; init; }
    public IReadOnlyList<CrlEntrySpec> Entries { get; init; } = [];
    public long Number { get; init; } = 1;
    public bool OmitNumber { get; init; }

    /// <summary>Set for a delta CRL: the BaseCRLNumber of the complete CRL it updates.</summary>
    public long? DeltaBase { get; init; }

    public DateTimeOffset ThisUpdate { get; init; } = PkitsStyleCases.ValidationTime.AddDays(-1);
    public DateTimeOffset NextUpdate { get; init; } = PkitsStyleCases.ValidationTime.AddDays(30);

    /// <summary>Force UTCTime (false) for a nextUpdate RFC 5280 would encode as GeneralizedTime, or the other way round.</summary>
    public bool? NextUpdateGeneralized { get; init; }

    public IdpSpec? IssuingDistributionPoint { get; init; }
    public bool FreshestCrl { get; init; }
    public bool UnknownCriticalExtension { get; init; }
    public SignatureKind Signature { get; init; }

    /// <summary>Flip a bit of the signature (a CRL whose signature does not verify, everything else intact).</summary>
    public bool BreakSignature { get; init; }
}

/// <summary>Builds CRLs field by field with AsnWriter and signs them with BouncyCastle, deterministically.</summary>
public static class PkitsCrls
{
    private const string UnknownExtension = "1.3.6.1.4.1.55738.666.2";

    public static byte[] Issue(CrlSpec spec, string purpose)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = spec.Signer.Key;
        var (algorithm, _) = key.Sign(spec.Signature, [], purpose + "|probe");
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1);
            tbs.WriteEncodedValue(algorithm);
            tbs.WriteEncodedValue(spec.IssuerName ?? spec.Signer.Subject);
            PkitsDer.WriteTime(tbs, spec.ThisUpdate);
            PkitsDer.WriteTime(tbs, spec.NextUpdate, spec.NextUpdateGeneralized);
            if (spec.Entries.Count > 0)
            {
                using (tbs.PushSequence())
                {
                    foreach (var entry in spec.Entries)
                        WriteEntry(tbs, entry);
                }
            }

            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (tbs.PushSequence())
                WriteExtensions(tbs, spec);
        }

        return PkitsDer.Signed(key, spec.Signature, tbs.Encode(), purpose, spec.BreakSignature);
    }

    private static void WriteEntry(AsnWriter writer, CrlEntrySpec entry)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(entry.Serial);
            PkitsDer.WriteTime(writer, PkitsStyleCases.ValidationTime.AddDays(-2));
            if (entry.Reason is null && entry.CertificateIssuer is null && !entry.UnknownCritical)
                return;
            using (writer.PushSequence())
            {
                if (entry.Reason is { } reason)
                    PkitsDer.WriteExtension(writer, Oids.CrlReason, false, PkitsDer.Encode(w => w.WriteEnumeratedValue(reason)));
                if (entry.CertificateIssuer is { } issuer)
                    PkitsDer.WriteExtension(writer, Oids.CertificateIssuer, true, PkitsDer.Encode(w => PkitsDer.WriteGeneralNames(w, [GeneralNameSpec.Directory(issuer)])));
                if (entry.UnknownCritical)
                    PkitsDer.WriteExtension(writer, UnknownExtension, true, PkitsDer.Encode(w => w.WriteNull()));
            }
        }
    }

    private static void WriteExtensions(AsnWriter writer, CrlSpec spec)
    {
        PkitsDer.WriteAuthorityKeyIdentifier(writer, spec.Signer.Key.KeyId);
        if (!spec.OmitNumber)
            PkitsDer.WriteExtension(writer, Oids.CrlNumber, false, PkitsDer.Encode(w => w.WriteInteger(spec.Number)));
        if (spec.DeltaBase is { } deltaBase)
            PkitsDer.WriteExtension(writer, Oids.DeltaCrlIndicator, true, PkitsDer.Encode(w => w.WriteInteger(deltaBase)));
        if (spec.IssuingDistributionPoint is { } idp)
            PkitsDer.WriteExtension(writer, Oids.IssuingDistributionPoint, true, PkitsDer.Encode(w => WriteIssuingDistributionPoint(w, idp)));
        if (spec.FreshestCrl)
        {
            var delta = new DistributionPointSpec(FullName: [GeneralNameSpec.Uri("http://crl.pkits-style.example/delta.crl")]);
            PkitsDer.WriteExtension(writer, Oids.FreshestCrl, false, PkitsDer.Encode(w => PkitsCertificates.WriteDistributionPoints(w, [delta])));
        }

        if (spec.UnknownCriticalExtension)
            PkitsDer.WriteExtension(writer, UnknownExtension, true, PkitsDer.Encode(w => w.WriteNull()));
    }

    private static void WriteIssuingDistributionPoint(AsnWriter writer, IdpSpec idp)
    {
        using (writer.PushSequence())
        {
            if (idp.Point is { } point)
                PkitsDer.WriteDistributionPointName(writer, point);
            if (idp.OnlyUser) writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 1));
            if (idp.OnlyCa) writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 2));
            if (idp.OnlySomeReasons is { } reasons) PkitsDer.WriteNamedBits(writer, (int)reasons, new Asn1Tag(TagClass.ContextSpecific, 3));
            if (idp.Indirect) writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 4));
            if (idp.OnlyAttribute) writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 5));
        }
    }
}
