using System.Formats.Asn1;
using System.Numerics;
using Pkix.Validation;

namespace Pkix.Revocation;

/// <summary>The outcome of reading (and, with <see cref="CrlIndex.Load"/>, verifying) a CRL: its index, or why it cannot be used.</summary>
public readonly record struct CrlLoad(CrlIndex? Index, CertificateFailure? Failure);

/// <summary>A CRL's issuing distribution point (RFC 5280 §5.2.5): which certificates and reasons it speaks for.</summary>
public sealed record IssuingDistributionPoint(
    DistributionPointName? Name,
    bool OnlyUserCertificates,
    bool OnlyCaCertificates,
    bool OnlyAttributeCertificates,
    ReasonFlags? OnlySomeReasons,
    bool Indirect)
{
    /// <summary>The extension value as encoded: a delta CRL has the same scope as its base when the two are equal.</summary>
    public required byte[] Der { get; init; }
}

/// <summary>
/// One CRL read strictly (RFC 5280 §5) and reduced to hash tables of revoked serials with their reasons:
/// read once (a national CA's complete CRL can have hundreds of thousands of entries), then each lookup is O(1).
/// Everything §6.3 needs is kept: issuer, dates, CRL number, delta base, issuing distribution point,
/// indirect entries (certificateIssuer carried forward), and why the CRL must not be relied on at all.
/// </summary>
public sealed class CrlIndex
{
    /// <summary>Extensions of a CRL this reader processes; another critical one makes the CRL unusable (§5.2).</summary>
    private static readonly HashSet<string> UnderstoodCrlExtensions = new(StringComparer.Ordinal)
    {
        Oids.AuthorityKeyIdentifier, Oids.CrlNumber, Oids.DeltaCrlIndicator, Oids.IssuingDistributionPoint,
        Oids.FreshestCrl, Oids.IssuerAltName, Oids.AuthorityInfoAccess,
    };

    /// <summary>CRL entry extensions this reader processes (§5.3).</summary>
    private static readonly HashSet<string> UnderstoodEntryExtensions = new(StringComparer.Ordinal)
    {
        Oids.CrlReason, Oids.HoldInstructionCode, Oids.InvalidityDate, Oids.CertificateIssuer,
    };

    private readonly Dictionary<string, CrlReason> _entries;
    private readonly Dictionary<string, CrlReason>? _indirectEntries;
    private readonly List<object> _verifiedKeys = [];
    private SignedPart? _signed;

    private sealed record SignedPart(ReadOnlyMemory<byte> Tbs, ReadOnlyMemory<byte> Algorithm, byte[] Signature, bool WholeOctets);

    private CrlIndex(Dictionary<string, CrlReason> entries, Dictionary<string, CrlReason>? indirectEntries)
    {
        _entries = entries;
        _indirectEntries = indirectEntries;
    }

    public X500Name Issuer { get; private init; } = null!;

    public DateTimeOffset ThisUpdate { get; private init; }

    public DateTimeOffset NextUpdate { get; private init; }

    /// <summary>The cRLNumber; null when the CRL lacks it (which makes it <see cref="Defect"/>ive).</summary>
    public BigInteger? Number { get; private init; }

    /// <summary>The BaseCRLNumber of a delta CRL; null for a complete CRL.</summary>
    public BigInteger? DeltaBase { get; private init; }

    public bool IsDelta => DeltaBase is not null;

    public byte[]? AuthorityKeyIdentifier { get; private init; }

    /// <summary>The issuing distribution point; null for a CRL that covers every certificate of its issuer.</summary>
    public IssuingDistributionPoint? Scope { get; private init; }

    /// <summary>The CRL says where its deltas are (freshestCRL).</summary>
    public bool HasFreshestCrl { get; private init; }

    /// <summary>Why this CRL must not determine anyone's status (unknown critical extension, duplicate serial, no CRL number…); null when usable.</summary>
    public CertificateFailure? Defect { get; private init; }

    /// <summary>The certificate whose key verified this CRL when it was loaded with <see cref="Load"/>; null for a CRL only read.</summary>
    public PkixCertificate? Signer { get; private set; }

    /// <summary>Upper-case hex key identifier of the signer when known (see <see cref="Signer"/>), else of the CRL's AKI, else empty.</summary>
    public string IssuerKeyId { get; private set; } = "";

    public int Count => _entries.Count + (_indirectEntries?.Count ?? 0);

    /// <summary>Is the serial (upper-case hex as <see cref="PkixCertificate.SerialHex"/>) on the list among the CRL issuer's own certificates?</summary>
    public bool Contains(string serialHex) => _entries.ContainsKey(serialHex);

    /// <summary>The entry for <paramref name="certificate"/>, matched by its issuer (indirect CRLs) and serial; null when it is not listed.</summary>
    public CrlReason? ReasonFor(PkixCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Issuer.Equals(Issuer))
            return _entries.TryGetValue(certificate.SerialHex, out var reason) ? reason : null;
        return _indirectEntries is not null && _indirectEntries.TryGetValue(IndirectKey(certificate.Issuer, certificate.SerialHex), out var indirect) ? indirect : null;
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

    public override string ToString() => $"{(IsDelta ? "delta CRL" : "CRL")} {(Number is { } number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "without number")} of {Issuer}";

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
    /// Reads a DER (or PEM) CRL signed by <paramref name="issuer"/> and verifies it (name, key identifier,
    /// cRLSign, signature under <paramref name="policy"/>, by default <see cref="SignatureAlgorithmPolicy.Strong"/>).
    /// A CRL that must not be relied on (<see cref="Defect"/>) is refused here too: what is loaded can be relied on.
    /// </summary>
    public static CrlLoad Load(ReadOnlySpan<byte> data, PkixCertificate issuer, SignatureAlgorithmPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var read = Parse(data);
        if (read.Index is not { } index)
            return read;
        static CrlLoad Fail(CertificateFailureCode code, string detail) => new(null, new CertificateFailure(code, detail));
        if (!index.Issuer.Equals(issuer.Subject))
            return Fail(CertificateFailureCode.CrlBadSignature, $"the CRL is issued by {index.Issuer}, not {issuer.Subject}");
        if (issuer.KeyUsage is { } usage && !usage.HasFlag(KeyUsageBits.CrlSign))
            return Fail(CertificateFailureCode.CrlBadSignature, $"{issuer} may not sign CRLs (no cRLSign)");
        if (index.AuthorityKeyIdentifier is { } aki && issuer.SubjectKeyIdentifier is { } ski && !aki.AsSpan().SequenceEqual(ski))
            return Fail(CertificateFailureCode.CrlBadSignature, "the CRL names another key of its issuer (authority key identifier)");
        if (index.VerifySignature(issuer.PublicKey, policy ?? SignatureAlgorithmPolicy.Strong) is { } badSignature)
            return new CrlLoad(null, badSignature);
        if (index.Defect is { } defect)
            return new CrlLoad(null, defect);
        index.Signer = issuer;
        index.IssuerKeyId = issuer.KeyIdHex;
        // The signed bytes are no longer needed: a 16 MiB CRL keeps only its hash tables.
        index._signed = null;
        return new CrlLoad(index, null);
    }

    /// <summary>
    /// Reads a DER (or PEM) CRL without verifying its signature (the §6.3 checker finds the signer). Fails only
    /// when the bytes are not an RFC 5280 CRL at all (<see cref="CertificateFailureCode.Malformed"/>); a CRL
    /// that is well formed but must not be relied on comes back with its <see cref="Defect"/>.
    /// </summary>
    public static CrlLoad Parse(ReadOnlySpan<byte> data)
    {
        byte[] der;
        try
        {
            der = Pem.DecodeFirst(data, "X509 CRL");
        }
        catch (FormatException e)
        {
            return new CrlLoad(null, new CertificateFailure(CertificateFailureCode.Malformed, "the CRL is not valid PEM: " + e.Message));
        }

        try
        {
            return new CrlLoad(Read(der), null);
        }
        catch (AsnContentException e)
        {
            return new CrlLoad(null, new CertificateFailure(CertificateFailureCode.Malformed, "the CRL is malformed: " + e.Message));
        }
    }

    /// <summary>Null when <paramref name="key"/> verified this CRL's signature with an algorithm <paramref name="policy"/> accepts; otherwise why not.</summary>
    internal CertificateFailure? VerifySignature(object? key, SignatureAlgorithmPolicy policy)
    {
        lock (_verifiedKeys)
        {
            if (_verifiedKeys.Any(k => ReferenceEquals(k, key)))
                return null;
        }

        if (_signed is not { } signed)
            return new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"{this} was verified when loaded and only with the key of {Signer}");
        var algorithm = SignatureVerifier.ReadAlgorithm(signed.Algorithm);
        if (policy.Check(algorithm, key, ToString()) is { } refused)
            return refused;
        if (!signed.WholeOctets || !SignatureVerifier.Verify(key, algorithm!, signed.Tbs.Span, signed.Signature))
            return new CertificateFailure(CertificateFailureCode.CrlBadSignature, $"the signature on {this} does not verify with the key of its issuer");
        lock (_verifiedKeys)
            _verifiedKeys.Add(key!);
        return null;
    }

    private static string IndirectKey(X500Name issuer, string serialHex) => issuer.CanonicalKey + "\u0001" + serialHex;

    private static CrlIndex Read(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var list = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbsDer = list.PeekEncodedValue();
        var tbs = list.ReadSequence();
        var algorithmDer = list.ReadEncodedValue();
        // A signature BIT STRING with unused bits is read as a signature that verifies under no key (PKITS 4.4.4's bad CRL signature).
        var signature = list.ReadBitString(out var unusedBits);
        var wholeOctets = unusedBits == 0;
        list.ThrowIfNotEmpty();

        // RFC 5280 5.1.2.1: version v2 (1) when present; absent means v1, which carries no extensions.
        var version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            if (!tbs.TryReadInt32(out var v) || v != 1)
                throw new AsnContentException("An unknown CRL version.");
            version = 2;
        }

        if (!tbs.ReadEncodedValue().Span.SequenceEqual(algorithmDer.Span))
            throw new AsnContentException("The CRL's inner and outer signature algorithms differ.");
        var issuer = X500Name.Read(tbs);
        if (issuer.IsEmpty)
            throw new AsnContentException("The CRL issuer is empty.");
        var thisUpdate = ReadTime(tbs);
        // RFC 5280 5.1.2.5: conforming CRL issuers MUST include nextUpdate; a CRL without it is not one we read.
        if (!tbs.HasData || !IsTime(tbs.PeekTag()))
            throw new AsnContentException("The CRL has no nextUpdate.");
        var nextUpdate = ReadTime(tbs);

        var defects = new List<string>();
        var entries = new Dictionary<string, CrlReason>(StringComparer.Ordinal);
        Dictionary<string, CrlReason>? indirectEntries = null;
        var namesAnotherIssuer = false;
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            // An entry takes some 40 octets: size the table once instead of growing it through 400,000 entries.
            entries.EnsureCapacity(tbs.PeekContentBytes().Length / 40);
            // Large CRLs repeat a handful of entry-extension encodings (one per reason): decode each once.
            var decodedExtensions = new Dictionary<ReadOnlyMemory<byte>, EntryExtensions>(ByteContentComparer.Instance);
            var revoked = tbs.ReadSequence();
            // certificateIssuer is carried forward from entry to entry (RFC 5280 5.3.3); it starts as the CRL issuer.
            var entryIssuer = issuer;
            while (revoked.HasData)
            {
                var entry = revoked.ReadSequence();
                var serial = PkixCertificate.SerialToHex(entry.ReadIntegerBytes().Span);
                if (!entry.HasData || !IsTime(entry.PeekTag()))
                    throw new AsnContentException("A CRL entry without a revocation date.");
                // The revocation date does not change the answer (listed is revoked), so it is not decoded.
                entry.ReadEncodedValue();
                var reason = CrlReason.Unspecified;
                if (entry.HasData)
                {
                    if (version < 2)
                        throw new AsnContentException("Entry extensions in a version 1 CRL.");
                    var encoded = entry.ReadEncodedValue();
                    if (!decodedExtensions.TryGetValue(encoded, out var decoded))
                        decodedExtensions[encoded] = decoded = ReadEntryExtensions(new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence(), defects);
                    reason = decoded.Reason;
                    entryIssuer = decoded.CertificateIssuer ?? entryIssuer;
                }

                entry.ThrowIfNotEmpty();
                bool added;
                if (ReferenceEquals(entryIssuer, issuer) || entryIssuer.Equals(issuer))
                {
                    added = entries.TryAdd(serial, reason);
                }
                else
                {
                    namesAnotherIssuer = true;
                    added = (indirectEntries ??= new Dictionary<string, CrlReason>(StringComparer.Ordinal)).TryAdd(IndirectKey(entryIssuer, serial), reason);
                }

                // A list that revokes one certificate twice was not produced by a sound CA process: do not rely on it.
                if (!added)
                    defects.Add($"the CRL lists serial {serial} twice");
            }
        }

        byte[]? aki = null;
        BigInteger? number = null, deltaBase = null;
        IssuingDistributionPoint? scope = null;
        var hasFreshest = false;
        if (tbs.HasData)
        {
            if (version < 2)
                throw new AsnContentException("Extensions in a version 1 CRL.");
            var explicitExtensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
            var extensions = explicitExtensions.ReadSequence();
            explicitExtensions.ThrowIfNotEmpty();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (extensions.HasData)
            {
                var (oid, critical, value) = PkixCertificate.ReadExtension(extensions);
                if (!seen.Add(oid))
                    throw new AsnContentException($"The CRL extension {oid} appears twice.");
                var reader = new AsnReader(value, AsnEncodingRules.DER);
                switch (oid)
                {
                    case Oids.AuthorityKeyIdentifier:
                        aki = PkixCertificate.ReadAuthorityKeyId(reader);
                        break;
                    case Oids.CrlNumber:
                        number = ReadCrlNumber(reader);
                        // RFC 5280 5.2.3: the CRL number MUST be marked non-critical.
                        if (critical)
                            defects.Add("the CRL marks its CRL number critical, which RFC 5280 forbids");
                        break;
                    case Oids.DeltaCrlIndicator:
                        deltaBase = ReadCrlNumber(reader);
                        break;
                    case Oids.IssuingDistributionPoint:
                        scope = ReadIssuingDistributionPoint(reader, value.ToArray(), defects);
                        break;
                    case Oids.FreshestCrl:
                        DistributionPoint.ReadAll(reader);
                        hasFreshest = true;
                        break;
                    default:
                        if (critical && !UnderstoodCrlExtensions.Contains(oid))
                            defects.Add($"the CRL has the critical extension {oid}, which we do not process");
                        continue;
                }

                reader.ThrowIfNotEmpty();
            }
        }

        tbs.ThrowIfNotEmpty();
        // RFC 5280 5.2.3: conforming CRL issuers MUST include the CRL number, and deltas are ordered by it.
        if (number is null)
            defects.Add("the CRL has no CRL number");
        if (namesAnotherIssuer && scope is not { Indirect: true })
            defects.Add("entries name another certificate issuer, but the CRL is not indirect");
        return new CrlIndex(entries, indirectEntries)
        {
            Issuer = issuer,
            ThisUpdate = thisUpdate,
            NextUpdate = nextUpdate,
            Number = number,
            DeltaBase = deltaBase,
            AuthorityKeyIdentifier = aki,
            Scope = scope,
            HasFreshestCrl = hasFreshest,
            Defect = defects.Count == 0 ? null : new CertificateFailure(CertificateFailureCode.RevocationUnknown, string.Join("; ", defects)),
            IssuerKeyId = aki is null ? "" : Convert.ToHexString(aki),
            _signed = new SignedPart(tbsDer, algorithmDer, signature, wholeOctets),
        };
    }

    /// <summary>What one entry's extensions say: its reason and, when it names one, the certificate issuer from here on.</summary>
    private readonly record struct EntryExtensions(CrlReason Reason, X500Name? CertificateIssuer);

    private static EntryExtensions ReadEntryExtensions(AsnReader extensions, List<string> defects)
    {
        var reason = CrlReason.Unspecified;
        X500Name? certificateIssuer = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (extensions.HasData)
        {
            var (oid, critical, value) = PkixCertificate.ReadExtension(extensions);
            if (!seen.Add(oid))
                throw new AsnContentException($"The CRL entry extension {oid} appears twice.");
            switch (oid)
            {
                case Oids.CrlReason:
                    var code = new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedBytes().Span;
                    reason = code.Length == 1 && Enum.IsDefined((CrlReason)code[0]) ? (CrlReason)code[0]
                        : throw new AsnContentException("An unknown CRL reason code.");
                    break;
                case Oids.CertificateIssuer:
                    var names = GeneralName.ReadNames(new AsnReader(value, AsnEncodingRules.DER));
                    certificateIssuer = names.FirstOrDefault(n => n.Kind == GeneralNameKind.Directory)?.Directory
                        ?? throw new AsnContentException("A certificateIssuer without a directory name.");
                    break;
                default:
                    if (critical && !UnderstoodEntryExtensions.Contains(oid))
                        defects.Add($"a CRL entry has the critical extension {oid}, which we do not process");
                    break;
            }
        }

        return new EntryExtensions(reason, certificateIssuer);
    }

    /// <summary>Compares byte ranges by content (the keys of the entry-extension cache).</summary>
    private sealed class ByteContentComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly ByteContentComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }

    // IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1], onlyContainsCACerts [2],
    // onlySomeReasons [3], indirectCRL [4], onlyContainsAttributeCerts [5] }
    private static IssuingDistributionPoint ReadIssuingDistributionPoint(AsnReader reader, byte[] der, List<string> defects)
    {
        var idp = reader.ReadSequence();
        DistributionPointName? name = null;
        var pointTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        if (idp.HasData && idp.PeekTag().HasSameClassAndValue(pointTag))
        {
            var explicitName = idp.ReadSequence(pointTag);
            name = DistributionPointName.Read(explicitName);
            explicitName.ThrowIfNotEmpty();
        }

        bool Flag(int number)
        {
            var tag = new Asn1Tag(TagClass.ContextSpecific, number);
            if (!idp.HasData || !idp.PeekTag().HasSameClassAndValue(tag))
                return false;
            // DER forbids encoding a DEFAULT FALSE.
            return idp.ReadBoolean(tag) ? true : throw new AsnContentException("An issuing distribution point encodes a default FALSE.");
        }

        var onlyUser = Flag(1);
        var onlyCa = Flag(2);
        ReasonFlags? reasons = null;
        var reasonsTag = new Asn1Tag(TagClass.ContextSpecific, 3);
        if (idp.HasData && idp.PeekTag().HasSameClassAndValue(reasonsTag))
            reasons = DistributionPoint.ReadReasons(idp, reasonsTag);
        var indirect = Flag(4);
        var onlyAttribute = Flag(5);
        idp.ThrowIfNotEmpty();
        // RFC 5280 5.2.5: at most one of the three "only" booleans, and never an empty extension.
        if ((onlyUser ? 1 : 0) + (onlyCa ? 1 : 0) + (onlyAttribute ? 1 : 0) > 1)
            defects.Add("the issuing distribution point asserts more than one of onlyContainsUserCerts, onlyContainsCACerts, onlyContainsAttributeCerts");
        if (name is null && !onlyUser && !onlyCa && !onlyAttribute && reasons is null && !indirect)
            defects.Add("the issuing distribution point is empty");
        return new IssuingDistributionPoint(name, onlyUser, onlyCa, onlyAttribute, reasons, indirect) { Der = der };
    }

    // CRLNumber ::= INTEGER (0..MAX), at most 20 octets (RFC 5280 5.2.3).
    private static BigInteger ReadCrlNumber(AsnReader reader)
    {
        var number = reader.ReadInteger();
        return number.Sign < 0 || number.GetByteCount() > 21 ? throw new AsnContentException("A CRL number out of range.") : number;
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
