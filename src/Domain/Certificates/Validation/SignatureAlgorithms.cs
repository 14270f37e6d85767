using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Domain.Certificates.Validation;

/// <summary>The signature schemes we accept, as read from an AlgorithmIdentifier.</summary>
public enum SignatureScheme
{
    RsaPkcs1,
    RsaPss,
    Ecdsa,
    Ed25519,
    Ed448,
}

/// <summary>A parsed signature AlgorithmIdentifier: scheme and hash (none for EdDSA).</summary>
public readonly record struct SignatureAlgorithm(SignatureScheme Scheme, HashAlgorithmName Hash);

/// <summary>Imports subject public keys into the platform's crypto (BouncyCastle for EdDSA, which the BCL lacks).</summary>
internal static class PublicKeys
{
    public const int MinimumRsaBits = 1024;

    /// <summary>How many imported keys are kept; past that the cache starts over (a card signs in again at most a few times a day).</summary>
    private const int CachedKeys = 20_000;

    // Importing a key into OpenSSL costs several signature verifications, so a card seen before reuses
    // its imported key. Public keys are immutable and verification on them is thread-safe.
    private static readonly ConcurrentDictionary<string, object?> Cache = new(StringComparer.Ordinal);

    /// <summary>The key object (imported once per distinct key), or null when its algorithm or size is not one we accept.</summary>
    public static object? Import(PkixCertificate certificate)
    {
        var cacheKey = Convert.ToBase64String(certificate.SubjectPublicKeyInfo.Span);
        if (Cache.TryGetValue(cacheKey, out var cached))
            return cached;
        if (Cache.Count >= CachedKeys)
            Cache.Clear();
        return Cache.GetOrAdd(cacheKey, _ => ImportUncached(certificate));
    }

    private static object? ImportUncached(PkixCertificate certificate)
    {
        try
        {
            // RFC 3279 / RFC 5480: rsaEncryption carries NULL parameters, id-ecPublicKey a named curve,
            // EdDSA none. Explicit curve parameters are refused: a curve we did not choose is not P-256.
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
                case Oids.EcPublicKey when namedCurve is Oids.P256 or Oids.P384 or Oids.P521:
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo.Span, out _);
                    return ecdsa.KeySize is 256 or 384 or 521 ? ecdsa : null;
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
    // and a leaf key is imported on every card-token verification.
    private static RSA? ImportRsa(byte[] rsaPublicKey)
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
        var rsa = new SizedRsa(bits);
        rsa.ImportParameters(new RSAParameters { Modulus = modulus.ToArray(), Exponent = exponent.ToArray() });
        return rsa;
    }

    /// <summary>An RSA public key that remembers its modulus size.</summary>
    private sealed class SizedRsa(int modulusBits) : RSA
    {
        private readonly RSA _inner = RSA.Create();

        public int ModulusBits { get; } = modulusBits;

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

/// <summary>Verifies X.509 signatures (certificates, CRLs, OCSP responses) with the key of the signer.</summary>
internal static class SignatureVerifier
{
    /// <summary>Reads an AlgorithmIdentifier; null for algorithms we refuse (MD5, SHA-1, DSA, unknown, odd parameters).</summary>
    public static SignatureAlgorithm? ReadAlgorithm(ReadOnlyMemory<byte> algorithmIdentifier)
    {
        try
        {
            var sequence = new AsnReader(algorithmIdentifier, AsnEncodingRules.DER).ReadSequence();
            var oid = sequence.ReadObjectIdentifier();
            var hasNullParameters = sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Null);
            SignatureAlgorithm? Rsa(HashAlgorithmName hash)
            {
                // RFC 4055: the parameters are NULL; absent ones are tolerated as many encoders omit them.
                if (hasNullParameters) sequence.ReadNull();
                return sequence.HasData ? null : new SignatureAlgorithm(SignatureScheme.RsaPkcs1, hash);
            }

            SignatureAlgorithm? WithoutParameters(SignatureScheme scheme, HashAlgorithmName hash) =>
                sequence.HasData ? null : new SignatureAlgorithm(scheme, hash);

            return oid switch
            {
                "1.2.840.113549.1.1.11" => Rsa(HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => Rsa(HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => Rsa(HashAlgorithmName.SHA512),
                Oids.RsaPss => ReadPss(sequence),
                "1.2.840.10045.4.3.2" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => WithoutParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA512),
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

    /// <summary>True when the signature verifies; false for a bad signature or a key that does not fit the scheme.</summary>
    public static bool Verify(object? key, SignatureAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (algorithm.Scheme, key)
            {
                case (SignatureScheme.RsaPkcs1, RSA rsa):
                    return rsa.VerifyData(data, signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
                case (SignatureScheme.RsaPss, RSA rsa):
                    return rsa.VerifyData(data, signature, algorithm.Hash, RSASignaturePadding.Pss);
                case (SignatureScheme.Ecdsa, ECDsa ecdsa):
                    return ecdsa.VerifyData(data, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
                case (SignatureScheme.Ed25519, Ed25519PublicKeyParameters ed25519):
                    var signer = new Ed25519Signer();
                    signer.Init(false, ed25519);
                    signer.BlockUpdate(data);
                    return signer.VerifySignature(signature.ToArray());
                case (SignatureScheme.Ed448, Ed448PublicKeyParameters ed448):
                    var signer448 = new Ed448Signer([]);
                    signer448.Init(false, ed448);
                    signer448.BlockUpdate(data);
                    return signer448.VerifySignature(signature.ToArray());
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when the key can be used with the scheme at all (to tell "wrong algorithm" from "bad signature").</summary>
    public static bool KeyFits(object? key, SignatureAlgorithm algorithm) => (algorithm.Scheme, key) switch
    {
        (SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss, RSA) => true,
        (SignatureScheme.Ecdsa, ECDsa) => true,
        (SignatureScheme.Ed25519, Ed25519PublicKeyParameters) => true,
        (SignatureScheme.Ed448, Ed448PublicKeyParameters) => true,
        _ => false,
    };

    // RSASSA-PSS parameters (RFC 4055): we accept what the platform verifies: MGF1 with the same hash, salt = hash length.
    private static SignatureAlgorithm? ReadPss(AsnReader sequence)
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
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(saltTag))
            salt = parameters.ReadSequence(saltTag).TryReadInt32(out var s) ? s : -1;
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(trailerTag))
        {
            if (!parameters.ReadSequence(trailerTag).TryReadInt32(out var trailer) || trailer != 1)
                return null;
        }

        parameters.ThrowIfNotEmpty();
        (HashAlgorithmName Hash, int Length)? hash = hashOid switch
        {
            Oids.Sha256 => (HashAlgorithmName.SHA256, 32),
            Oids.Sha384 => (HashAlgorithmName.SHA384, 48),
            Oids.Sha512 => (HashAlgorithmName.SHA512, 64),
            _ => null,
        };
        if (hash is null || mgfHashOid != hashOid || salt != hash.Value.Length)
            return null;
        return new SignatureAlgorithm(SignatureScheme.RsaPss, hash.Value.Hash);
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
