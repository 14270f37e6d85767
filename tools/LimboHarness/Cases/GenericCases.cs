using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pkix.Validation;

namespace LimboHarness.Cases;

/// <summary>
/// Our own RFC 5280 cases in Limbo format (name constraints, path length, validity, key usage,
/// policies, CRLs, same-name CAs, cycles), generated fresh so no certificate is pasted by hand.
/// </summary>
public static class GenericCases
{
    /// <summary>Every case validates at this instant, so the generated file stays meaningful for years.</summary>
    public static readonly DateTimeOffset ValidationTime = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static LimboSuite Build()
    {
        var cases = new List<LimboTestcase>();
        var root = TestCertificates.Issue(new() { CommonName = "evs-limbo-root", IsCa = true });
        var ica = TestCertificates.Issue(new() { CommonName = "evs-limbo-ica", IsCa = true, Issuer = root });
        TestCertificate Leaf(TestCertificate issuer, string dns = "example.com") =>
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = issuer, AltNames = [TestName.Dns(dns)], ExtendedKeyUsages = [Oids.ServerAuth] });

        void Add(string id, string description, bool succeeds, TestCertificate leaf, IEnumerable<TestCertificate> intermediates,
            TestCertificate? anchor = null, Func<LimboTestcase, LimboTestcase>? tweak = null)
        {
            var testcase = new LimboTestcase
            {
                Id = "evs::rfc5280::" + id,
                Description = description,
                ValidationKind = "SERVER",
                TrustedCerts = [(anchor ?? root).Pem],
                UntrustedIntermediates = intermediates.Select(c => c.Pem).ToList(),
                PeerCertificate = leaf.Pem,
                ValidationTime = ValidationTime,
                ExpectedResult = succeeds ? "SUCCESS" : "FAILURE",
                ExpectedPeerName = new PeerName("DNS", "example.com"),
                ExtendedKeyUsage = ["serverAuth"],
            };
            cases.Add(tweak is null ? testcase : tweak(testcase));
        }

        Add("valid-chain", "root -> ICA -> EE, everything conforming.", true, Leaf(ica), [ica]);
        var rootWithoutAki = TestCertificates.Issue(new() { CommonName = "evs-limbo-root-without-aki", IsCa = true, OmitAuthorityKeyIdentifier = true });
        var icaBelowIt = TestCertificates.Issue(new() { CommonName = "evs-limbo-ica-below-root-without-aki", IsCa = true, Issuer = rootWithoutAki });
        Add("self-signed-anchor-without-aki", "The trusted root is self-signed and carries no authority key identifier (RFC 5280 4.2.1.1 lets a self-signed certificate omit it).", true,
            Leaf(icaBelowIt), [icaBelowIt], anchor: rootWithoutAki);
        Add("self-signed-leaf-issuer-without-aki", "root without an authority key identifier -> EE directly.", true, Leaf(rootWithoutAki), [], anchor: rootWithoutAki);
        Add("peer-name-mismatch", "The EE names example.com; the client expects another name.", false, Leaf(ica), [ica],
            tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "example.org") });

        var expiredIca = TestCertificates.Issue(new() { CommonName = "evs-limbo-expired-ica", IsCa = true, Issuer = root, NotAfter = ValidationTime.AddDays(-1) });
        Add("expired-intermediate", "The ICA expired the day before the validation time.", false, Leaf(expiredIca), [expiredIca]);
        var exactLeaf = TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], ExtendedKeyUsages = [Oids.ServerAuth], NotBefore = ValidationTime.AddDays(-30), NotAfter = ValidationTime });
        Add("not-after-inclusive-to-the-second", "Validated 5 ms after the EE's notAfter: validity is encoded to the second and inclusive.", true, exactLeaf, [ica],
            tweak: t => t with { ValidationTime = ValidationTime.AddMilliseconds(5) });
        Add("not-after-plus-one-second", "Validated one second after the EE's notAfter.", false, exactLeaf, [ica],
            tweak: t => t with { ValidationTime = ValidationTime.AddSeconds(1) });
        Add("leaf-not-yet-valid", "The EE becomes valid after the validation time.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], NotBefore = ValidationTime.AddDays(1) }), [ica]);

        var notCa = TestCertificates.Issue(new() { CommonName = "evs-limbo-not-ca", IsCa = false, Issuer = root, KeyUsage = X509KeyUsageFlags.KeyCertSign });
        Add("intermediate-without-ca-bit", "The ICA's basicConstraints does not assert cA.", false, Leaf(notCa), [notCa]);
        var noCertSign = TestCertificates.Issue(new() { CommonName = "evs-limbo-no-certsign", IsCa = true, Issuer = root, KeyUsage = X509KeyUsageFlags.CrlSign });
        Add("intermediate-without-keycertsign", "The ICA's key usage lacks keyCertSign.", false, Leaf(noCertSign), [noCertSign]);

        var pathLenZero = TestCertificates.Issue(new() { CommonName = "evs-limbo-pathlen-0", IsCa = true, PathLength = 0, Issuer = root });
        var belowPathLenZero = TestCertificates.Issue(new() { CommonName = "evs-limbo-below-pathlen-0", IsCa = true, Issuer = pathLenZero });
        Add("pathlen-0-respected", "root -> ICA (pathlen 0) -> EE.", true, Leaf(pathLenZero), [pathLenZero]);
        Add("pathlen-0-violated", "root -> ICA (pathlen 0) -> ICA -> EE: one CA too many.", false, Leaf(belowPathLenZero), [pathLenZero, belowPathLenZero]);
        var rolledOver = TestCertificates.Issue(new() { CommonName = "evs-limbo-pathlen-0", IsCa = true, Issuer = pathLenZero });
        Add("pathlen-0-self-issued-not-counted", "root -> ICA (pathlen 0) -> self-issued ICA (key rollover) -> EE: self-issued certificates do not count (RFC 5280 6.1.4 l).",
            true, Leaf(rolledOver), [pathLenZero, rolledOver]);

        var dnsConstrained = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-dns", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Dns("example.com")], ExcludedSubtrees = [TestName.Dns("bad.example.com")] });
        Add("nc-dns-permitted", "The ICA permits example.com; the EE is example.com.", true, Leaf(dnsConstrained), [dnsConstrained]);
        Add("nc-dns-subdomain-permitted", "The ICA permits example.com; the EE is www.example.com.", true, Leaf(dnsConstrained, "www.example.com"), [dnsConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "www.example.com") });
        Add("nc-dns-outside-permitted", "The ICA permits example.com; the EE is example.org.", false, Leaf(dnsConstrained, "example.org"), [dnsConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "example.org") });
        Add("nc-dns-excluded", "The ICA excludes bad.example.com; the EE is x.bad.example.com.", false, Leaf(dnsConstrained, "x.bad.example.com"), [dnsConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "x.bad.example.com") });
        Add("nc-dns-suffix-is-not-subdomain", "The ICA permits example.com; the EE is notexample.com (a suffix, not a subdomain).", false, Leaf(dnsConstrained, "notexample.com"), [dnsConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "notexample.com") });

        // A wildcard SAN stands for every host it covers: inside a permitted subtree only when all of them are, inside an
        // excluded one when any of them is.
        TestCertificate WildcardLeaf(TestCertificate issuer) =>
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = issuer, AltNames = [TestName.Dns("*.example.com")], ExtendedKeyUsages = [Oids.ServerAuth] });
        LimboTestcase ForWww(LimboTestcase t) => t with { ExpectedPeerName = new PeerName("DNS", "www.example.com") };
        var permitsDomain = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-permits-domain", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Dns("example.com")] });
        Add("nc-dns-wildcard-permitted", "The ICA permits example.com; the EE is *.example.com, every host of which lies below example.com.", true,
            WildcardLeaf(permitsDomain), [permitsDomain], tweak: ForWww);
        Add("nc-dns-wildcard-excluded-host", "The ICA permits example.com but excludes bad.example.com; the EE is *.example.com, which covers bad.example.com.", false,
            WildcardLeaf(dnsConstrained), [dnsConstrained], tweak: ForWww);
        var wwwOnly = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-www", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Dns("www.example.com")] });
        Add("nc-dns-wildcard-not-permitted", "The ICA permits www.example.com only; the EE is *.example.com, which also covers other hosts.", false,
            WildcardLeaf(wwwOnly), [wwwOnly], tweak: ForWww);
        var excludesDomain = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-excludes-domain", IsCa = true, Issuer = root, ExcludedSubtrees = [TestName.Dns("example.com")] });
        Add("nc-dns-wildcard-under-excluded-domain", "The ICA excludes example.com; the EE is *.example.com.", false,
            WildcardLeaf(excludesDomain), [excludesDomain], tweak: ForWww);
        var deepExclusion = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-deep-exclusion", IsCa = true, Issuer = root, ExcludedSubtrees = [TestName.Dns("a.b.example.com")] });
        Add("nc-dns-wildcard-beside-deeper-exclusion", "The ICA excludes a.b.example.com; the EE is *.example.com, whose hosts are one label below example.com and never inside a.b.example.com.", true,
            WildcardLeaf(deepExclusion), [deepExclusion], tweak: ForWww);

        // Name-constraint checking is bounded (names × subtrees per path): past the bound the path fails instead of costing minutes.
        static IReadOnlyList<TestName> Hosts(string prefix, int count, string domain) =>
            Enumerable.Range(0, count).Select(i => TestName.Dns($"{prefix}{i}.{domain}")).ToList();
        var manyExclusions = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-1024-exclusions", IsCa = true, Issuer = root, ExcludedSubtrees = Hosts("blocked", 1024, "example.org") });
        TestCertificate ManyNames(int count) =>
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = manyExclusions, AltNames = [TestName.Dns("example.com"), .. Hosts("host", count - 1, "example.com")], ExtendedKeyUsages = [Oids.ServerAuth] });
        Add("nc-work-bound-exceeded", "The ICA excludes 1,024 DNS subtrees; the EE carries 1,024 DNS names and a subject: 1,025 × 1,024 comparisons, past the bound of 2^20.", false,
            ManyNames(1024), [manyExclusions], tweak: t => t with { Features = ["denial-of-service"] });
        Add("nc-work-bound-respected", "The same ICA; the EE carries 1,000 DNS names and a subject: 1,001 × 1,024 comparisons, within the bound, all outside the exclusions.", true,
            ManyNames(1000), [manyExclusions], tweak: t => t with { Features = ["denial-of-service"] });

        var leadingPeriod = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-leading-period", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Dns(".example.com")] });
        Add("nc-dns-leading-period-is-malformed", "A dNSName constraint cannot start with a period (only URI and e-mail constraints can); nothing lies inside it.", false,
            Leaf(leadingPeriod, "www.example.com"), [leadingPeriod], tweak: t => t with { ExpectedPeerName = new PeerName("DNS", "www.example.com") });
        Add("nc-in-end-entity", "Name constraints belong in CA certificates only.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], ExtendedKeyUsages = [Oids.ServerAuth], PermittedSubtrees = [TestName.Dns("example.com")] }), [ica]);

        var ipConstrained = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-ip", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Ip("10.0.0.0/8")] });
        TestCertificate IpLeaf(string ip) => TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ipConstrained, AltNames = [TestName.Ip(ip)] });
        Add("nc-ip-permitted", "The ICA permits 10.0.0.0/8; the EE is 10.1.2.3.", true, IpLeaf("10.1.2.3"), [ipConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("IP", "10.1.2.3"), ExtendedKeyUsage = [] });
        Add("nc-ip-outside-permitted", "The ICA permits 10.0.0.0/8; the EE is 192.168.1.1.", false, IpLeaf("192.168.1.1"), [ipConstrained],
            tweak: t => t with { ExpectedPeerName = new PeerName("IP", "192.168.1.1"), ExtendedKeyUsage = [] });

        var mailConstrained = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-mail", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Email("example.com")] });
        TestCertificate MailLeaf(string mail) => TestCertificates.Issue(new() { CommonName = "leaf", Issuer = mailConstrained, AltNames = [TestName.Email(mail)] });
        Add("nc-rfc822-permitted", "The ICA permits mailboxes at example.com; the EE is a@example.com.", true, MailLeaf("a@example.com"), [mailConstrained],
            tweak: t => t with { ValidationKind = "CLIENT", ExpectedPeerName = null, ExpectedPeerNames = [new PeerName("RFC822", "a@example.com")], ExtendedKeyUsage = [] });
        Add("nc-rfc822-outside-permitted", "The ICA permits mailboxes at example.com; the EE is a@example.org.", false, MailLeaf("a@example.org"), [mailConstrained],
            tweak: t => t with { ValidationKind = "CLIENT", ExpectedPeerName = null, ExpectedPeerNames = [new PeerName("RFC822", "a@example.org")], ExtendedKeyUsage = [] });

        Add("nc-rfc822-malformed-mailbox", "The ICA permits example.com; one SAN mailbox has two '@' and cannot be placed inside the subtree.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = mailConstrained, AltNames = [TestName.Email("good@example.com"), TestName.Email("bad@address@example.com")] }), [mailConstrained],
            tweak: t => t with { ValidationKind = "CLIENT", ExpectedPeerName = null, ExpectedPeerNames = [new PeerName("RFC822", "good@example.com")], ExtendedKeyUsage = [] });

        var dnConstrained = TestCertificates.Issue(new() { CommonName = "evs-limbo-nc-dn", IsCa = true, Issuer = root, PermittedSubtrees = [TestName.Directory("Example Org")] });
        TestCertificate DnLeaf(string organisation) => TestCertificates.Issue(new() { CommonName = "leaf", Organisation = organisation, Issuer = dnConstrained, AltNames = [TestName.Dns("example.com")] });
        Add("nc-dn-permitted", "The ICA permits O=Example Org; the EE is O=Example Org, CN=leaf.", true, DnLeaf("Example Org"), [dnConstrained],
            tweak: t => t with { Features = ["name-constraint-dn"], ExtendedKeyUsage = [] });
        Add("nc-dn-outside-permitted", "The ICA permits O=Example Org; the EE is O=Other Org, CN=leaf.", false, DnLeaf("Other Org"), [dnConstrained],
            tweak: t => t with { Features = ["name-constraint-dn"], ExtendedKeyUsage = [] });

        Add("leaf-ku-lacks-required", "The EE's key usage is keyEncipherment only; digitalSignature is required.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], KeyUsage = X509KeyUsageFlags.KeyEncipherment, UseRsa = true }), [ica],
            tweak: t => t with { KeyUsage = ["digitalSignature"] });
        Add("leaf-eku-lacks-required", "The EE allows clientAuth only; serverAuth is required.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], ExtendedKeyUsages = [Oids.ClientAuth] }), [ica]);
        Add("leaf-unknown-critical-extension", "The EE carries a critical extension nobody knows.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], ExtraExtensions = [TestCertificates.UnknownCritical()] }), [ica]);

        // Two CAs with one subject DN and different keys, as MOICA's generations: only the key identifier tells them apart.
        var generationOne = TestCertificates.Issue(new() { CommonName = "evs-limbo-shared-name", IsCa = true, Issuer = root });
        var generationTwo = TestCertificates.Issue(new() { CommonName = "evs-limbo-shared-name", IsCa = true, Issuer = root });
        Add("same-name-cas-told-apart-by-key-id", "Two ICAs share a subject DN; the EE was issued by the second one.", true, Leaf(generationTwo), [generationOne, generationTwo]);

        const string policy = "2.16.886.101.0.3.3";
        var explicitPolicy = TestCertificates.Issue(new() { CommonName = "evs-limbo-explicit-policy", IsCa = true, Issuer = root, Policies = [policy], RequireExplicitPolicy = 0 });
        Add("explicit-policy-satisfied", "The ICA requires an explicit policy; the EE asserts the ICA's policy.", true,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = explicitPolicy, AltNames = [TestName.Dns("example.com")], Policies = [policy] }), [explicitPolicy],
            tweak: t => t with { Features = ["has-policy-constraints", "has-cert-policies"], ExtendedKeyUsage = [] });
        Add("explicit-policy-missing", "The ICA requires an explicit policy; the EE asserts none.", false,
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = explicitPolicy, AltNames = [TestName.Dns("example.com")] }), [explicitPolicy],
            tweak: t => t with { Features = ["has-policy-constraints", "no-cert-policies"], ExtendedKeyUsage = [] });

        const string issuerPolicy = "1.3.6.1.4.1.99999.1", subjectPolicy = "1.3.6.1.4.1.99999.2";
        var mapping = TestCertificates.Issue(new() { CommonName = "evs-limbo-policy-mapping", IsCa = true, Issuer = root, Policies = [issuerPolicy], PolicyMappings = [(issuerPolicy, subjectPolicy)], RequireExplicitPolicy = 0 });
        var policyEdge = TestCertificates.Issue(new() { CommonName = "evs-limbo-policy-edge", IsCa = true, Issuer = mapping, Policies = [subjectPolicy] });
        TestCertificate PolicyLeaf(TestCertificate issuer, string policy) =>
            TestCertificates.Issue(new() { CommonName = "leaf", Issuer = issuer, AltNames = [TestName.Dns("example.com")], Policies = [policy] });
        Add("policy-mapped", "The first ICA maps its policy P1 to P2; the second ICA and the EE assert P2.", true, PolicyLeaf(policyEdge, subjectPolicy), [mapping, policyEdge],
            tweak: t => t with { Features = ["has-policy-constraints", "has-cert-policies"], ExtendedKeyUsage = [] });
        var unmappedEdge = TestCertificates.Issue(new() { CommonName = "evs-limbo-policy-edge-p1", IsCa = true, Issuer = mapping, Policies = [issuerPolicy] });
        Add("policy-unmapped-name-after-mapping", "The first ICA maps P1 to P2; below it only P2 is acceptable, and the second ICA and EE assert P1.", false,
            PolicyLeaf(unmappedEdge, issuerPolicy), [mapping, unmappedEdge],
            tweak: t => t with { Features = ["has-policy-constraints", "has-cert-policies"], ExtendedKeyUsage = [] });
        var inhibitAny = TestCertificates.Issue(new() { CommonName = "evs-limbo-inhibit-any", IsCa = true, Issuer = root, Policies = [Oids.AnyPolicy], InhibitAnyPolicy = 0, RequireExplicitPolicy = 0 });
        Add("inhibit-any-policy", "The ICA asserts anyPolicy with inhibitAnyPolicy 0 and requires an explicit policy; the EE asserts only anyPolicy.", false,
            PolicyLeaf(inhibitAny, Oids.AnyPolicy), [inhibitAny], tweak: t => t with { Features = ["has-policy-constraints", "has-cert-policies"], ExtendedKeyUsage = [] });
        Add("inhibit-any-policy-explicit-policy-ok", "The same ICA; the EE asserts a concrete policy, which anyPolicy in the ICA admits.", true,
            PolicyLeaf(inhibitAny, issuerPolicy), [inhibitAny], tweak: t => t with { Features = ["has-policy-constraints", "has-cert-policies"], ExtendedKeyUsage = [] });

        Add("max-chain-depth-exceeded", "root -> ICA -> EE with at most 0 intermediates allowed.", false, Leaf(ica), [ica],
            tweak: t => t with { Features = ["max-chain-depth"], MaxChainDepth = 0 });

        var cycleOne = TestCertificates.Issue(new() { CommonName = "evs-limbo-cycle-1", IsCa = true, Issuer = root });
        var cycleTwo = TestCertificates.IssueWithSigner(new() { CommonName = "evs-limbo-cycle-2", IsCa = true }, cycleOne.Certificate.SubjectName, cycleOne, SubjectKeyId(cycleOne));
        var cycleOneAgain = TestCertificates.IssueWithSigner(new() { CommonName = "evs-limbo-cycle-1", IsCa = true, Key = (ECDsa)cycleOne.Key }, cycleTwo.Certificate.SubjectName, cycleTwo, SubjectKeyId(cycleTwo));
        var unrelatedRoot = TestCertificates.Issue(new() { CommonName = "evs-limbo-unrelated-root", IsCa = true });
        Add("intermediate-cycle", "Two ICAs sign each other and neither leads to the trusted root.", false, Leaf(cycleOneAgain), [cycleOneAgain, cycleTwo],
            anchor: unrelatedRoot, tweak: t => t with { Features = ["denial-of-service"] });

        // Revocation is checked for every certificate below the anchor: the root's CRL answers for the ICA.
        var rootCrl = Pem.Encode(root.IssueCrl([], ValidationTime.AddDays(-1), ValidationTime.AddDays(6)), "X509 CRL");
        var revokedLeaf = Leaf(ica);
        var goodLeaf = Leaf(ica);
        var crl = Pem.Encode(ica.IssueCrl([revokedLeaf.Certificate.GetSerialNumber().Reverse().ToArray()], ValidationTime.AddDays(-1), ValidationTime.AddDays(6)), "X509 CRL");
        Add("crl-leaf-revoked", "The ICA's CRL lists the EE.", false, revokedLeaf, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [crl, rootCrl] });
        Add("crl-leaf-not-revoked", "The ICA's CRL does not list the EE.", true, goodLeaf, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [crl, rootCrl] });
        var staleCrl = Pem.Encode(ica.IssueCrl([], ValidationTime.AddDays(-10), ValidationTime.AddDays(-3)), "X509 CRL");
        Add("crl-stale", "The ICA's CRL was due for renewal before the validation time.", false, goodLeaf, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [staleCrl, rootCrl] });

        const string partition = "http://crl.example.com/partition-1.crl";
        var partitioned = TestCertificates.Issue(new() { CommonName = "leaf", Issuer = ica, AltNames = [TestName.Dns("example.com")], ExtendedKeyUsages = [Oids.ServerAuth], ExtraExtensions = [TestCertificates.CrlDistributionPoints(partition)] });
        var scoped = Pem.Encode(ica.IssueScopedCrl([], ValidationTime.AddDays(-1), ValidationTime.AddDays(6), [partition]), "X509 CRL");
        var otherPartition = Pem.Encode(ica.IssueScopedCrl([], ValidationTime.AddDays(-1), ValidationTime.AddDays(6), ["http://crl.example.com/partition-2.crl"]), "X509 CRL");
        var caOnly = Pem.Encode(ica.IssueScopedCrl([], ValidationTime.AddDays(-1), ValidationTime.AddDays(6), [], onlyCaCertificates: true), "X509 CRL");
        var revokedInPartition = Pem.Encode(ica.IssueScopedCrl([partitioned.Certificate.GetSerialNumber().Reverse().ToArray()], ValidationTime.AddDays(-1), ValidationTime.AddDays(6), [partition]), "X509 CRL");
        Add("crl-partition-covers-leaf", "The ICA's CRL is the partition the EE names in its distribution point.", true, partitioned, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [scoped, rootCrl] });
        Add("crl-partition-revokes-leaf", "The EE is listed on the partition it names.", false, partitioned, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [revokedInPartition, rootCrl] });
        Add("crl-other-partition", "The only CRL of the ICA is another partition: the EE's status is unknown.", false, partitioned, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [otherPartition, rootCrl] });
        Add("crl-only-ca-certificates", "The only CRL of the ICA covers CA certificates only: the EE's status is unknown.", false, goodLeaf, [ica], tweak: t => t with { Features = ["has-crl"], Crls = [caOnly, rootCrl] });

        return new LimboSuite(1, cases);
    }

    private static byte[] SubjectKeyId(TestCertificate certificate) =>
        Convert.FromHexString(certificate.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!);
}
