using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Pkix.Validation;

/// <summary>The signature schemes we can read from an AlgorithmIdentifier; which of them are accepted is a <see cref="SignatureAlgorithmPolicy"/>'s choice.</summary>
public enum SignatureScheme
{
    RsaPkcs1,
    RsaPss,
    Ecdsa,
    Ed25519,
    Ed448,
    Dsa,
}

/// <summary>A signature algorithm as a policy names it: scheme and hash (none for EdDSA).</summary>
public readonly record struct SignatureAlgorithm(SignatureScheme Scheme, HashAlgorithmName Hash)
{
    /// <summary>SHA-224, which the BCL does not name (BouncyCastle computes it).</summary>
    public static readonly HashAlgorithmName Sha224 = new("SHA224");

    public override string ToString() => Scheme is SignatureScheme.Ed25519 or SignatureScheme.Ed448 ? Scheme.ToString() : $"{Scheme} with {Hash.Name}";
}

/// <summary>
/// A signature AlgorithmIdentifier as read: the algorithm and, for RSASSA-PSS, its parameters
/// (RFC 4055: MGF1 hash and salt length; the trailer field is always 1).
/// </summary>
internal sealed record SignatureAlgorithmIdentifier(SignatureAlgorithm Algorithm, string Oid)
{
    public HashAlgorithmName PssMgfHash { get; init; }

    public int PssSaltLength { get; init; }

    /// <summary>PSS with MGF1 over the same hash and a salt as long as the hash: what the platform verifies.</summary>
    public bool IsStandardPss => Algorithm.Scheme == SignatureScheme.RsaPss && PssMgfHash == Algorithm.Hash && PssSaltLength == Hashes.Length(Algorithm.Hash);

    public override string ToString() => Algorithm.Scheme == SignatureScheme.RsaPss
        ? $"RSASSA-PSS ({Algorithm.Hash.Name}, MGF1 {PssMgfHash.Name}, salt {PssSaltLength})"
        : Algorithm.ToString();
}

/// <summary>A DSA subject public key whose parameters were omitted: they come from the issuer (RFC 5280 §6.1.4 d–f).</summary>
internal sealed record DsaKeyWithoutParameters(BcBigInteger Y);

/// <summary>Hash names, lengths and BouncyCastle digests, in one place.</summary>
internal static class Hashes
{
    public static int Length(HashAlgorithmName hash) => hash.Name switch
    {
        "MD5" => 16,
        "SHA1" => 20,
        "SHA224" => 28,
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        _ => 0,
    };

    public static HashAlgorithmName? FromOid(string oid) => oid switch
    {
        Oids.Sha1 => HashAlgorithmName.SHA1,
        Oids.Sha224 => SignatureAlgorithm.Sha224,
        Oids.Sha256 => HashAlgorithmName.SHA256,
        Oids.Sha384 => HashAlgorithmName.SHA384,
        Oids.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static IDigest Digest(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA1" => new Sha1Digest(),
        "SHA224" => new Sha224Digest(),
        "SHA256" => new Sha256Digest(),
        "SHA384" => new Sha384Digest(),
        "SHA512" => new Sha512Digest(),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "No digest for this hash."),
    };

    /// <summary>The hashes the BCL computes and signs with (it has no SHA-224).</summary>
    public static bool PlatformHas(HashAlgorithmName hash) => hash.Name is "SHA1" or "SHA256" or "SHA384" or "SHA512";
}

/// <summary>Imports subject public keys once (the BCL for RSA and ECDSA, BouncyCastle for DSA and EdDSA, which the BCL lacks or verifies slowly).</summary>
internal static class PublicKeys
{
    public const int MinimumRsaBits = 1024;

    /// <summary>How many imported keys are kept; past that the cache starts over (a holder's key comes back a few times a day at most).</summary>
    private const int CachedKeys = 20_000;

    // Importing a key into OpenSSL costs several signature verifications, so a key seen before reuses
    // its imported key. Public keys are immutable and verification on them is thread-safe.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object?> Cache = new(StringComparer.Ordinal);

    /// <summary>The key object (imported once per distinct key), or null when its algorithm or size is not one we read.</summary>
    public static object? Import(PkixCertificate certificate)
    {
        var cacheKey = Convert.ToBase64String(certificate.SubjectPublicKeyInfo.Span);
        if (Cache.TryGetValue(cacheKey, out var cached))
            return cached;
        if (Cache.Count >= CachedKeys)
            Cache.Clear();
        return Cache.GetOrAdd(cacheKey, _ => ImportUncached(certificate));
    }

    /// <summary>The key a DSA certificate without parameters certifies, completed with the parameters it inherits; null when none can be inherited.</summary>
    public static object? WithInheritedParameters(object? key, object? issuerWorkingKey)
    {
        if (key is not DsaKeyWithoutParameters bare)
            return key;
        try
        {
            return issuerWorkingKey is DsaPublicKeyParameters issuer ? new DsaPublicKeyParameters(bare.Y, issuer.Parameters) : null;
        }
        catch (ArgumentException)
        {
            // y is not in the issuer's group: no key at all.
            return null;
        }
    }

    private static object? ImportUncached(PkixCertificate certificate)
    {
        try
        {
            // RFC 3279 / RFC 5480: rsaEncryption carries NULL parameters, id-ecPublicKey a named curve,
            // DSA Dss-Parms or nothing (inherited), EdDSA none. Explicit curve parameters are refused:
            // a curve we did not choose is not P-256.
            var algorithm = new AsnReader(certificate.SubjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            algorithm.ThrowIfNotEmpty();
            var parametersAreNull = parameters.Span.SequenceEqual((ReadOnlySpan<byte>)[0x05, 0x00]);
            var namedCurve = parameters.Length > 0 && parameters.Span[0] == 0x06
                ? new AsnReader(parameters, AsnEncodingRules.DER).ReadObjectIdentifier()
                : null;
            switch (certificate.PublicKeyAlgorithmOid)
            {
                case Oids.RsaEncryption when parametersAreNull:
                    return ImportRsa(certificate.SubjectPublicKeyBits());
                case Oids.EcPublicKey when namedCurve is Oids.P224 or Oids.P256 or Oids.P384 or Oids.P521:
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo.Span, out _);
                    return ecdsa.KeySize is 224 or 256 or 384 or 521 ? ecdsa : null;
                case Oids.Dsa:
                    return ImportDsa(certificate.SubjectPublicKeyBits(), parameters);
                case Oids.Ed25519 when parameters.IsEmpty:
                    return new Ed25519PublicKeyParameters(certificate.SubjectPublicKeyBits());
                case Oids.Ed448 when parameters.IsEmpty:
                    return new Ed448PublicKeyParameters(certificate.SubjectPublicKeyBits());
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or AsnContentException)
        {
            return null;
        }
    }

    /// <summary>The modulus size in bits of an RSA key imported here (read from the key, not from OpenSSL, which is slow to ask).</summary>
    public static int RsaBits(RSA key) => key is SizedRsa sized ? sized.ModulusBits : key.KeySize;

    // Importing from RSAParameters costs a third of importing the SubjectPublicKeyInfo with OpenSSL 3,
    // and a new leaf key is imported on every validation.
    private static SizedRsa? ImportRsa(byte[] rsaPublicKey)
    {
        var sequence = new AsnReader(rsaPublicKey, AsnEncodingRules.DER).ReadSequence();
        var modulus = sequence.ReadIntegerBytes().Span;
        var exponent = sequence.ReadIntegerBytes().Span;
        sequence.ThrowIfNotEmpty();
        if (modulus.Length > 1 && modulus[0] == 0) modulus = modulus[1..];
        if (exponent.Length > 1 && exponent[0] == 0) exponent = exponent[1..];
        var bits = modulus.Length * 8 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]) + 24;
        if (bits < MinimumRsaBits || bits > 16384 || (modulus[^1] & 1) == 0)
            return null;
        var rsa = new SizedRsa(bits, modulus.ToArray(), exponent.ToArray());
        rsa.ImportParameters(new RSAParameters { Modulus = modulus.ToArray(), Exponent = exponent.ToArray() });
        return rsa;
    }

    // Dss-Parms ::= SEQUENCE { p, q, g }; the public key is an INTEGER y.
    private static object? ImportDsa(byte[] publicKey, ReadOnlyMemory<byte> parameters)
    {
        var y = new BcBigInteger(1, new AsnReader(publicKey, AsnEncodingRules.DER).ReadIntegerBytes().ToArray());
        if (parameters.IsEmpty)
            return new DsaKeyWithoutParameters(y);
        var dss = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
        var p = new BcBigInteger(1, dss.ReadIntegerBytes().ToArray());
        var q = new BcBigInteger(1, dss.ReadIntegerBytes().ToArray());
        var g = new BcBigInteger(1, dss.ReadIntegerBytes().ToArray());
        dss.ThrowIfNotEmpty();
        if (p.BitLength < MinimumRsaBits || q.BitLength < 160)
            return null;
        return new DsaPublicKeyParameters(y, new DsaParameters(p, q, g));
    }

    /// <summary>An RSA public key that remembers its modulus size and numbers (BouncyCastle verifies what the platform cannot: SHA-224, odd PSS parameters).</summary>
    internal sealed class SizedRsa(int modulusBits, byte[] modulus, byte[] exponent) : RSA
    {
        private readonly RSA _inner = RSA.Create();
        private RsaKeyParameters? _bouncyCastle;

        public int ModulusBits { get; } = modulusBits;

        public RsaKeyParameters BouncyCastle => _bouncyCastle ??= new RsaKeyParameters(false, new BcBigInteger(1, modulus), new BcBigInteger(1, exponent));

        public override RSAParameters ExportParameters(bool includePrivateParameters) => _inner.ExportParameters(includePrivateParameters);

        public override void ImportParameters(RSAParameters parameters) => _inner.ImportParameters(parameters);

        public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            _inner.VerifyHash(hash, signature, hashAlgorithm, padding);

        public override bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            _inner.VerifyHash(hash, signature, hashAlgorithm, padding);

        public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            throw new NotSupportedException("A certificate's public key cannot sign.");

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>Reads signature AlgorithmIdentifiers and verifies X.509 signatures (certificates, CRLs, OCSP responses) with the signer's key.</summary>
internal static class SignatureVerifier
{
    /// <summary>Reads an AlgorithmIdentifier; null for algorithms we cannot read at all (unknown OIDs, parameters where there must be none).</summary>
    public static SignatureAlgorithmIdentifier? ReadAlgorithm(ReadOnlyMemory<byte> algorithmIdentifier)
    {
        try
        {
            var sequence = new AsnReader(algorithmIdentifier, AsnEncodingRules.DER).ReadSequence();
            var oid = sequence.ReadObjectIdentifier();
            var hasNullParameters = sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Null);
            SignatureAlgorithmIdentifier? Rsa(HashAlgorithmName hash)
            {
                // RFC 4055: the parameters are NULL; absent ones are tolerated as many encoders omit them.
                if (hasNullParameters) sequence.ReadNull();
                return sequence.HasData ? null : new SignatureAlgorithmIdentifier(new SignatureAlgorithm(SignatureScheme.RsaPkcs1, hash), oid);
            }

            // RFC 5758 and RFC 3279: ECDSA and DSA signature identifiers carry no parameters.
            SignatureAlgorithmIdentifier? WithoutParameters(SignatureScheme scheme, HashAlgorithmName hash) =>
                sequence.HasData ? null : new SignatureAlgorithmIdentifier(new SignatureAlgorithm(scheme, hash), oid);

            return oid switch
            {
                "1.2.840.113549.1.1.4" => Rsa(HashAlgorithmName.MD5),
                "1.2.840.113549.1.1.5" => Rsa(HashAlgorithmName.SHA1),
                "1.2.840.113549.1.1.14" => Rsa(SignatureAlgorithm.Sha224),
                "1.2.840.113549.1.1.11" => Rsa(HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => Rsa(HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => Rsa(HashAlgorithmName.SHA512),
                Oids.RsaPss => ReadPss(sequence, oid),
                "1.2.840.10045.4.1" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA1),
                "1.2.840.10045.4.3.1" => WithoutParameters(SignatureScheme.Ecdsa, SignatureAlgorithm.Sha224),
                "1.2.840.10045.4.3.2" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA512),
                "1.2.840.10040.4.3" => WithoutParameters(SignatureScheme.Dsa, HashAlgorithmName.SHA1),
                "2.16.840.1.101.3.4.3.1" => WithoutParameters(SignatureScheme.Dsa, SignatureAlgorithm.Sha224),
                "2.16.840.1.101.3.4.3.2" => WithoutParameters(SignatureScheme.Dsa, HashAlgorithmName.SHA256),
                Oids.Ed25519 => WithoutParameters(SignatureScheme.Ed25519, default),
                Oids.Ed448 => WithoutParameters(SignatureScheme.Ed448, default),
                _ => null,
            };
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>True when the key can be used with the scheme at all (to tell "wrong algorithm" from "bad signature").</summary>
    public static bool KeyFits(object? key, SignatureScheme scheme) => (scheme, key) switch
    {
        (SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss, RSA) => true,
        (SignatureScheme.Ecdsa, ECDsa) => true,
        (SignatureScheme.Dsa, DsaPublicKeyParameters) => true,
        (SignatureScheme.Ed25519, Ed25519PublicKeyParameters) => true,
        (SignatureScheme.Ed448, Ed448PublicKeyParameters) => true,
        _ => false,
    };

    /// <summary>True when the signature verifies; false for a bad signature or a key that does not fit the scheme.</summary>
    public static bool Verify(object? key, SignatureAlgorithmIdentifier identifier, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var algorithm = identifier.Algorithm;
        try
        {
            switch (algorithm.Scheme, key)
            {
                case (SignatureScheme.RsaPkcs1, RSA rsa) when Hashes.PlatformHas(algorithm.Hash):
                    return rsa.VerifyData(data, signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
                case (SignatureScheme.RsaPkcs1, PublicKeys.SizedRsa rsa):
                    return WithBouncyCastle(new RsaDigestSigner(Hashes.Digest(algorithm.Hash)), rsa.BouncyCastle, data, signature);
                case (SignatureScheme.RsaPss, RSA rsa) when identifier.IsStandardPss && Hashes.PlatformHas(algorithm.Hash):
                    return rsa.VerifyData(data, signature, algorithm.Hash, RSASignaturePadding.Pss);
                case (SignatureScheme.RsaPss, PublicKeys.SizedRsa rsa):
                    var pss = new PssSigner(new RsaBlindedEngine(), Hashes.Digest(algorithm.Hash), Hashes.Digest(identifier.PssMgfHash), identifier.PssSaltLength);
                    return WithBouncyCastle(pss, rsa.BouncyCastle, data, signature);
                case (SignatureScheme.Ecdsa, ECDsa ecdsa) when Hashes.PlatformHas(algorithm.Hash):
                    return ecdsa.VerifyData(data, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
                case (SignatureScheme.Ecdsa, ECDsa ecdsa):
                    // The platform cannot hash SHA-224 but verifies a given digest (truncated to the curve as FIPS 186 says).
                    var digest = Hashes.Digest(algorithm.Hash);
                    digest.BlockUpdate(data);
                    var hash = new byte[digest.GetDigestSize()];
                    digest.DoFinal(hash);
                    return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence);
                case (SignatureScheme.Dsa, DsaPublicKeyParameters dsa):
                    return WithBouncyCastle(new DsaDigestSigner(new DsaSigner(), Hashes.Digest(algorithm.Hash)), dsa, data, signature);
                case (SignatureScheme.Ed25519, Ed25519PublicKeyParameters ed25519):
                    return WithBouncyCastle(new Ed25519Signer(), ed25519, data, signature);
                case (SignatureScheme.Ed448, Ed448PublicKeyParameters ed448):
                    return WithBouncyCastle(new Ed448Signer([]), ed448, data, signature);
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or CryptoException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool WithBouncyCastle(ISigner signer, ICipherParameters key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        signer.Init(false, key);
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature.ToArray());
    }

    // RSASSA-PSS-params (RFC 4055): hashAlgorithm [0] (SHA-1), maskGenAlgorithm [1] (MGF1 with SHA-1),
    // saltLength [2] (20), trailerField [3] (1, the only value defined).
    private static SignatureAlgorithmIdentifier? ReadPss(AsnReader sequence, string oid)
    {
        var parameters = sequence.ReadSequence();
        sequence.ThrowIfNotEmpty();
        string hashOid = Oids.Sha1, mgfHashOid = Oids.Sha1;
        var salt = 20;
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        var mgfTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
        var saltTag = new Asn1Tag(TagClass.ContextSpecific, 2, true);
        var trailerTag = new Asn1Tag(TagClass.ContextSpecific, 3, true);
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(hashTag))
            hashOid = ReadHashIdentifier(parameters.ReadSequence(hashTag).ReadSequence());
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(mgfTag))
        {
            var mgf = parameters.ReadSequence(mgfTag).ReadSequence();
            if (mgf.ReadObjectIdentifier() != Oids.Mgf1)
                return null;
            mgfHashOid = ReadHashIdentifier(mgf.ReadSequence());
            mgf.ThrowIfNotEmpty();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(saltTag))
        {
            var saltReader = parameters.ReadSequence(saltTag);
            if (!saltReader.TryReadInt32(out salt) || salt < 0 || salt > 1024)
                return null;
            saltReader.ThrowIfNotEmpty();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(trailerTag))
        {
            if (!parameters.ReadSequence(trailerTag).TryReadInt32(out var trailer) || trailer != 1)
                return null;
        }

        parameters.ThrowIfNotEmpty();
        if (Hashes.FromOid(hashOid) is not { } hash || Hashes.FromOid(mgfHashOid) is not { } mgfHash)
            return null;
        return new SignatureAlgorithmIdentifier(new SignatureAlgorithm(SignatureScheme.RsaPss, hash), oid) { PssMgfHash = mgfHash, PssSaltLength = salt };
    }

    private static string ReadHashIdentifier(AsnReader identifier)
    {
        var oid = identifier.ReadObjectIdentifier();
        if (identifier.HasData)
            identifier.ReadNull();
        identifier.ThrowIfNotEmpty();
        return oid;
    }
}
