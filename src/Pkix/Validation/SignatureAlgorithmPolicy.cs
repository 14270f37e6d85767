using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Pkix.Validation;

/// <summary>
/// Which signature algorithms and keys a validation accepts, for certificates and CRLs alike. An
/// explicit input of path validation: relying parties use <see cref="Strong"/>, conformance runs
/// (Limbo, PKITS-style cases) use <see cref="Rfc5280"/>, narrowed by what a case allows.
/// </summary>
public sealed class SignatureAlgorithmPolicy
{
    private static readonly HashAlgorithmName[] Sha1To512 =
        [HashAlgorithmName.SHA1, SignatureAlgorithm.Sha224, HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512];

    private static readonly HashAlgorithmName[] Sha256To512 = [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512];

    private readonly HashSet<SignatureAlgorithm> _allowed;

    private SignatureAlgorithmPolicy(string name, IEnumerable<SignatureAlgorithm> allowed, bool standardPssOnly, IReadOnlySet<int> ecKeySizes)
    {
        Name = name;
        _allowed = [.. allowed];
        StandardPssOnly = standardPssOnly;
        EcKeySizes = ecKeySizes;
    }

    /// <summary>
    /// What RFC 5280 (with RFC 3279, 4055, 5758, 8410) lets a relying party accept: RSA PKCS#1 v1.5, RSASSA-PSS
    /// (any RFC 4055 parameters over SHA-1…SHA-512), ECDSA on the NIST curves, DSA with SHA-1/224/256 and
    /// EdDSA, each with SHA-1 to SHA-512. MD5 and unknown algorithms are refused.
    /// </summary>
    public static SignatureAlgorithmPolicy Rfc5280 { get; } = new(
        "RFC 5280",
        [
            .. Sha1To512.Select(h => new SignatureAlgorithm(SignatureScheme.RsaPkcs1, h)),
            .. Sha1To512.Select(h => new SignatureAlgorithm(SignatureScheme.RsaPss, h)),
            .. Sha1To512.Select(h => new SignatureAlgorithm(SignatureScheme.Ecdsa, h)),
            .. Sha1To512.Take(3).Select(h => new SignatureAlgorithm(SignatureScheme.Dsa, h)),
            new SignatureAlgorithm(SignatureScheme.Ed25519, default),
            new SignatureAlgorithm(SignatureScheme.Ed448, default),
        ],
        standardPssOnly: false,
        new HashSet<int> { 224, 256, 384, 521 });

    /// <summary>
    /// SHA-256 or stronger only — RSA PKCS#1 v1.5, RSASSA-PSS with MGF1
    /// over the same hash and a salt as long as the hash, ECDSA on P-256/P-384/P-521, Ed25519, Ed448. No SHA-1,
    /// no SHA-224, no DSA.
    /// </summary>
    public static SignatureAlgorithmPolicy Strong { get; } = new(
        "SHA-256 and stronger",
        [
            .. Sha256To512.Select(h => new SignatureAlgorithm(SignatureScheme.RsaPkcs1, h)),
            .. Sha256To512.Select(h => new SignatureAlgorithm(SignatureScheme.RsaPss, h)),
            .. Sha256To512.Select(h => new SignatureAlgorithm(SignatureScheme.Ecdsa, h)),
            new SignatureAlgorithm(SignatureScheme.Ed25519, default),
            new SignatureAlgorithm(SignatureScheme.Ed448, default),
        ],
        standardPssOnly: true,
        new HashSet<int> { 256, 384, 521 });

    public string Name { get; }

    public IReadOnlySet<SignatureAlgorithm> Allowed => _allowed;

    /// <summary>RSASSA-PSS only with MGF1 over the signature's hash and a salt as long as that hash.</summary>
    public bool StandardPssOnly { get; }

    /// <summary>ECDSA key sizes (named curves) accepted.</summary>
    public IReadOnlySet<int> EcKeySizes { get; }

    /// <summary>This policy restricted to <paramref name="algorithms"/> (what a Limbo case's <c>signature_algorithms</c> allows).</summary>
    public SignatureAlgorithmPolicy Narrow(IEnumerable<SignatureAlgorithm> algorithms)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        return new SignatureAlgorithmPolicy($"{Name}, narrowed", _allowed.Intersect(algorithms), StandardPssOnly, EcKeySizes);
    }

    public bool Allows(SignatureAlgorithm algorithm) => _allowed.Contains(algorithm);

    /// <summary>Null when a signature made with <paramref name="identifier"/> by <paramref name="key"/> is acceptable; otherwise why not.</summary>
    internal CertificateFailure? Check(SignatureAlgorithmIdentifier? identifier, object? key, string signed)
    {
        static CertificateFailure Refuse(string detail) => new(CertificateFailureCode.UnsupportedAlgorithm, detail);
        if (identifier is null)
            return Refuse($"the signature algorithm of {signed} is unknown or malformed");
        if (!_allowed.Contains(identifier.Algorithm))
            return Refuse($"{signed} is signed with {identifier}, which the {Name} policy does not accept");
        if (StandardPssOnly && identifier.Algorithm.Scheme == SignatureScheme.RsaPss && !identifier.IsStandardPss)
            return Refuse($"{signed} is signed with {identifier}; the {Name} policy takes PSS only with MGF1 over the same hash and a salt of the hash's length");
        if (key is DsaKeyWithoutParameters)
            return Refuse($"the DSA key that signed {signed} has no parameters and none could be inherited from its issuer");
        if (!SignatureVerifier.KeyFits(key, identifier.Algorithm.Scheme))
            return Refuse($"{signed} is signed with {identifier}, which the signer's key cannot verify");
        return key switch
        {
            ECDsa ecdsa when !EcKeySizes.Contains(ecdsa.KeySize) => Refuse($"the {Name} policy does not accept a {ecdsa.KeySize}-bit EC key"),
            DsaPublicKeyParameters dsa when dsa.Parameters.P.BitLength < PublicKeys.MinimumRsaBits => Refuse("a DSA key shorter than 1024 bits"),
            _ => null,
        };
    }

    public override string ToString() => Name;
}
