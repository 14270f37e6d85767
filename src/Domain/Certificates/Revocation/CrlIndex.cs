using System.Collections.Concurrent;
using System.Formats.Asn1;
using Domain.Certificates.Validation;

namespace Domain.Certificates.Revocation;

/// <summary>The outcome of loading a CRL: its index, or why it cannot be used.</summary>
public readonly record struct CrlLoad(CrlIndex? Index, CertificateFailure? Failure);

/// <summary>
/// One CRL, verified against its issuer and reduced to a hash set of revoked serials: loaded once
/// (MOICA's complete CRL has hundreds of thousands of entries), then each lookup is O(1).
/// </summary>
public sealed class CrlIndex
{
    private readonly HashSet<string> _revokedSerials;
    private readonly CrlScope? _scope;

    /// <summary>An issuing distribution point: the CRL covers only the certificates it names.</summary>
    private sealed record CrlScope(IReadOnlyList<string> Uris, bool OnlyUserCertificates, bool OnlyCaCertificates, bool OnlyAttributeCertificates);

    private CrlIndex(string issuerKeyId, X500Name issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, HashSet<string> revoked, CrlScope? scope)
    {
        _scope = scope;
        IssuerKeyId = issuerKeyId;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revokedSerials = revoked;
    }

    /// <summary>Upper-case hex key identifier of the CA that signed the CRL: the key certificates' AKI point to.</summary>
    public string IssuerKeyId { get; }

    public X500Name Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset NextUpdate { get; }

    public int Count => _revokedSerials.Count;

    /// <summary>Is the serial (upper-case hex as <see cref="PkixCertificate.SerialHex"/>) on the list?</summary>
    public bool Contains(string serialHex) => _revokedSerials.Contains(serialHex);

    /// <summary>
    /// Whether this CRL speaks for the certificate (RFC 5280 §5.2.5, §6.3.3): a CRL with an issuing
    /// distribution point covers only its kind of certificate and, when it names a point, only
    /// certificates that name the same point. A full CRL covers every certificate of its issuer.
    /// </summary>
    public CertificateFailure? CheckScope(PkixCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_scope is not { } scope)
            return null;
        var isCa = certificate.IsCa == true;
        if (scope.OnlyAttributeCertificates || (scope.OnlyUserCertificates && isCa) || (scope.OnlyCaCertificates && !isCa))
            return new CertificateFailure(CertificateFailureCode.RevocationUnknown, $"the CRL of {Issuer} is scoped to other certificates than {certificate}");
        if (scope.Uris.Count > 0 && !(certificate.CrlDistributionPointUris ?? []).Intersect(scope.Uris, StringComparer.Ordinal).Any())
            return new CertificateFailure(CertificateFailureCode.RevocationUnknown, $"the CRL of {Issuer} is a partition that does not include {certificate}'s distribution point");
        return null;
    }

    /// <summary>Freshness at an instant, with a tolerance for clocks that disagree a little.</summary>
    public CertificateFailure? CheckFreshness(DateTimeOffset now, TimeSpan skew)
    {
        if (ThisUpdate > now + skew)
            return new CertificateFailure(CertificateFailureCode.CrlStale, $"the CRL of {Issuer} is dated {ThisUpdate:u}, in the future");
        return NextUpdate + skew < now
            ? new CertificateFailure(CertificateFailureCode.CrlStale, $"the CRL of {Issuer} was due for renewal at {NextUpdate:u}")
            : null;
    }

    /// <summary>The issuer name of a DER CRL, without verifying anything; null when it cannot be read.</summary>
    public static X500Name? PeekIssuer(ReadOnlySpan<byte> der)
    {
        try
        {
            var tbs = new AsnReader(der.ToArray(), AsnEncodingRules.DER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
                tbs.ReadEncodedValue();
            tbs.ReadEncodedValue();
            return X500Name.Read(tbs);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a DER (or PEM) CRL, checks it was signed by <paramref name="issuer"/> (name, key identifier,
    /// cRLSign, signature) and indexes it. Delta, indirect and partitioned CRLs are refused: we only
    /// trust a list that covers every certificate of its issuer.
    /// </summary>
    public static CrlLoad Load(ReadOnlySpan<byte> data, PkixCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        static CrlLoad Fail(CertificateFailureCode code, string detail) => new(null, new CertificateFailure(code, detail));
        byte[] der;
        try
        {
            der = Pem.DecodeFirst(data, "X509 CRL");
        }
        catch (FormatException e)
        {
            return Fail(CertificateFailureCode.Malformed, "the CRL is not valid PEM: " + e.Message);
        }

        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var list = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var tbsDer = list.PeekEncodedValue();
            var tbs = list.ReadSequence();
            var algorithmDer = list.ReadEncodedValue();
            var signature = list.ReadBitString(out _);
            list.ThrowIfNotEmpty();

            var version = 1;
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                if (!tbs.TryReadInt32(out var v) || v != 1)
                    throw new AsnContentException("An unknown CRL version.");
                version = 2;
            }

            if (!tbs.ReadEncodedValue().Span.SequenceEqual(algorithmDer.Span))
                throw new AsnContentException("The CRL's inner and outer signature algorithms differ.");
            var crlIssuer = X500Name.Read(tbs);
            var thisUpdate = ReadTime(tbs);
            // RFC 5280 5.1.2.5: conforming CRL issuers MUST include nextUpdate; a CRL without it is not one we read.
            if (!tbs.HasData || !IsTime(tbs.PeekTag()))
                throw new AsnContentException("The CRL has no nextUpdate.");
            var nextUpdate = ReadTime(tbs);

            // Verify before indexing: an unsigned list of 400,000 serials is not worth reading.
            if (!crlIssuer.Equals(issuer.Subject))
                return Fail(CertificateFailureCode.CrlBadSignature, $"the CRL is issued by {crlIssuer}, not {issuer.Subject}");
            if (issuer.KeyUsage is { } usage && !usage.HasFlag(KeyUsageBits.CrlSign))
                return Fail(CertificateFailureCode.CrlBadSignature, $"{issuer} may not sign CRLs (no cRLSign)");
            var algorithm = SignatureVerifier.ReadAlgorithm(algorithmDer);
            if (algorithm is null)
                return Fail(CertificateFailureCode.UnsupportedAlgorithm, "the CRL's signature algorithm is not accepted");
            if (!SignatureVerifier.Verify(issuer.PublicKey, algorithm.Value, tbsDer.Span, signature))
                return Fail(CertificateFailureCode.CrlBadSignature, $"the CRL's signature does not verify with the key of {issuer}");

            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = entry.ReadIntegerBytes();
                    ReadTime(entry);
                    if (entry.HasData)
                    {
                        if (version < 2)
                            throw new AsnContentException("Entry extensions in a version 1 CRL.");
                        if (EntryExtensionsUnsupported(entry.ReadSequence()) is { } unsupported)
                            return Fail(CertificateFailureCode.RevocationUnknown, unsupported);
                    }

                    entry.ThrowIfNotEmpty();
                    // A list that revokes one serial twice was not produced by a sound CA process: do not rely on it.
                    if (!revoked.Add(PkixCertificate.SerialToHex(serial.Span)))
                        return Fail(CertificateFailureCode.RevocationUnknown, $"the CRL lists serial {PkixCertificate.SerialToHex(serial.Span)} twice");
                }
            }

            var akiKeyId = (byte[]?)null;
            CrlScope? scope = null;
            if (tbs.HasData)
            {
                if (version < 2)
                    throw new AsnContentException("Extensions in a version 1 CRL.");
                var explicitExtensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                var extensions = explicitExtensions.ReadSequence();
                while (extensions.HasData)
                {
                    var extension = extensions.ReadSequence();
                    var oid = extension.ReadObjectIdentifier();
                    var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
                    var value = extension.ReadOctetString();
                    switch (oid)
                    {
                        case Oids.AuthorityKeyIdentifier:
                            var aki = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                            var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                            if (aki.HasData && aki.PeekTag().HasSameClassAndValue(keyIdTag))
                                akiKeyId = aki.ReadOctetString(keyIdTag);
                            break;
                        case Oids.CrlNumber:
                            break;
                        case Oids.IssuingDistributionPoint:
                            scope = ReadScope(value);
                            if (scope is null)
                                return Fail(CertificateFailureCode.RevocationUnknown, "an indirect CRL, or one limited to some revocation reasons, which we do not process");
                            break;
                        case Oids.DeltaCrlIndicator:
                            return Fail(CertificateFailureCode.RevocationUnknown, "a delta CRL does not list every revoked certificate of its issuer");
                        default:
                            if (critical)
                                return Fail(CertificateFailureCode.RevocationUnknown, $"the CRL has the critical extension {oid}");
                            break;
                    }
                }
            }

            tbs.ThrowIfNotEmpty();
            if (akiKeyId is not null && issuer.SubjectKeyIdentifier is { } ski && !akiKeyId.AsSpan().SequenceEqual(ski))
                return Fail(CertificateFailureCode.CrlBadSignature, "the CRL names another key of its issuer (authority key identifier)");
            return new CrlLoad(new CrlIndex(issuer.KeyIdHex, crlIssuer, thisUpdate, nextUpdate, revoked, scope), null);
        }
        catch (AsnContentException e)
        {
            return Fail(CertificateFailureCode.Malformed, "the CRL is malformed: " + e.Message);
        }
    }

    // IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1], onlyContainsCACerts [2],
    // onlySomeReasons [3], indirectCRL [4], onlyContainsAttributeCerts [5] }; null for the forms we do not process.
    private static CrlScope? ReadScope(ReadOnlyMemory<byte> value)
    {
        var idp = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        var uris = new List<string>();
        var pointTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        if (idp.HasData && idp.PeekTag().HasSameClassAndValue(pointTag))
        {
            var point = idp.ReadSequence(pointTag);
            if (!point.PeekTag().HasSameClassAndValue(pointTag))
                return null;
            uris.AddRange(GeneralName.ReadNames(point, pointTag).Where(n => n.Kind == GeneralNameKind.Uri).Select(n => n.Text!));
        }

        bool Flag(int number)
        {
            var tag = new Asn1Tag(TagClass.ContextSpecific, number);
            return idp.HasData && idp.PeekTag().HasSameClassAndValue(tag) && idp.ReadBoolean(tag);
        }

        var onlyUser = Flag(1);
        var onlyCa = Flag(2);
        if (idp.HasData && idp.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
            return null;
        if (Flag(4))
            return null;
        var onlyAttribute = Flag(5);
        idp.ThrowIfNotEmpty();
        return new CrlScope(uris, onlyUser, onlyCa, onlyAttribute);
    }

    // certificateIssuer (indirect CRLs) changes which CA an entry belongs to; we do not follow that.
    private static string? EntryExtensionsUnsupported(AsnReader extensions)
    {
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            extension.ReadOctetString();
            if (oid == "2.5.29.29" || critical && oid != "2.5.29.21")
                return $"a CRL entry carries the extension {oid}, which we do not process";
        }

        return null;
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    // RFC 5280 5.1.2.4: dates through 2049 are UTCTime, later ones GeneralizedTime; anything else is malformed.
    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime))
            return reader.ReadUtcTime(2049);
        var time = reader.ReadGeneralizedTime();
        return time.Year >= 2050 ? time : throw new AsnContentException($"A CRL date in {time.Year} encoded as GeneralizedTime.");
    }
}

/// <summary>The loaded CRLs, one per issuing key, shared by every validation (thread-safe; a newer CRL replaces an older one).</summary>
public sealed class CrlStore
{
    private readonly ConcurrentDictionary<string, CrlIndex> _byIssuerKeyId = new(StringComparer.Ordinal);

    public void Add(CrlIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        _byIssuerKeyId.AddOrUpdate(index.IssuerKeyId, index, (_, existing) => index.ThisUpdate >= existing.ThisUpdate ? index : existing);
    }

    public CrlIndex? For(PkixCertificate issuer) => _byIssuerKeyId.GetValueOrDefault(issuer.KeyIdHex);
}
