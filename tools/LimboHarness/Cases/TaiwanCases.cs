using System.Security.Cryptography.X509Certificates;
using Domain.Certificates;
using Pkix.Validation;
using TestPki;

namespace LimboHarness.Cases;

/// <summary>
/// The Taiwan rules as Limbo cases over the generated test PKI: anchors per kind (the issuing CAs of
/// the other kind are simply not offered), MOICA generations told apart by key identifier, the
/// impostor MOICA, the test hierarchy left untrusted, validity, key usage and the issuing CAs' CRLs.
/// </summary>
public static class TaiwanCases
{
    public static LimboSuite Build(PkiManifest pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var cases = new List<LimboTestcase>();
        string CaPem(string name) => File.ReadAllText(pki.Ca(name).CertificatePath);
        string CrlPem(string issuer) => Pem.Encode(File.ReadAllBytes(pki.Crls.Single(c => c.Name == issuer).Path), "X509 CRL");
        var citizenIssuers = TaiwanTrust.CitizenIssuers.Select(CaPem).ToList();
        var organisationIssuers = TaiwanTrust.OrganisationIssuers.Select(CaPem).ToList();

        void Add(string id, string description, string leaf, bool succeeds, CertificateKind kind, Func<LimboTestcase, LimboTestcase>? tweak = null)
        {
            var entry = pki.Leaf(leaf);
            var testcase = new LimboTestcase
            {
                Id = "evs::taiwan::" + id,
                Description = description,
                ValidationKind = "CLIENT",
                TrustedCerts = [.. TaiwanTrust.Anchors.Select(CaPem)],
                UntrustedIntermediates = kind == CertificateKind.Citizen ? citizenIssuers : organisationIssuers,
                PeerCertificate = File.ReadAllText(entry.CertificatePath),
                ValidationTime = pki.ReferenceInstants.Now,
                KeyUsage = ["digitalSignature"],
                ExpectedResult = succeeds ? "SUCCESS" : "FAILURE",
                Features = ["has-crl"],
                // Every certificate below the anchor needs a status: the root's CRL answers for the issuing CAs.
                Crls = [.. TaiwanTrust.Anchors.Select(CrlPem), .. (kind == CertificateKind.Citizen ? TaiwanTrust.CitizenIssuers : TaiwanTrust.OrganisationIssuers).Select(CrlPem)],
            };
            cases.Add(tweak is null ? testcase : tweak(testcase));
        }

        Add("citizen-moica-g2-rsa", "A MOICA g2 citizen card (RSA) chains to GRCA G2.", "citizen-moica2-rsa", true, CertificateKind.Citizen);
        Add("citizen-moica-g2-ec", "A MOICA g2 citizen card (P-256) chains to GRCA G2.", "citizen-moica2-ec", true, CertificateKind.Citizen);
        Add("citizen-moica-g3", "A MOICA g3 card: g2 and g3 share one subject DN, the key identifier picks g3, which chains to GRCA G3.", "citizen-moica3-rsa", true, CertificateKind.Citizen);
        Add("citizen-only-g2-offered", "A MOICA g3 card when only g2 (same DN, other key) is offered: no path.", "citizen-moica3-rsa", false, CertificateKind.Citizen,
            t => t with { UntrustedIntermediates = [CaPem("moica-g2")], Crls = [CrlPem("grca-g2"), CrlPem("moica-g2")] });
        Add("organisation-gca", "A GCA organisation card.", "org-gca-rsa", true, CertificateKind.Organisation);
        Add("organisation-xca", "An XCA organisation card.", "org-xca-rsa", true, CertificateKind.Organisation);
        Add("organisation-moeaca", "A MOEACA organisation card.", "org-moeaca-rsa", true, CertificateKind.Organisation);
        Add("organisation-hca", "An HCA organisation card.", "org-hca-rsa", true, CertificateKind.Organisation);
        Add("organisation-card-where-citizen-expected", "Only the citizen issuers are offered: an organisation card has no path.", "org-gca-rsa", false, CertificateKind.Citizen);
        Add("citizen-card-where-organisation-expected", "Only the organisation issuers are offered: a citizen card has no path.", "citizen-moica2-rsa", false, CertificateKind.Organisation);
        Add("impostor-moica", "A card from a CA with MOICA's name and its own key (under an impostor root).", "citizen-wrong-issuer", false, CertificateKind.Citizen,
            t => t with { UntrustedIntermediates = [.. citizenIssuers, CaPem("rogue-moica")] });
        Add("test-ca-not-trusted", "A card from 政府測試憑證管理中心, whose root is not an anchor.", "citizen-test-ca", false, CertificateKind.Citizen,
            t => t with { UntrustedIntermediates = [.. citizenIssuers, CaPem("test-gca")] });
        Add("citizen-expired", "An expired citizen card.", "citizen-expired", false, CertificateKind.Citizen);
        Add("citizen-not-yet-valid", "A citizen card valid only from 2045.", "citizen-not-yet-valid", false, CertificateKind.Citizen);
        Add("citizen-revoked", "A citizen card on MOICA g2's CRL.", "citizen-revoked", false, CertificateKind.Citizen);
        Add("citizen-revoked-before-revocation", "The same card at an instant before its revocation and before that CRL: still good.", "citizen-revoked", true, CertificateKind.Citizen,
            t => t with { ValidationTime = pki.ReferenceInstants.BeforeRevocations, Crls = [], Features = [] });
        Add("organisation-revoked", "An organisation card on GCA's CRL.", "org-revoked", false, CertificateKind.Organisation);
        Add("citizen-key-usage-without-digital-signature", "A citizen card whose key usage is keyEncipherment only.", "citizen-wrong-key-usage", false, CertificateKind.Citizen);
        Add("citizen-after-all-expire", "A valid citizen card in 2036, after it and every CRL expired.", "citizen-moica2-rsa", false, CertificateKind.Citizen,
            t => t with { ValidationTime = pki.ReferenceInstants.AfterValidLeavesExpire });
        Add("citizen-no-email-peer-name", "Citizen cards carry no e-mail SAN: an expected RFC 822 peer name is not matched.", "citizen-moica2-rsa", false, CertificateKind.Citizen,
            t => t with { ExpectedPeerNames = [new PeerName("RFC822", "wang@example.gov.tw")] });
        Add("citizen-client-auth-not-required", "Card certificates carry no EKU, so any required EKU is satisfied by its absence (RFC 5280).", "citizen-moica2-rsa", true, CertificateKind.Citizen,
            t => t with { ExtendedKeyUsage = ["clientAuth"] });
        return new LimboSuite(1, cases);
    }
}
