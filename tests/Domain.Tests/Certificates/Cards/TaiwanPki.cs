using System.Security.Cryptography;
using Domain.Certificates;
using Domain.Certificates.Cards;
using LimboHarness.Cases;
using Microsoft.Extensions.Time.Testing;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;

namespace Domain.Tests.Certificates.Cards;

/// <summary>The generated test PKI with the Taiwan trust configuration, pinned at the PKI's reference "now".</summary>
public sealed class TaiwanPki
{
    public const string Origin = "http://localhost:5080";

    public TaiwanPki()
    {
        Pki = TestPkiCache.Get();
        Trust = TaiwanTrust.From(Pki);
        Crls = TaiwanTrust.LoadCrls(Pki);
        Clock = new FakeTimeProvider(Pki.ReferenceInstants.Now);
    }

    public PkiManifest Pki { get; }

    public TrustConfiguration Trust { get; }

    public CrlStore Crls { get; }

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Pki.ReferenceInstants.Now;

    public CardCertificateValidator Validator(RevocationOptions? revocation = null, OcspClient? ocsp = null, TrustConfiguration? trust = null, CrlStore? crls = null) =>
        new(trust ?? Trust, crls ?? Crls, ocsp, revocation ?? new RevocationOptions { Mode = RevocationMode.CrlOnly }, Clock);

    public byte[] Der(string leaf) => Pki.Leaf(leaf).CertificateDer();

    /// <summary>A token as the agent makes it: the leaf's key signs H(origin) ‖ H(challenge).</summary>
    public string Token(string leaf, string challenge, string algorithm = "", string origin = Origin)
    {
        var entry = Pki.Leaf(leaf);
        using var key = TaiwanTrust.LeafKey(entry);
        return SignToken(entry.CertificateDer(), key, challenge, algorithm, origin);
    }

    public static string SignToken(byte[] certificate, AsymmetricAlgorithm key, string challenge, string algorithm = "", string origin = Origin)
    {
        if (algorithm.Length == 0)
            algorithm = key is RSA ? "RS256" : key.KeySize == 384 ? "ES384" : "ES256";
        var hash = algorithm == "ES384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var value = CardTokenVerifier.SignedValue(hash, origin, challenge);
        var signature = (algorithm, key) switch
        {
            ("PS256", RSA rsa) => rsa.SignData(value, hash, RSASignaturePadding.Pss),
            (_, RSA rsa) => rsa.SignData(value, hash, RSASignaturePadding.Pkcs1),
            (_, ECDsa ecdsa) => ecdsa.SignData(value, hash),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        return TokenJson(certificate, signature, algorithm);
    }

    public static string TokenJson(byte[] certificate, byte[] signature, string algorithm) => new CardToken(certificate, signature, algorithm).ToJson();
}
