using Domain.Certificates;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>Sections 4.4 (basic CRLs), 4.5 (key rollover and self-issued certificates), 4.15 (delta CRLs).</summary>
public static partial class PkitsStyleCases
{
    private sealed partial class Builder
    {
        public void BasicCrls()
        {
            var noCrl = Ca("No CRL CA");
            Add("4.4.1", "invalid-missing-crl", "Missing CRL Test1 — no CRL of the CA is at hand, so the EE's status cannot be determined (6.3.3: UNDETERMINED).", false,
                Ee("Invalid Missing CRL Test1", noCrl), [noCrl], [Crl(Anchor)]);
            var revokedCa = Ca("Revoked subCA");
            Add("4.4.2", "invalid-revoked-ca", "Invalid Revoked CA Test2 — the intermediate is on the anchor's CRL.", false,
                Ee("Invalid Revoked CA Test2", revokedCa), [revokedCa],
                [Crl("revokes Revoked subCA", new CrlSpec { Signer = Anchor, Entries = [Revoked(revokedCa)] }), Crl(revokedCa)]);
            var good = Ca("Good CRL CA");
            var revokedEe = Ee("Invalid Revoked EE Test3", good);
            Add("4.4.3", "invalid-revoked-ee", "Invalid Revoked EE Test3 — the EE is on its CA's CRL.", false,
                revokedEe, [good], [Crl(Anchor), Crl("revokes Test3", new CrlSpec { Signer = good, Entries = [Revoked(revokedEe)] })]);
            var badSignature = Ca("Bad CRL Signature CA");
            Add("4.4.4", "invalid-bad-crl-signature", "Invalid Bad CRL Signature Test4 — the CA's only CRL has a signature that does not verify.", false,
                Ee("Invalid Bad CRL Signature Test4", badSignature), [badSignature], [Crl(Anchor), Crl("broken", new CrlSpec { Signer = badSignature, BreakSignature = true })]);
            var badIssuer = Ca("Bad CRL Issuer Name CA");
            Add("4.4.5", "invalid-bad-crl-issuer-name", "Invalid Bad CRL Issuer Name Test5 — the CA's key signed a CRL naming another issuer; no CRL names the CA.", false,
                Ee("Invalid Bad CRL Issuer Name Test5", badIssuer), [badIssuer],
                [Crl(Anchor), Crl("wrong issuer", new CrlSpec { Signer = badIssuer, IssuerName = PkitsDer.Name(Name("Wrong CRL Issuer")) })]);
            var wrong = Ca("Wrong CRL CA");
            Add("4.4.6", "invalid-wrong-crl", "Invalid Wrong CRL Test6 — the only CRL offered for the CA's certificates is the anchor's.", false,
                Ee("Invalid Wrong CRL Test6", wrong), [wrong], [Crl(Anchor)]);
            var two = Ca("Two CRLs CA");
            var twoLeaf = Ee("Valid Two CRLs Test7", two);
            Add("4.4.7", "valid-two-crls", "Valid Two CRLs Test7 — the CA has a good CRL and a second one that lists the EE but whose signature does not verify; the bad one is not used.", true,
                twoLeaf, [two], [Crl(Anchor), Crl(two), Crl("bad second", new CrlSpec { Signer = two, Number = 2, Entries = [Revoked(twoLeaf)], BreakSignature = true })]);
            var unknownEntry = Ca("Unknown CRL Entry Extension CA");
            Add("4.4.8", "invalid-unknown-crl-entry-extension",
                "Invalid Unknown CRL Entry Extension Test8 — an entry (for another certificate) has an unknown critical extension: RFC 5280 5.3 forbids relying on that CRL, so the EE's status is undetermined.", false,
                Ee("Invalid Unknown CRL Entry Extension Test8", unknownEntry), [unknownEntry],
                [Crl(Anchor), Crl("unknown entry extension", new CrlSpec { Signer = unknownEntry, Entries = [new CrlEntrySpec(777, UnknownCritical: true)] })]);
            var unknownExtension = Ca("Unknown CRL Extension CA");
            Add("4.4.9", "invalid-unknown-crl-extension", "Invalid Unknown CRL Extension Test9 — the CA's CRL has an unknown critical extension (RFC 5280 5.2).", false,
                Ee("Invalid Unknown CRL Extension Test9", unknownExtension), [unknownExtension],
                [Crl(Anchor), Crl("unknown extension", new CrlSpec { Signer = unknownExtension, UnknownCriticalExtension = true })]);
            var old = Ca("Old CRL nextUpdate CA");
            Add("4.4.10", "invalid-old-crl-nextupdate", "Invalid Old CRL nextUpdate Test10 — the CA's CRL was due for renewal a month before the validation time.", false,
                Ee("Invalid Old CRL nextUpdate Test10", old), [old],
                [Crl(Anchor), Crl("old", new CrlSpec { Signer = old, ThisUpdate = ValidationTime.AddDays(-60), NextUpdate = ValidationTime.AddDays(-30) })]);
            var pre2000 = Ca("pre2000 CRL nextUpdate CA");
            Add("4.4.11", "invalid-pre2000-crl-nextupdate", "Invalid pre2000 CRL nextUpdate Test11 — nextUpdate is UTCTime 991231235959Z, 1999.", false,
                Ee("Invalid pre2000 CRL nextUpdate Test11", pre2000), [pre2000],
                [Crl(Anchor), Crl("1999", new CrlSpec { Signer = pre2000, ThisUpdate = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero), NextUpdate = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero) })]);
            var generalized = Ca("GeneralizedTime CRL nextUpdate CA");
            Add("4.4.12", "valid-generalizedtime-crl-nextupdate", "Valid GeneralizedTime CRL nextUpdate Test12 — nextUpdate 2050-01-01 in GeneralizedTime.", true,
                Ee("Valid GeneralizedTime CRL nextUpdate Test12", generalized), [generalized],
                [Crl(Anchor), Crl("2050", new CrlSpec { Signer = generalized, NextUpdate = new DateTimeOffset(2050, 1, 1, 12, 1, 0, TimeSpan.Zero) })]);

            var negative = Ca("Negative Serial Number CA");
            Add("4.4.13", "valid-negative-serial-number",
                "Valid Negative Serial Number Test13 — the EE's serial is -1 (one octet FF); the CRL lists +255 (00 FF). Conforming CAs never issue negative serials; our reading is that -1 and 255 are different numbers.", true,
                Ee("Valid Negative Serial Number Test13", negative, s => s with { Serial = -1 }), [negative],
                [Crl(Anchor), Crl("lists 255", new CrlSpec { Signer = negative, Entries = [new CrlEntrySpec(255, CrlReason.KeyCompromise)] })]);
            Add("4.4.14", "invalid-negative-serial-number", "Invalid Negative Serial Number Test14 — the EE's serial is -2 and the CRL lists -2.", false,
                Ee("Invalid Negative Serial Number Test14", negative, s => s with { Serial = -2 }), [negative],
                [Crl(Anchor), Crl("lists -2", new CrlSpec { Signer = negative, Entries = [new CrlEntrySpec(-2, CrlReason.KeyCompromise)] })]);
            var longSerials = Ca("Long Serial Number CA");
            var twenty = Serial("7F0102030405060708090A0B0C0D0E0F10111213");
            Add("4.4.15", "valid-long-serial-number", "Valid Long Serial Number Test15 — a 20-octet serial; the CRL lists another that differs only in the last octet.", true,
                Ee("Valid Long Serial Number Test15", longSerials, s => s with { Serial = twenty }), [longSerials],
                [Crl(Anchor), Crl("lists the neighbour", new CrlSpec { Signer = longSerials, Entries = [new CrlEntrySpec(twenty + 1, CrlReason.KeyCompromise)] })]);
            Add("4.4.16", "valid-long-serial-number-2", "Valid Long Serial Number Test16 — a 20-octet serial; the CRL lists its last 19 octets as a shorter number.", true,
                Ee("Valid Long Serial Number Test16", longSerials, s => s with { Serial = twenty + 2 }), [longSerials],
                [Crl(Anchor), Crl("lists a shorter number", new CrlSpec { Signer = longSerials, Entries = [new CrlEntrySpec(Serial("0102030405060708090A0B0C0D0E0F10111215"), CrlReason.KeyCompromise)] })]);
            Add("4.4.17", "invalid-long-serial-number", "Invalid Long Serial Number Test17 — the CRL lists the EE's 20-octet serial.", false,
                Ee("Invalid Long Serial Number Test17", longSerials, s => s with { Serial = twenty + 3 }), [longSerials],
                [Crl(Anchor), Crl("lists it", new CrlSpec { Signer = longSerials, Entries = [new CrlEntrySpec(twenty + 3, CrlReason.KeyCompromise)] })]);

            var certificateKey = Ca("Separate Certificate and CRL Keys CA", with: s => s with { KeyUsage = KeyUsageBits.KeyCertSign });
            var crlKey = Ca("Separate Certificate and CRL Keys CRL Signing Cert", with: s => s with
            {
                Subject = certificateKey.SubjectSpec, IsCa = false, KeyUsage = KeyUsageBits.CrlSign,
            });
            var separateLeaf = Ee("Valid Separate Certificate and CRL Keys Test18", certificateKey);
            Add("4.4.18", "valid-separate-certificate-and-crl-keys",
                "Valid Separate Certificate and CRL Keys Test18 — the CA signs certificates with one key and CRLs with another, certified by the anchor under the same name with cRLSign (6.3.3 f).", true,
                separateLeaf, [certificateKey, crlKey], [Crl(Anchor), Crl(crlKey)]);
            Add("4.4.19", "invalid-separate-keys-crl-signer-revoked",
                "Invalid Separate Certificate and CRL Keys Test20 — as 4.4.18, but the CRL-signing certificate is on the anchor's CRL, so the CA's CRL cannot be used.", false,
                Ee("Invalid Separate Certificate and CRL Keys Test20", certificateKey), [certificateKey, crlKey],
                [Crl("revokes the CRL signer", new CrlSpec { Signer = Anchor, Entries = [Revoked(crlKey)] }), Crl(crlKey)]);
            var separateRevoked = Ee("Invalid Separate Certificate and CRL Keys Test19", certificateKey);
            Add("4.4.20", "invalid-separate-keys-ee-revoked", "Invalid Separate Certificate and CRL Keys Test19 — as 4.4.18, with the EE on the CRL signed by the CRL key.", false,
                separateRevoked, [certificateKey, crlKey], [Crl(Anchor), Crl("revokes Test19", new CrlSpec { Signer = crlKey, Entries = [Revoked(separateRevoked)] })]);

            var duplicate = Ca("Duplicate Serial CRL CA");
            Add("4.4.x", "invalid-crl-listing-a-serial-twice", "Ours: the CA's CRL lists another serial twice; our reading is that such a CRL is not relied on, so the EE's status is undetermined.", false,
                Ee("Duplicate Serial CRL", duplicate), [duplicate],
                [Crl(Anchor), Crl("twice", new CrlSpec { Signer = duplicate, Entries = [new CrlEntrySpec(4242, CrlReason.Superseded), new CrlEntrySpec(4242, CrlReason.Superseded)] })]);
            var noNumber = Ca("No CRL Number CA");
            Add("4.4.x", "invalid-crl-without-crl-number", "Ours: the CA's CRL has no CRL number, which RFC 5280 5.2.3 makes mandatory; our reading is that it is not relied on.", false,
                Ee("CRL Without Number", noNumber), [noNumber], [Crl(Anchor), Crl("no number", new CrlSpec { Signer = noNumber, OmitNumber = true })]);
            var future = Ca("Future CRL CA");
            Add("4.4.x", "invalid-crl-from-the-future", "Ours: the CA's only CRL is dated a day after the validation time, so it says nothing about that instant.", false,
                Ee("CRL From The Future", future), [future],
                [Crl(Anchor), Crl("future", new CrlSpec { Signer = future, ThisUpdate = ValidationTime.AddDays(1), NextUpdate = ValidationTime.AddDays(31) })]);
            var dsa = Ca("DSA CRL CA", with: s => s with { KeyKind = KeyKind.Dsa });
            var dsaRevoked = Ee("DSA-signed CRL Revokes", dsa);
            Add("4.4.x", "invalid-revoked-on-a-dsa-signed-crl", "Ours: the CA's CRL is signed with DSA-with-SHA-1 and lists the EE.", false,
                dsaRevoked, [dsa], [Crl(Anchor), Crl("revokes", new CrlSpec { Signer = dsa, Entries = [Revoked(dsaRevoked)] })]);
        }

        public void KeyRollover()
        {
            var newKeyCa = Ca("Basic Self-Issued New Key CA");
            var oldWithNew = Ca("Basic Self-Issued New Key OldWithNew CA", newKeyCa, s => s with
            {
                Subject = newKeyCa.SubjectSpec, Key = PkitsKey.Generate(KeyKind.Ec, "Basic Self-Issued New Key CA old key"),
            });
            Add("4.5.1", "valid-basic-self-issued-old-with-new",
                "Valid Basic Self-Issued Old With New Test1 — the CA's new key certifies its old key (self-issued); the EE was signed with the old key; the CRL with the new one.", true,
                Ee("Valid Basic Self-Issued Old With New Test1", oldWithNew), [newKeyCa, oldWithNew], [Crl(Anchor), Crl(newKeyCa)]);
            var oldWithNewRevoked = Ee("Invalid Basic Self-Issued Old With New Test2", oldWithNew);
            Add("4.5.2", "invalid-basic-self-issued-old-with-new", "Invalid Basic Self-Issued Old With New Test2 — as 4.5.1, with the EE on the CRL.", false,
                oldWithNewRevoked, [newKeyCa, oldWithNew], [Crl(Anchor), Crl("revokes Test2", new CrlSpec { Signer = newKeyCa, Entries = [Revoked(oldWithNewRevoked)] })]);

            var oldKeyCa = Ca("Basic Self-Issued Old Key CA");
            var newWithOld = Ca("Basic Self-Issued Old Key NewWithOld CA", oldKeyCa, s => s with
            {
                Subject = oldKeyCa.SubjectSpec, Key = PkitsKey.Generate(KeyKind.Ec, "Basic Self-Issued Old Key CA new key"),
            });
            Add("4.5.3", "valid-basic-self-issued-new-with-old",
                "Valid Basic Self-Issued New With Old Test3 — the old key certifies the new one; the EE was signed with the new key; the CRL with the old key.", true,
                Ee("Valid Basic Self-Issued New With Old Test3", newWithOld), [oldKeyCa, newWithOld], [Crl(Anchor), Crl(oldKeyCa)]);
            Add("4.5.4", "valid-basic-self-issued-new-with-old-2",
                "Valid Basic Self-Issued New With Old Test4 — the EE was signed with the old key, the only CRL with the new key: the CRL signer's own path (new key certified by the old) is validated and its status taken from that same CRL.", true,
                Ee("Valid Basic Self-Issued New With Old Test4", oldKeyCa), [oldKeyCa, newWithOld], [Crl(Anchor), Crl(newWithOld)]);
            var newWithOldRevoked = Ee("Invalid Basic Self-Issued New With Old Test5", oldKeyCa);
            Add("4.5.5", "invalid-basic-self-issued-new-with-old", "Invalid Basic Self-Issued New With Old Test5 — as 4.5.4, with the EE on the new key's CRL.", false,
                newWithOldRevoked, [oldKeyCa, newWithOld], [Crl(Anchor), Crl("revokes Test5", new CrlSpec { Signer = newWithOld, Entries = [Revoked(newWithOldRevoked)] })]);

            var crlSigningCa = Ca("Basic Self-Issued CRL Signing Key CA");
            var crlSigningKey = Ca("Basic Self-Issued CRL Signing Key CRL Cert", crlSigningCa, s => s with
            {
                Subject = crlSigningCa.SubjectSpec, IsCa = false, KeyUsage = KeyUsageBits.CrlSign,
            });
            Add("4.5.6", "valid-basic-self-issued-crl-signing-key",
                "Valid Basic Self-Issued CRL Signing Key Test6 — the CA certifies a separate CRL-signing key of its own (self-issued, cRLSign only); that key signs the CRL covering the EE and the CRL-signing certificate itself.", true,
                Ee("Valid Basic Self-Issued CRL Signing Key Test6", crlSigningCa), [crlSigningCa, crlSigningKey], [Crl(Anchor), Crl(crlSigningKey)]);
            var crlSigningRevoked = Ee("Invalid Basic Self-Issued CRL Signing Key Test7", crlSigningCa);
            Add("4.5.7", "invalid-basic-self-issued-crl-signing-key", "Invalid Basic Self-Issued CRL Signing Key Test7 — as 4.5.6, with the EE on the CRL.", false,
                crlSigningRevoked, [crlSigningCa, crlSigningKey], [Crl(Anchor), Crl("revokes Test7", new CrlSpec { Signer = crlSigningKey, Entries = [Revoked(crlSigningRevoked)] })]);
            Add("4.5.8", "invalid-crl-signing-key-used-as-a-ca", "Invalid Basic Self-Issued CRL Signing Key Test8 — the EE was signed by the CRL-signing key, which is no CA.", false,
                Ee("Invalid Basic Self-Issued CRL Signing Key Test8", crlSigningKey), [crlSigningCa, crlSigningKey], [Crl(Anchor), Crl("for Test8", new CrlSpec { Signer = crlSigningKey, Number = 2 })]);
        }

        public void DeltaCrls()
        {
            var noBase = Ca("deltaCRLIndicator No Base CA");
            Add("4.15.1", "invalid-deltacrlindicator-no-base", "Invalid deltaCRLIndicator No Base Test1 — the CA's only CRL is a delta CRL; without its base it decides nothing.", false,
                Ee("Invalid deltaCRLIndicator No Base Test1", noBase), [noBase],
                [Crl(Anchor), Crl("delta only", new CrlSpec { Signer = noBase, Number = 2, DeltaBase = 1 })]);

            var ca = Ca("deltaCRL CA1");
            string Complete(string label, params CrlEntrySpec[] entries) => Crl(label, new CrlSpec { Signer = ca, Number = 10, FreshestCrl = true, Entries = entries });
            string Delta(string label, params CrlEntrySpec[] entries) => Crl(label, new CrlSpec { Signer = ca, Number = 11, DeltaBase = 10, Entries = entries });
            void Case(string section, string slug, string description, bool succeeds, PkitsCertificate leaf, params string[] crls) =>
                Add(section, slug, description, succeeds, leaf, [ca], [Crl(Anchor), .. crls]);

            Case("4.15.2", "valid-delta-crl", "Valid delta-CRL Test2 — a complete CRL (number 10) and its delta (11, base 10); the EE is on neither.", true,
                Ee("Valid delta-CRL Test2", ca), Complete("complete"), Delta("delta"));
            var onComplete = Ee("Invalid delta-CRL Test3", ca);
            Case("4.15.3", "invalid-delta-crl-revoked-on-the-complete-crl", "Invalid delta-CRL Test3 — the EE is on the complete CRL.", false,
                onComplete, Complete("complete 3", Revoked(onComplete)), Delta("delta 3"));
            var onDelta = Ee("Invalid delta-CRL Test4", ca);
            Case("4.15.4", "invalid-delta-crl-revoked-on-the-delta", "Invalid delta-CRL Test4 — the EE is on the delta CRL only.", false,
                onDelta, Complete("complete 4"), Delta("delta 4", Revoked(onDelta)));
            var released = Ee("Valid delta-CRL Test5", ca);
            Case("4.15.5", "valid-delta-crl-hold-released", "Valid delta-CRL Test5 — the EE is on hold on the complete CRL and removeFromCRL on the delta (6.3.3 i, k).", true,
                released, Complete("complete 5", Revoked(released, CrlReason.CertificateHold)), Delta("delta 5", Revoked(released, CrlReason.RemoveFromCrl)));
            var holdThenRevoked = Ee("Invalid delta-CRL Test6", ca);
            Case("4.15.6", "invalid-delta-crl-hold-then-revoked", "Invalid delta-CRL Test6 — on hold on the complete CRL, keyCompromise on the delta.", false,
                holdThenRevoked, Complete("complete 6", Revoked(holdThenRevoked, CrlReason.CertificateHold)), Delta("delta 6", Revoked(holdThenRevoked)));
            var removedOnly = Ee("Valid delta-CRL Test7", ca);
            Case("4.15.7", "valid-delta-crl-remove-from-crl-only", "Valid delta-CRL Test7 — removeFromCRL on the delta for a certificate not on the complete CRL.", true,
                removedOnly, Complete("complete 7"), Delta("delta 7", Revoked(removedOnly, CrlReason.RemoveFromCrl)));

            var staleBase = new CrlSpec { Signer = ca, Number = 20, FreshestCrl = true, ThisUpdate = ValidationTime.AddDays(-60), NextUpdate = ValidationTime.AddDays(-30) };
            var freshDelta = new CrlSpec { Signer = ca, Number = 21, DeltaBase = 20 };
            Case("4.15.8", "valid-stale-complete-crl-with-a-current-delta",
                "Valid delta-CRL Test8 — the complete CRL is past its nextUpdate but a current delta on it brings it up to date (6.3.3 a 2 i).", true,
                Ee("Valid delta-CRL Test8", ca), Crl("stale complete 8", staleBase), Crl("fresh delta 8", freshDelta));
            var staleRevoked = Ee("Invalid delta-CRL Test9", ca);
            Case("4.15.9", "invalid-stale-complete-crl-current-delta-revokes", "Invalid delta-CRL Test9 — as 4.15.8, with the EE on the delta.", false,
                staleRevoked, Crl("stale complete 9", staleBase), Crl("fresh delta 9", freshDelta with { Entries = [Revoked(staleRevoked)] }));
            Case("4.15.10", "invalid-stale-complete-and-delta-crls", "Invalid delta-CRL Test10 — the complete CRL and its delta are both past their nextUpdate.", false,
                Ee("Invalid delta-CRL Test10", ca), Crl("stale complete 10", staleBase),
                Crl("stale delta 10", freshDelta with { ThisUpdate = ValidationTime.AddDays(-40), NextUpdate = ValidationTime.AddDays(-20) }));
            Case("4.15.x", "invalid-delta-on-a-later-base",
                "Ours: the complete CRL (20) is stale and the only delta is on base 25, which it cannot update (5.2.4: the base must not be newer than the complete CRL).", false,
                Ee("Delta On A Later Base", ca), Crl("stale complete x", staleBase), Crl("delta on 25", freshDelta with { Number = 26, DeltaBase = 25 }));
        }
    }
}
