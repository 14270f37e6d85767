using Pkix.Revocation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>Sections 4.13 (name constraints) and 4.14 (distribution points, partitioned and indirect CRLs).</summary>
public static partial class PkitsStyleCases
{
    private sealed partial class Builder
    {
        private static readonly string[] DnConstraintFeatures = ["name-constraint-dn"];

        public void NameConstraints()
        {
            NameAttributeSpec permittedOu = new("OU", "permittedSubtree1"), excludedOu = new("OU", "excludedSubtree1");
            var permitted = GeneralNameSpec.Directory(PkitsDer.Name([.. Base, permittedOu]));
            var dn = Ca("nameConstraints DN1 CA", with: s => s with { Permitted = [permitted] });
            Add("4.13.1", "valid-dn-nameconstraints", "Valid DN nameConstraints Test1 — the EE's subject lies in the permitted subtree O=…, OU=permittedSubtree1.", true,
                Ee("Valid DN nameConstraints Test1", dn, s => s with { Subject = Name("Valid DN nameConstraints Test1 EE", permittedOu) }), [dn], Crls(dn), features: DnConstraintFeatures);
            Add("4.13.2", "invalid-dn-nameconstraints", "Invalid DN nameConstraints Test2 — the EE's subject is outside the permitted subtree.", false,
                Ee("Invalid DN nameConstraints Test2", dn), [dn], Crls(dn), features: DnConstraintFeatures);
            Add("4.13.5", "invalid-dn-nameconstraints-san", "Invalid DN nameConstraints Test5-like — subject inside, but a directoryName in the subjectAltName outside.", false,
                Ee("Invalid DN nameConstraints Test5", dn, s => s with
                {
                    Subject = Name("Invalid DN nameConstraints Test5 EE", permittedOu), AltNames = [GeneralNameSpec.Directory(PkitsDer.Name(Name("Elsewhere", new NameAttributeSpec("OU", "otherSubtree"))))],
                }), [dn], Crls(dn), features: DnConstraintFeatures);
            var excluded = Ca("nameConstraints DN excluded CA", with: s => s with { Excluded = [GeneralNameSpec.Directory(PkitsDer.Name([.. Base, excludedOu]))] });
            Add("4.13.3", "invalid-dn-nameconstraints-excluded", "Invalid DN nameConstraints Test3-like — the EE's subject lies in an excluded subtree.", false,
                Ee("Invalid DN nameConstraints Test3", excluded, s => s with { Subject = Name("Invalid DN nameConstraints Test3 EE", excludedOu) }), [excluded], Crls(excluded), features: DnConstraintFeatures);
            Add("4.13.4", "valid-dn-nameconstraints-outside-excluded", "Valid DN nameConstraints Test4-like — the EE's subject is outside the excluded subtree.", true,
                Ee("Valid DN nameConstraints Test4", excluded), [excluded], Crls(excluded), features: DnConstraintFeatures);
            var rolled = Ca("nameConstraints DN1 self-issued CA", dn, s => s with { Subject = dn.SubjectSpec });
            Add("4.13.x", "valid-dn-nameconstraints-self-issued-ca",
                "Ours, after the PKITS self-issued cases: the constrained CA's self-issued certificate names a subject outside its own permitted subtree; self-issued intermediates are exempt (6.1.4 b), the EE is inside.", true,
                Ee("Valid DN nameConstraints Self-Issued", rolled, s => s with { Subject = Name("Valid DN nameConstraints Self-Issued EE", permittedOu) }), [dn, rolled], [Crl(Anchor), Crl(rolled)],
                features: DnConstraintFeatures);

            var mailHost = Ca("nameConstraints RFC822 CA1", with: s => s with { Permitted = [GeneralNameSpec.Email("testcertificates.gov")] });
            Add("4.13.21", "valid-rfc822-nameconstraints", "Valid RFC822 nameConstraints Test21 — the constraint names a host; the EE's mailbox is at that host.", true,
                Ee("Valid RFC822 nameConstraints Test21", mailHost, s => s with { AltNames = [GeneralNameSpec.Email("Test21EE@testcertificates.gov")] }), [mailHost], Crls(mailHost));
            Add("4.13.22", "invalid-rfc822-nameconstraints", "Invalid RFC822 nameConstraints Test22 — the mailbox is at another host.", false,
                Ee("Invalid RFC822 nameConstraints Test22", mailHost, s => s with { AltNames = [GeneralNameSpec.Email("Test22EE@invalidcertificates.gov")] }), [mailHost], Crls(mailHost));
            var mailDomain = Ca("nameConstraints RFC822 CA2", with: s => s with { Permitted = [GeneralNameSpec.Email(".testcertificates.gov")] });
            Add("4.13.23", "valid-rfc822-nameconstraints-domain", "Valid RFC822 nameConstraints Test23 — a leading period means any host below the domain.", true,
                Ee("Valid RFC822 nameConstraints Test23", mailDomain, s => s with { AltNames = [GeneralNameSpec.Email("Test23EE@mailserver.testcertificates.gov")] }), [mailDomain], Crls(mailDomain));
            Add("4.13.24", "invalid-rfc822-nameconstraints-domain", "Invalid RFC822 nameConstraints Test24 — the domain itself is not below \".testcertificates.gov\".", false,
                Ee("Invalid RFC822 nameConstraints Test24", mailDomain, s => s with { AltNames = [GeneralNameSpec.Email("Test24EE@testcertificates.gov")] }), [mailDomain], Crls(mailDomain));
            var mailbox = Ca("nameConstraints RFC822 CA3", with: s => s with { Excluded = [GeneralNameSpec.Email("Test26EE@testcertificates.gov")] });
            Add("4.13.26", "invalid-rfc822-nameconstraints-excluded-mailbox", "Invalid RFC822 nameConstraints Test26-like — one mailbox is excluded and the EE has it.", false,
                Ee("Invalid RFC822 nameConstraints Test26", mailbox, s => s with { AltNames = [GeneralNameSpec.Email("Test26EE@testcertificates.gov")] }), [mailbox], Crls(mailbox));
            Add("4.13.25", "valid-rfc822-nameconstraints-other-mailbox", "Valid RFC822 nameConstraints Test25-like — another mailbox at the same host.", true,
                Ee("Valid RFC822 nameConstraints Test25", mailbox, s => s with { AltNames = [GeneralNameSpec.Email("Test25EE@testcertificates.gov")] }), [mailbox], Crls(mailbox));
            Add("4.13.x", "invalid-rfc822-nameconstraints-subject-email",
                "Ours: no subjectAltName, and the subject's emailAddress lies outside the permitted host (RFC 5280 4.2.1.10 applies rfc822Name constraints to it).", false,
                Ee("Invalid RFC822 Subject Email", mailHost, s => s with { Subject = [.. Name("Invalid RFC822 Subject Email EE"), new NameAttributeSpec("E", "someone@invalidcertificates.gov")] }),
                [mailHost], Crls(mailHost));

            var dns = Ca("nameConstraints DNS1 CA", with: s => s with { Permitted = [GeneralNameSpec.Dns("testserver.testcertificates.gov")] });
            Add("4.13.30", "valid-dns-nameconstraints", "Valid DNS nameConstraints Test30.", true,
                Ee("Valid DNS nameConstraints Test30", dns, s => s with { AltNames = [GeneralNameSpec.Dns("testserver.testcertificates.gov")] }), [dns], Crls(dns));
            Add("4.13.31", "invalid-dns-nameconstraints", "Invalid DNS nameConstraints Test31 — mytestserver… is not testserver… with labels added on the left.", false,
                Ee("Invalid DNS nameConstraints Test31", dns, s => s with { AltNames = [GeneralNameSpec.Dns("mytestserver.testcertificates.gov")] }), [dns], Crls(dns));
            Add("4.13.x", "valid-dns-nameconstraints-subdomain", "Ours: host.testserver.testcertificates.gov adds a label on the left of the permitted name.", true,
                Ee("Valid DNS nameConstraints Subdomain", dns, s => s with { AltNames = [GeneralNameSpec.Dns("host.testserver.testcertificates.gov")] }), [dns], Crls(dns));
            var dnsExcluded = Ca("nameConstraints DNS2 CA", with: s => s with { Excluded = [GeneralNameSpec.Dns("invalidcertificates.gov")] });
            Add("4.13.32", "valid-dns-nameconstraints-outside-excluded", "Valid DNS nameConstraints Test32-like.", true,
                Ee("Valid DNS nameConstraints Test32", dnsExcluded, s => s with { AltNames = [GeneralNameSpec.Dns("testserver.testcertificates.gov")] }), [dnsExcluded], Crls(dnsExcluded));
            Add("4.13.33", "invalid-dns-nameconstraints-excluded", "Invalid DNS nameConstraints Test33-like.", false,
                Ee("Invalid DNS nameConstraints Test33", dnsExcluded, s => s with { AltNames = [GeneralNameSpec.Dns("testserver.invalidcertificates.gov")] }), [dnsExcluded], Crls(dnsExcluded));

            var uri = Ca("nameConstraints URI1 CA", with: s => s with { Permitted = [GeneralNameSpec.Uri(".testcertificates.gov")] });
            Add("4.13.34", "valid-uri-nameconstraints", "Valid URI nameConstraints Test34 — a URI whose host lies below the permitted domain.", true,
                Ee("Valid URI nameConstraints Test34", uri, s => s with { AltNames = [GeneralNameSpec.Uri("http://testserver.testcertificates.gov/index.html")] }), [uri], Crls(uri));
            Add("4.13.35", "invalid-uri-nameconstraints", "Invalid URI nameConstraints Test35.", false,
                Ee("Invalid URI nameConstraints Test35", uri, s => s with { AltNames = [GeneralNameSpec.Uri("http://testserver.invalidcertificates.gov/index.html")] }), [uri], Crls(uri));
            var ip = Ca("nameConstraints IP CA", with: s => s with { Permitted = [GeneralNameSpec.Ip("10.0.0.0/8")] });
            Add("4.13.x", "valid-ip-nameconstraints", "Ours: iPAddress 10.1.2.3 inside the permitted 10.0.0.0/8.", true,
                Ee("Valid IP nameConstraints", ip, s => s with { AltNames = [GeneralNameSpec.Ip("10.1.2.3")] }), [ip], Crls(ip));
            Add("4.13.x", "invalid-ip-nameconstraints", "Ours: iPAddress 192.168.1.1 outside the permitted 10.0.0.0/8.", false,
                Ee("Invalid IP nameConstraints", ip, s => s with { AltNames = [GeneralNameSpec.Ip("192.168.1.1")] }), [ip], Crls(ip));
        }

        public void DistributionPoints()
        {
            const ReasonFlags firstReasons = ReasonFlags.KeyCompromise | ReasonFlags.CaCompromise;
            const ReasonFlags otherReasons = ReasonFlags.AllReasons & ~firstReasons;

            var dp1 = Ca("distributionPoint1 CA");
            GeneralNameSpec DirectoryOf(PkitsCertificate ca, string cn) => GeneralNameSpec.Directory(PkitsDer.Name([.. ca.SubjectSpec, new NameAttributeSpec("CN", cn)]));
            var crl1Name = new DistributionPointSpec(FullName: [DirectoryOf(dp1, "CRL1")]);
            var crl2Name = new DistributionPointSpec(FullName: [DirectoryOf(dp1, "CRL2")]);
            string Partition(string label, PkitsCertificate signer, DistributionPointSpec point, params CrlEntrySpec[] entries) =>
                Crl(label, new CrlSpec { Signer = signer, IssuingDistributionPoint = new IdpSpec(point), Entries = entries });
            Add("4.14.1", "valid-distributionpoint", "Valid distributionPoint Test1 — the EE's distribution point is a directoryName, and the CRL's issuing distribution point names the same.", true,
                Ee("Valid distributionPoint Test1", dp1, s => s with { DistributionPoints = [crl1Name] }), [dp1], [Crl(Anchor), Partition("CRL1", dp1, crl1Name)]);
            var dpRevoked = Ee("Invalid distributionPoint Test2", dp1, s => s with { DistributionPoints = [crl1Name] });
            Add("4.14.2", "invalid-distributionpoint", "Invalid distributionPoint Test2 — as Test1, with the EE on that CRL.", false,
                dpRevoked, [dp1], [Crl(Anchor), Partition("CRL1 revoking Test2", dp1, crl1Name, Revoked(dpRevoked))]);
            Add("4.14.3", "invalid-distributionpoint-other-partition", "Invalid distributionPoint Test3 — the EE points at CRL2; the only CRL at hand is the partition CRL1.", false,
                Ee("Invalid distributionPoint Test3", dp1, s => s with { DistributionPoints = [crl2Name] }), [dp1], [Crl(Anchor), Partition("CRL1 for Test3", dp1, crl1Name)]);

            var dp2 = Ca("distributionPoint2 CA");
            var relative1 = new DistributionPointSpec(RelativeName: new NameAttributeSpec("CN", "CRL1"));
            Add("4.14.4", "valid-distributionpoint-relative-names", "Valid distributionPoint Test4 — the EE's point and the CRL's both use nameRelativeToCRLIssuer CN=CRL1.", true,
                Ee("Valid distributionPoint Test4", dp2, s => s with { DistributionPoints = [relative1] }), [dp2], [Crl(Anchor), Partition("relative CRL1", dp2, relative1)]);
            Add("4.14.5", "valid-distributionpoint-relative-vs-full-name",
                "Valid distributionPoint Test5 — the EE's point is nameRelativeToCRLIssuer CN=CRL1, the CRL's is the full directoryName issuer + CN=CRL1: the same name.", true,
                Ee("Valid distributionPoint Test5", dp2, s => s with { DistributionPoints = [relative1] }), [dp2],
                [Crl(Anchor), Partition("full CRL1", dp2, new DistributionPointSpec(FullName: [DirectoryOf(dp2, "CRL1")]))]);
            var relativeRevoked = Ee("Invalid distributionPoint Test6", dp2, s => s with { DistributionPoints = [relative1] });
            Add("4.14.6", "invalid-distributionpoint-relative-names", "Invalid distributionPoint Test6 — as Test4, with the EE on that CRL.", false,
                relativeRevoked, [dp2], [Crl(Anchor), Partition("relative CRL1 revoking Test6", dp2, relative1, Revoked(relativeRevoked))]);
            Add("4.14.8", "invalid-distributionpoint-relative-mismatch", "Invalid distributionPoint Test8 — the EE names CN=CRL2 relative to the issuer; the CRL is CN=CRL1.", false,
                Ee("Invalid distributionPoint Test8", dp2, s => s with { DistributionPoints = [new DistributionPointSpec(RelativeName: new NameAttributeSpec("CN", "CRL2"))] }), [dp2],
                [Crl(Anchor), Partition("relative CRL1 for Test8", dp2, relative1)]);
            var noIdp = Ca("No issuingDistributionPoint CA");
            Add("4.14.10", "valid-no-issuingdistributionpoint", "Valid No issuingDistributionPoint Test10 — the EE names a distribution point; the CRL has no issuing distribution point, so it is complete.", true,
                Ee("Valid No issuingDistributionPoint Test10", noIdp, s => s with { DistributionPoints = [new DistributionPointSpec(FullName: [GeneralNameSpec.Uri("http://crl.pkits-style.example/noidp.crl")])] }),
                [noIdp], Crls(noIdp));

            var userOnly = Ca("onlyContainsUserCerts CA");
            Add("4.14.11", "invalid-onlycontainsusercerts-for-a-ca", "Invalid onlyContainsUserCerts CRL Test11 — the anchor's only CRL covers user certificates, so the intermediate's status is undetermined.", false,
                Ee("Invalid onlyContainsUserCerts CRL Test11", userOnly), [userOnly],
                [Crl("only user certificates", new CrlSpec { Signer = Anchor, IssuingDistributionPoint = new IdpSpec(OnlyUser: true) }), Crl(userOnly)]);
            var caOnly = Ca("onlyContainsCACerts CA");
            Add("4.14.12", "invalid-onlycontainscacerts-for-an-ee", "Invalid onlyContainsCACerts CRL Test12 — the CA's only CRL covers CA certificates; the EE's status is undetermined.", false,
                Ee("Invalid onlyContainsCACerts CRL Test12", caOnly), [caOnly],
                [Crl(Anchor), Crl("only CA certificates", new CrlSpec { Signer = caOnly, IssuingDistributionPoint = new IdpSpec(OnlyCa: true) })]);
            Add("4.14.13", "valid-onlycontainscacerts", "Valid onlyContainsCACerts CRL Test13 — the anchor's CRL covers CA certificates only, which is what the intermediate is.", true,
                Ee("Valid onlyContainsCACerts CRL Test13", caOnly), [caOnly],
                [Crl("only CA certificates", new CrlSpec { Signer = Anchor, IssuingDistributionPoint = new IdpSpec(OnlyCa: true) }), Crl(caOnly)]);
            var attributeOnly = Ca("onlyContainsAttributeCerts CA");
            Add("4.14.14", "invalid-onlycontainsattributecerts", "Invalid onlyContainsAttributeCerts Test14 — a CRL for attribute certificates says nothing about public-key certificates.", false,
                Ee("Invalid onlyContainsAttributeCerts Test14", attributeOnly), [attributeOnly],
                [Crl(Anchor), Crl("only attribute certificates", new CrlSpec { Signer = attributeOnly, IssuingDistributionPoint = new IdpSpec(OnlyAttribute: true) })]);

            var reasons1 = Ca("onlySomeReasons CA1");
            string ByReasons(string label, ReasonFlags reasons, params CrlEntrySpec[] entries) =>
                Crl(label, new CrlSpec { Signer = reasons1, IssuingDistributionPoint = new IdpSpec(OnlySomeReasons: reasons), Entries = entries });
            var keyCompromised = Ee("Invalid onlySomeReasons Test15", reasons1);
            Add("4.14.15", "invalid-onlysomereasons-key-compromise", "Invalid onlySomeReasons Test15 — two CRLs split the reasons; the EE is on the keyCompromise/cACompromise one.", false,
                keyCompromised, [reasons1], [Crl(Anchor), ByReasons("first reasons 15", firstReasons, Revoked(keyCompromised)), ByReasons("other reasons 15", otherReasons)]);
            var held = Ee("Invalid onlySomeReasons Test16", reasons1);
            Add("4.14.16", "invalid-onlysomereasons-hold", "Invalid onlySomeReasons Test16 — the EE is on hold on the CRL for the other reasons.", false,
                held, [reasons1], [Crl(Anchor), ByReasons("first reasons 16", firstReasons), ByReasons("other reasons 16", otherReasons, Revoked(held, CrlReason.CertificateHold))]);
            Add("4.14.17", "invalid-onlysomereasons-incomplete", "Invalid onlySomeReasons Test17 — only the keyCompromise/cACompromise CRL is at hand: the other reasons are not covered (6.3.3: UNDETERMINED).", false,
                Ee("Invalid onlySomeReasons Test17", reasons1), [reasons1], [Crl(Anchor), ByReasons("first reasons 17", firstReasons)]);
            Add("4.14.18", "valid-onlysomereasons", "Valid onlySomeReasons Test18 — both CRLs together cover every reason; the EE is on neither.", true,
                Ee("Valid onlySomeReasons Test18", reasons1), [reasons1], [Crl(Anchor), ByReasons("first reasons 18", firstReasons), ByReasons("other reasons 18", otherReasons)]);

            var reasons2 = Ca("onlySomeReasons CA2");
            var point1 = new DistributionPointSpec(FullName: [DirectoryOf(reasons2, "CRL1")], Reasons: firstReasons);
            var point2 = new DistributionPointSpec(FullName: [DirectoryOf(reasons2, "CRL2")], Reasons: otherReasons);
            string PointCrl(string label, DistributionPointSpec point, params CrlEntrySpec[] entries) =>
                Crl(label, new CrlSpec { Signer = reasons2, IssuingDistributionPoint = new IdpSpec(point with { Reasons = null }, OnlySomeReasons: point.Reasons), Entries = entries });
            Add("4.14.19", "valid-onlysomereasons-two-distribution-points", "Valid onlySomeReasons Test19 — the EE has two distribution points, each for some reasons, and each has its CRL.", true,
                Ee("Valid onlySomeReasons Test19", reasons2, s => s with { DistributionPoints = [point1, point2] }), [reasons2],
                [Crl(Anchor), PointCrl("point 1 for 19", point1), PointCrl("point 2 for 19", point2)]);
            var onPoint1 = Ee("Invalid onlySomeReasons Test20", reasons2, s => s with { DistributionPoints = [point1, point2] });
            Add("4.14.20", "invalid-onlysomereasons-first-point", "Invalid onlySomeReasons Test20 — as Test19, the EE on the first point's CRL.", false,
                onPoint1, [reasons2], [Crl(Anchor), PointCrl("point 1 for 20", point1, Revoked(onPoint1)), PointCrl("point 2 for 20", point2)]);
            var onPoint2 = Ee("Invalid onlySomeReasons Test21", reasons2, s => s with { DistributionPoints = [point1, point2] });
            Add("4.14.21", "invalid-onlysomereasons-second-point", "Invalid onlySomeReasons Test21 — as Test19, the EE on the second point's CRL (affiliationChanged).", false,
                onPoint2, [reasons2], [Crl(Anchor), PointCrl("point 1 for 21", point1), PointCrl("point 2 for 21", point2, Revoked(onPoint2, CrlReason.AffiliationChanged))]);

            IndirectCrls();
        }

        private void IndirectCrls()
        {
            var own = Ca("indirectCRL CA1");
            string OwnIndirect(string label, params CrlEntrySpec[] entries) =>
                Crl(label, new CrlSpec { Signer = own, IssuingDistributionPoint = new IdpSpec(Indirect: true), Entries = entries });
            Add("4.14.22", "valid-idp-with-indirectcrl", "Valid IDP with indirectCRL Test22 — the CA's own CRL is marked indirect; entries without certificateIssuer are its own.", true,
                Ee("Valid IDP with indirectCRL Test22", own), [own], [Crl(Anchor), OwnIndirect("indirect 22")]);
            var ownRevoked = Ee("Invalid IDP with indirectCRL Test23", own);
            Add("4.14.23", "invalid-idp-with-indirectcrl", "Invalid IDP with indirectCRL Test23 — as Test22, with the EE listed.", false,
                ownRevoked, [own], [Crl(Anchor), OwnIndirect("indirect 23", Revoked(ownRevoked))]);

            // A CRL issuer that is not the certificate issuer: the EE's distribution point names it in cRLIssuer.
            var crlIssuer = Ca("indirectCRL CA2 CRL Issuer");
            var certificateIssuer = Ca("indirectCRL CA3 Certificate Issuer");
            var viaIssuer = new DistributionPointSpec(CrlIssuer: [GeneralNameSpec.Directory(crlIssuer.Subject)]);
            string Indirect(string label, bool indirect = true, params CrlEntrySpec[] entries) =>
                Crl(label, new CrlSpec { Signer = crlIssuer, IssuingDistributionPoint = indirect ? new IdpSpec(Indirect: true) : null, Entries = entries });
            PkitsCertificate Leaf(string label, DistributionPointSpec? point = null) => Ee(label, certificateIssuer, s => s with { DistributionPoints = [point ?? viaIssuer] });
            CrlEntrySpec ForOther(System.Numerics.BigInteger serial, CrlReason reason = CrlReason.KeyCompromise) => new(serial, reason, certificateIssuer.Subject);
            IReadOnlyList<PkitsCertificate> pool = [certificateIssuer, crlIssuer];

            Add("4.14.24", "valid-indirect-crl-via-crlissuer",
                "Valid IDP with indirectCRL Test24 — the EE's point names another CA in cRLIssuer; that CA's indirect CRL lists another certificate of the EE's issuer (certificateIssuer), not the EE.", true,
                Leaf("Valid IDP with indirectCRL Test24"), pool, [Crl(Anchor), Indirect("indirect 24", entries: ForOther(901))]);
            var sameSerial = Leaf("Valid cRLIssuer Test25");
            Add("4.14.25", "valid-indirect-crl-same-serial-other-issuer",
                "Ours, after Valid IDP with indirectCRL Test25: the indirect CRL lists the EE's serial number for the CRL issuer's own certificates, before any certificateIssuer — a different certificate.", true,
                sameSerial, pool, [Crl(Anchor), Indirect("indirect 25", entries: [new CrlEntrySpec(sameSerial.Serial, CrlReason.KeyCompromise), ForOther(902)])]);
            var listed = Leaf("Invalid cRLIssuer Test31");
            Add("4.14.31", "invalid-indirect-crl-certificate-issuer", "Invalid cRLIssuer Test31 — the indirect CRL lists the EE under certificateIssuer = its issuer.", false,
                listed, pool, [Crl(Anchor), Indirect("indirect 31", entries: ForOther(listed.Serial))]);
            var carried = Leaf("Invalid cRLIssuer Test32");
            Add("4.14.32", "invalid-indirect-crl-certificate-issuer-carried-forward",
                "Invalid cRLIssuer Test32 — an earlier entry sets certificateIssuer to the EE's issuer; the EE's entry has no extension and inherits it (RFC 5280 5.3.3).", false,
                carried, pool, [Crl(Anchor), Indirect("indirect 32", entries: [ForOther(903), new CrlEntrySpec(carried.Serial, CrlReason.KeyCompromise)])]);
            Add("4.14.26", "invalid-crlissuer-crl-not-indirect", "Invalid cRLIssuer Test26-like — the CRL of the CA named in cRLIssuer is not marked indirect, so it cannot speak for another CA's certificates.", false,
                Leaf("Invalid cRLIssuer Test26"), pool, [Crl(Anchor), Indirect("not indirect 26", indirect: false)]);
            Add("4.14.27", "invalid-crlissuer-no-crl", "Invalid cRLIssuer Test27 — cRLIssuer names a CA whose CRL is not at hand (the certificate issuer's own CRL does not count).", false,
                Leaf("Invalid cRLIssuer Test27"), pool, [Crl(Anchor), Crl(certificateIssuer)]);
            var relative = new DistributionPointSpec(RelativeName: new NameAttributeSpec("CN", "indirect CRL"), CrlIssuer: [GeneralNameSpec.Directory(crlIssuer.Subject)]);
            Add("4.14.29", "valid-crlissuer-relative-name",
                "Valid cRLIssuer Test29 — the EE's point is nameRelativeToCRLIssuer under cRLIssuer; the indirect CRL's point is the same relative name under its issuer.", true,
                Leaf("Valid cRLIssuer Test29", relative), pool,
                [Crl(Anchor), Crl("relative indirect 29", new CrlSpec { Signer = crlIssuer, IssuingDistributionPoint = new IdpSpec(relative with { CrlIssuer = null }, Indirect: true) })]);
            Add("4.14.34", "invalid-indirect-crl-issuer-revoked", "Invalid cRLIssuer Test34-like — the CA that issues the indirect CRL is itself on the anchor's CRL, so its CRL cannot be used.", false,
                Leaf("Invalid cRLIssuer Test34"), pool,
                [Crl("revokes the CRL issuer", new CrlSpec { Signer = Anchor, Entries = [Revoked(crlIssuer)] }), Indirect("indirect 34")]);
        }
    }
}
