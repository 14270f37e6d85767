using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>The key algorithms of the PKITS-style hierarchy.</summary>
public enum KeyKind
{
    Rsa,
    Ec,
    Dsa,
    Ed25519,
}

/// <summary>Signature algorithms the generator can sign with (including ones a policy must refuse).</summary>
public enum SignatureKind
{
    /// <summary>The natural algorithm for the signer's key: RSA/ECDSA with SHA-256, DSA with SHA-1 (as PKITS), Ed25519.</summary>
    Default,
    RsaMd5,
    RsaSha1,
    RsaSha256,
    RsaPssSha256,

    /// <summary>RSASSA-PSS with SHA-256 and a 20-octet salt: legal RFC 4055 parameters the platform's PSS does not use.</summary>
    RsaPssSha256Salt20,
    EcdsaSha1,
    EcdsaSha256,
    DsaSha1,
    DsaSha256,
    Ed25519,
}

/// <summary>Randomness that is a pure function of a purpose string, so the generated suite is the same on every run.</summary>
internal static class DeterministicRandom
{
    public static SecureRandom For(string purpose)
    {
        var generator = new DigestRandomGenerator(new Sha256Digest());
        generator.AddSeedMaterial(Encoding.UTF8.GetBytes("evs-pkits-style|" + purpose));
        return new SecureRandom(generator);
    }
}

/// <summary>A generated key pair with its SubjectPublicKeyInfo and key identifier (RFC 5280 method 1).</summary>
public sealed class PkitsKey
{
    private static DsaParameters? _dsaParameters;

    private PkitsKey(KeyKind kind, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, bool omitDsaParameters)
    {
        Kind = kind;
        Private = privateKey;
        Public = publicKey;
        OmitsDsaParameters = omitDsaParameters;
        Spki = omitDsaParameters ? BareDsaSpki((DsaPublicKeyParameters)publicKey) : SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();
        var spki = new AsnReader(Spki, AsnEncodingRules.DER).ReadSequence();
        spki.ReadSequence();
        KeyId = SHA1.HashData(spki.ReadBitString(out _));
    }

    public KeyKind Kind { get; }
    public AsymmetricKeyParameter Private { get; }
    public AsymmetricKeyParameter Public { get; }

    /// <summary>A DSA key published without its parameters (they are inherited from the issuer).</summary>
    public bool OmitsDsaParameters { get; }

    public byte[] Spki { get; }
    public byte[] KeyId { get; }

    /// <summary>A key that depends only on <paramref name="owner"/>: RSA-2048, EC P-256, DSA-1024/160 (PKITS's size) or Ed25519.</summary>
    public static PkitsKey Generate(KeyKind kind, string owner)
    {
        var random = DeterministicRandom.For("key|" + owner);
        AsymmetricCipherKeyPair pair;
        switch (kind)
        {
            case KeyKind.Rsa:
                var rsa = new RsaKeyPairGenerator();
                rsa.Init(new RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.ValueOf(65537), random, 2048, 100));
                pair = rsa.GenerateKeyPair();
                break;
            case KeyKind.Ec:
                var ec = new ECKeyPairGenerator("EC");
                ec.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
                pair = ec.GenerateKeyPair();
                break;
            case KeyKind.Dsa:
                var dsa = new DsaKeyPairGenerator();
                dsa.Init(new DsaKeyGenerationParameters(random, DsaParameters()));
                pair = dsa.GenerateKeyPair();
                break;
            case KeyKind.Ed25519:
                var ed = new Ed25519KeyPairGenerator();
                ed.Init(new Ed25519KeyGenerationParameters(random));
                pair = ed.GenerateKeyPair();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return new PkitsKey(kind, pair.Private, pair.Public, omitDsaParameters: false);
    }

    /// <summary>The same DSA key, published without its domain parameters.</summary>
    public PkitsKey WithoutDsaParameters() =>
        Kind == KeyKind.Dsa ? new PkitsKey(Kind, Private, Public, omitDsaParameters: true) : throw new InvalidOperationException("Only DSA keys have parameters to omit.");

    /// <summary>Signs <paramref name="data"/>; returns the AlgorithmIdentifier (DER) and the signature value.</summary>
    public (byte[] Algorithm, byte[] Signature) Sign(SignatureKind kind, byte[] data, string purpose)
    {
        if (kind == SignatureKind.Default)
        {
            kind = Kind switch
            {
                KeyKind.Rsa => SignatureKind.RsaSha256,
                KeyKind.Ec => SignatureKind.EcdsaSha256,
                KeyKind.Dsa => SignatureKind.DsaSha1,
                _ => SignatureKind.Ed25519,
            };
        }

        ISigner signer = kind switch
        {
            SignatureKind.RsaMd5 => new RsaDigestSigner(new MD5Digest()),
            SignatureKind.RsaSha1 => new RsaDigestSigner(new Sha1Digest()),
            SignatureKind.RsaSha256 => new RsaDigestSigner(new Sha256Digest()),
            SignatureKind.RsaPssSha256 => new PssSigner(new RsaBlindedEngine(), new Sha256Digest(), 32),
            SignatureKind.RsaPssSha256Salt20 => new PssSigner(new RsaBlindedEngine(), new Sha256Digest(), 20),
            // RFC 6979 nonces: the same input signs to the same bytes.
            SignatureKind.EcdsaSha1 => new DsaDigestSigner(new ECDsaSigner(new HMacDsaKCalculator(new Sha1Digest())), new Sha1Digest()),
            SignatureKind.EcdsaSha256 => new DsaDigestSigner(new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest())), new Sha256Digest()),
            SignatureKind.DsaSha1 => new DsaDigestSigner(new DsaSigner(new HMacDsaKCalculator(new Sha1Digest())), new Sha1Digest()),
            SignatureKind.DsaSha256 => new DsaDigestSigner(new DsaSigner(new HMacDsaKCalculator(new Sha256Digest())), new Sha256Digest()),
            SignatureKind.Ed25519 => new Ed25519Signer(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var pss = kind is SignatureKind.RsaPssSha256 or SignatureKind.RsaPssSha256Salt20;
        signer.Init(true, pss ? new ParametersWithRandom(Private, DeterministicRandom.For("pss|" + purpose)) : Private);
        signer.BlockUpdate(data, 0, data.Length);
        return (AlgorithmIdentifier(kind), signer.GenerateSignature());
    }

    private static byte[] AlgorithmIdentifier(SignatureKind kind)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            switch (kind)
            {
                case SignatureKind.RsaMd5: writer.WriteObjectIdentifier("1.2.840.113549.1.1.4"); writer.WriteNull(); break;
                case SignatureKind.RsaSha1: writer.WriteObjectIdentifier("1.2.840.113549.1.1.5"); writer.WriteNull(); break;
                case SignatureKind.RsaSha256: writer.WriteObjectIdentifier("1.2.840.113549.1.1.11"); writer.WriteNull(); break;
                case SignatureKind.RsaPssSha256 or SignatureKind.RsaPssSha256Salt20:
                    writer.WriteObjectIdentifier("1.2.840.113549.1.1.10");
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                            WriteSha256(writer);
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier("1.2.840.113549.1.1.8");
                            WriteSha256(writer);
                        }

                        // 20 is the DEFAULT and so is left out, as DER requires.
                        if (kind == SignatureKind.RsaPssSha256)
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true)))
                                writer.WriteInteger(32);
                        }
                    }

                    break;
                case SignatureKind.EcdsaSha1: writer.WriteObjectIdentifier("1.2.840.10045.4.1"); break;
                case SignatureKind.EcdsaSha256: writer.WriteObjectIdentifier("1.2.840.10045.4.3.2"); break;
                case SignatureKind.DsaSha1: writer.WriteObjectIdentifier("1.2.840.10040.4.3"); break;
                case SignatureKind.DsaSha256: writer.WriteObjectIdentifier("2.16.840.1.101.3.4.3.2"); break;
                case SignatureKind.Ed25519: writer.WriteObjectIdentifier("1.3.101.112"); break;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }

        return writer.Encode();
    }

    private static void WriteSha256(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1");
            writer.WriteNull();
        }
    }

    // One DSA domain (1024/160, as PKITS used) for every DSA key: parameter generation is the slow part.
    private static DsaParameters DsaParameters()
    {
        if (_dsaParameters is null)
        {
            var generator = new DsaParametersGenerator();
            generator.Init(1024, 80, DeterministicRandom.For("dsa-parameters"));
            _dsaParameters = generator.GenerateParameters();
        }

        return _dsaParameters;
    }

    // SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { id-dsa } (no Dss-Parms), BIT STRING { INTEGER y } }
    private static byte[] BareDsaSpki(DsaPublicKeyParameters key)
    {
        var y = new AsnWriter(AsnEncodingRules.DER);
        y.WriteInteger(key.Y.ToByteArray());
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
                writer.WriteObjectIdentifier("1.2.840.10040.4.1");
            writer.WriteBitString(y.Encode());
        }

        return writer.Encode();
    }
}
