using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Pkix.Revocation;
using Pkix.Validation;
using TestPki;

namespace LimboHarness.Cases;

/// <summary>
/// The Taiwan trust configuration over a generated test PKI: GRCA G2 and G3 as the anchors of both
/// kinds, GCA/XCA/MOEACA/HCA as organisation issuers, MOICA g2/g3 as citizen issuers, the test root
/// and 政府測試憑證管理中心 on the deny-list. Shared by tests, the bench and the Taiwan Limbo cases.
/// </summary>
public static class TaiwanTrust
{
    public static readonly string[] OrganisationIssuers = ["gca", "xca", "moeaca", "hca"];
    public static readonly string[] CitizenIssuers = ["moica-g2", "moica-g3"];

    /// <summary>GRCA's current generations, the anchors of both kinds (MOICA g3 chains to G3, every other issuing CA to G2).</summary>
    public static readonly string[] Anchors = ["grca-g2", "grca-g3"];

    public static PkixCertificate Ca(PkiManifest pki, string name)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return PkixCertificate.FromPemOrDer(pki.Ca(name).CertificateDer());
    }

    public static TrustConfiguration From(PkiManifest pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var anchors = Anchors.Select(name => Ca(pki, name)).ToList();
        return new TrustConfiguration
        {
            Kinds = new Dictionary<CertificateKind, KindTrust>
            {
                [CertificateKind.Organisation] = new(anchors, OrganisationIssuers.Select(n => Ca(pki, n)).ToList()),
                [CertificateKind.Citizen] = new(anchors, CitizenIssuers.Select(n => Ca(pki, n)).ToList()),
            },
            DeniedKeyIds = pki.Cas.Where(c => c.Trust == CaTrust.Test).Select(c => c.SubjectKeyId).ToHashSet(),
        };
    }

    /// <summary>Every issuing CA's CRL, verified and indexed; with <paramref name="large"/> MOICA g2's 400,000-entry CRL replaces its small one.</summary>
    public static CrlStore LoadCrls(PkiManifest pki, bool large = false)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var store = new CrlStore();
        foreach (var crl in pki.Crls.Where(c => large || c.Name != "moica-large"))
        {
            var load = CrlIndex.Load(File.ReadAllBytes(crl.Path), Ca(pki, crl.Issuer));
            store.Add(load.Index ?? throw new InvalidDataException($"The test PKI's CRL {crl.Name} does not load: {load.Failure}"));
        }

        return store;
    }

    public static PkixCertificate Leaf(PkiManifest pki, string name)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return PkixCertificate.FromPemOrDer(pki.Leaf(name).CertificateDer());
    }

    /// <summary>A CA of the test PKI with its private key, to issue extra test certificates under it.</summary>
    public static TestCertificate CaWithKey(PkiManifest pki, string name)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var ca = pki.Ca(name);
        var certificate = X509Certificate2.CreateFromPemFile(ca.CertificatePath, ca.KeyPath);
        return new TestCertificate(certificate, certificate.GetRSAPrivateKey() ?? throw new InvalidDataException($"{name} has no RSA key."));
    }

    /// <summary>The leaf's private key (RSA or ECDsa), as the card holds it.</summary>
    public static AsymmetricAlgorithm LeafKey(LeafEntry leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var pem = File.ReadAllText(leaf.KeyPath);
        if (leaf.KeyAlgorithm.StartsWith("EC", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec;
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }
}
