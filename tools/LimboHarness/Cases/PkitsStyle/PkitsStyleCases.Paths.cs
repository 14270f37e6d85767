using System.Formats.Asn1;
using Domain.Certificates;
using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>Sections 4.1 (signatures), 4.2 (validity), 4.3 (name chaining), 4.6 (basic constraints), 4.7 (key usage), 4.16 (private extensions).</summary>
public static partial class PkitsStyleCases
{
    private sealed partial class Builder
    {
        public void SignatureVerification()
        {
            var good = Ca("Good CA", with: s => s with { KeyKind = KeyKind.Rsa });
            Add("4.1.1", "valid-signatures", "Valid Signatures Test1 — anchor -> Good CA (RSA-2048) -> EE, every signature RSA PKCS#1 v1.5 with SHA-256.", true,
                Ee("Valid Signatures Test1", good), [good], Crls(good));
            var badSigned = Ca("Bad Signed CA", with: s => s with { BreakSignature = true });
            Add("4.1.2", "invalid-ca-signature", "Invalid CA Signature Test2 — the intermediate's signature does not verify with the anchor's key.", false,
                Ee("Invalid CA Signature Test2", badSigned), [badSigned], Crls(badSigned));
            Add("4.1.3", "invalid-ee-signature", "Invalid EE Signature Test3 — the end entity's signature does not verify.", false,
                Ee("Invalid EE Signature Test3", good, s => s with { BreakSignature = true }), [good], Crls(good));

            var dsa = Ca("DSA CA", with: s => s with { KeyKind = KeyKind.Dsa });
            Add("4.1.4", "valid-dsa-signatures", "Valid DSA Signatures Test4 — DSA CA (1024/160 key, parameters present) signs the EE and its CRL with DSA-with-SHA-1.", true,
                Ee("Valid DSA Signatures Test4", dsa, s => s with { KeyKind = KeyKind.Dsa }), [dsa], Crls(dsa));
            var inherited = Ca("DSA Parameters Inherited CA", dsa, s => s with { Key = PkitsKey.Generate(KeyKind.Dsa, "DSA Parameters Inherited CA key").WithoutDsaParameters() });
            Add("4.1.5", "valid-dsa-parameter-inheritance",
                "Valid DSA Parameter Inheritance Test5 — the second CA's DSA key omits its parameters and inherits the DSA CA's (RFC 5280 6.1.4 d-f); it signs the EE and its own CRL.", true,
                Ee("Valid DSA Parameter Inheritance Test5", inherited, s => s with { KeyKind = KeyKind.Dsa }), [dsa, inherited], Crls(dsa, inherited));
            Add("4.1.6", "invalid-dsa-signature", "Invalid DSA Signature Test6 — the EE's DSA signature does not verify.", false,
                Ee("Invalid DSA Signature Test6", dsa, s => s with { KeyKind = KeyKind.Dsa, BreakSignature = true }), [dsa], Crls(dsa));
            var orphan = Ca("DSA No Parameters Under RSA CA", with: s => s with { Key = PkitsKey.Generate(KeyKind.Dsa, "DSA No Parameters Under RSA CA key").WithoutDsaParameters() });
            Add("4.1.x", "invalid-dsa-parameters-not-inheritable",
                "Ours: a DSA key without parameters issued by an RSA anchor has nothing to inherit (6.1.4 e sets the parameters to null), so its signature on the EE cannot be verified.", false,
                Ee("DSA Parameters Not Inheritable", orphan, s => s with { KeyKind = KeyKind.Dsa }), [orphan], Crls(orphan));

            var sha1 = Ca("SHA-1 CA", with: s => s with { KeyKind = KeyKind.Rsa, Signature = SignatureKind.RsaSha1 });
            var sha1Crl = Crl("sha1", new CrlSpec { Signer = sha1, Signature = SignatureKind.RsaSha1 });
            var sha1Leaf = Ee("Valid SHA-1 Signatures", sha1, s => s with { Signature = SignatureKind.RsaSha1 });
            Add("4.1.x", "valid-sha1-rsa-signatures",
                "Ours: the CA certificate, EE and CRL are signed with sha1WithRSAEncryption. RFC 5280 does not forbid SHA-1, so the RFC 5280 policy accepts it (the product's Taiwan policy does not).", true,
                sha1Leaf, [sha1], [Crl(Anchor), sha1Crl]);
            Add("4.1.x", "invalid-sha1-when-the-case-allows-sha256-only",
                "Ours: the same SHA-1 chain when the case's signature_algorithms allow RSA and ECDSA with SHA-256 only.", false,
                sha1Leaf, [sha1], [Crl(Anchor), sha1Crl], t => t with { SignatureAlgorithms = ["RSA_WITH_SHA256", "ECDSA_WITH_SHA256"] });
            Add("4.1.x", "invalid-md5-signature", "Ours: the EE is signed with md5WithRSAEncryption, which no policy of ours accepts.", false,
                Ee("Invalid MD5 Signature", good, s => s with { Signature = SignatureKind.RsaMd5 }), [good], Crls(good));
            Add("4.1.x", "valid-rsassa-pss-signature", "Ours: the EE is signed with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-octet salt).", true,
                Ee("Valid RSASSA-PSS Signature", good, s => s with { Signature = SignatureKind.RsaPssSha256 }), [good], Crls(good));
            Add("4.1.x", "valid-rsassa-pss-salt-20",
                "Ours: RSASSA-PSS with SHA-256 but the default 20-octet salt. RFC 4055 allows any salt length; our reading is that the RFC 5280 policy verifies with the parameters given.", true,
                Ee("Valid RSASSA-PSS Salt 20", good, s => s with { Signature = SignatureKind.RsaPssSha256Salt20 }), [good], Crls(good));
            var ec = Ca("ECDSA CA");
            Add("4.1.x", "valid-ecdsa-with-sha1", "Ours: a P-256 CA signs the EE with ecdsa-with-SHA1 (RFC 5758 lists it; RFC 5280 does not forbid it).", true,
                Ee("Valid ECDSA with SHA-1", ec, s => s with { Signature = SignatureKind.EcdsaSha1 }), [ec], Crls(ec));
            var ed = Ca("Ed25519 CA", with: s => s with { KeyKind = KeyKind.Ed25519 });
            Add("4.1.x", "valid-ed25519-signatures", "Ours: an Ed25519 CA (RFC 8410) signs the EE and its CRL.", true,
                Ee("Valid Ed25519 Signatures", ed), [ed], Crls(ed));
        }

        public void ValidityPeriods()
        {
            var good = Ca("Validity CA");
            var notYet = Ca("Bad notBefore Date CA", with: s => s with { NotBefore = ValidationTime.AddYears(1) });
            Add("4.2.1", "invalid-ca-notbefore-date", "Invalid CA notBefore Date Test1 — the intermediate becomes valid a year after the validation time.", false,
                Ee("Invalid CA notBefore Date Test1", notYet), [notYet], Crls(notYet));
            Add("4.2.2", "invalid-ee-notbefore-date", "Invalid EE notBefore Date Test2.", false,
                Ee("Invalid EE notBefore Date Test2", good, s => s with { NotBefore = ValidationTime.AddYears(1) }), [good], Crls(good));
            Add("4.2.3", "valid-pre2000-utc-notbefore-date", "Valid pre2000 UTC notBefore Date Test3 — notBefore is UTCTime 500101000000Z, which RFC 5280 4.1.2.5.1 reads as 1950.", true,
                Ee("Valid pre2000 UTC notBefore Date Test3", good, s => s with { NotBefore = new DateTimeOffset(1950, 1, 1, 0, 0, 0, TimeSpan.Zero) }), [good], Crls(good));
            Add("4.2.4", "valid-generalizedtime-notbefore-date",
                "Valid GeneralizedTime notBefore Date Test4 — notBefore 2002 encoded as GeneralizedTime. RFC 5280 says CAs MUST use UTCTime before 2050; like PKITS we accept the other encoding of a correct date.", true,
                Ee("Valid GeneralizedTime notBefore Date Test4", good, s => s with { NotBefore = new DateTimeOffset(2002, 1, 1, 12, 1, 0, TimeSpan.Zero), NotBeforeGeneralized = true }), [good], Crls(good));
            var expired = Ca("Bad notAfter Date CA", with: s => s with { NotAfter = ValidationTime.AddYears(-1) });
            Add("4.2.5", "invalid-ca-notafter-date", "Invalid CA notAfter Date Test5 — the intermediate expired a year before the validation time.", false,
                Ee("Invalid CA notAfter Date Test5", expired), [expired], Crls(expired));
            Add("4.2.6", "invalid-ee-notafter-date", "Invalid EE notAfter Date Test6.", false,
                Ee("Invalid EE notAfter Date Test6", good, s => s with { NotAfter = ValidationTime.AddYears(-1) }), [good], Crls(good));
            Add("4.2.7", "invalid-pre2000-utc-ee-notafter-date", "Invalid pre2000 UTC EE notAfter Date Test7 — notAfter is UTCTime 991231235959Z: 1999, not 2099.", false,
                Ee("Invalid pre2000 UTC EE notAfter Date Test7", good, s => s with { NotAfter = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero) }), [good], Crls(good));
            Add("4.2.8", "valid-generalizedtime-notafter-date", "Valid GeneralizedTime notAfter Date Test8 — notAfter 2050-01-01 as GeneralizedTime, as RFC 5280 requires from 2050.", true,
                Ee("Valid GeneralizedTime notAfter Date Test8", good, s => s with { NotAfter = new DateTimeOffset(2050, 1, 1, 12, 1, 0, TimeSpan.Zero) }), [good], Crls(good));

            var lastSecond = new DateTimeOffset(2049, 12, 31, 23, 59, 59, TimeSpan.Zero);
            var boundary = Ee("UTCTime 2049 notAfter", good, s => s with { NotAfter = lastSecond });
            Add("4.2.x", "valid-utctime-2049-at-its-last-second",
                "Ours: notAfter is UTCTime 491231235959Z (2049, the last UTCTime year); validated at that very second (both ends inclusive). No CRLs: revocation is not in play.", true,
                boundary, [good], [], t => t with { ValidationTime = lastSecond });
            Add("4.2.x", "invalid-utctime-2049-one-second-later",
                "Ours: the same certificate validated at 2050-01-01T00:00:00Z, one second after notAfter. No CRLs.", false,
                boundary, [good], [], t => t with { ValidationTime = lastSecond.AddSeconds(1) });
        }

        public void NameChaining()
        {
            var good = Ca("Name Chaining CA");
            Add("4.3.1", "invalid-name-chaining-ee", "Invalid Name Chaining EE Test1 — the EE names an issuer whose CN differs from the CA's.", false,
                Ee("Invalid Name Chaining Test1", good, s => s with { IssuerNameOverride = Name("Wrong Name Chaining CA") }), [good], Crls(good));
            NameAttributeSpec ou1 = new("OU", "Organizational Unit 1"), ou2 = new("OU", "Organizational Unit 2");
            var ordered = Ca("Name Ordering CA", with: s => s with { Subject = Name("Name Ordering CA", ou1, ou2) });
            Add("4.3.2", "invalid-name-chaining-order", "Invalid Name Chaining Order Test2 — the EE's issuer has the two OUs of the CA's subject in the other order.", false,
                Ee("Invalid Name Chaining Order Test2", ordered, s => s with { IssuerNameOverride = Name("Name Ordering CA", ou2, ou1) }), [ordered], Crls(ordered));
            Add("4.3.3", "valid-name-chaining-whitespace",
                "Valid Name Chaining Whitespace Test3 — the EE's issuer CN has leading, trailing and doubled spaces; RFC 5280 7.1 (RFC 4518 insignificant space handling) makes the names equal.", true,
                Ee("Valid Name Chaining Whitespace Test3", good, s => s with { IssuerNameOverride = Name("  Name   Chaining CA  ") }), [good], Crls(good));
            Add("4.3.4", "valid-name-chaining-whitespace-2", "Valid Name Chaining Whitespace Test4 — doubled spaces inside the O of the EE's issuer.", true,
                Ee("Valid Name Chaining Whitespace Test4", good, s => s with
                {
                    IssuerNameOverride = [new("C", "US"), new("O", "EVS  PKITS-style   Certificates 2030"), new("CN", "Name Chaining CA")],
                }), [good], Crls(good));
            Add("4.3.5", "valid-name-chaining-capitalization", "Valid Name Chaining Capitalization Test5 — the EE's issuer CN in capitals; RFC 5280 7.1 compares case-insensitively.", true,
                Ee("Valid Name Chaining Capitalization Test5", good, s => s with { IssuerNameOverride = Name("NAME CHAINING CA") }), [good], Crls(good));
            var uids = Ca("UID CA", with: s => s with { UniqueIdentifiers = true });
            Add("4.3.6", "valid-name-uids", "Valid Name UIDs Test6 — the CA and EE carry issuerUniqueID and subjectUniqueID (v3 allows them).", true,
                Ee("Valid Name UIDs Test6", uids, s => s with { UniqueIdentifiers = true }), [uids], Crls(uids));
            var mandatory = Ca("RFC3280 Mandatory Attribute Types CA", with: s => s with
            {
                Subject = [.. Name("RFC3280 Mandatory Attribute Types CA"), new("DC", "gov"), new("DC", "testcertificates"), new("ST", "Maryland"), new("SERIALNUMBER", "345"), new("DNQ", "distinguisher")],
            });
            Add("4.3.7", "valid-rfc3280-mandatory-attribute-types", "Valid RFC3280 Mandatory Attribute Types Test7 — the CA's name uses domainComponent, stateOrProvinceName, serialNumber, dnQualifier.", true,
                Ee("Valid RFC3280 Mandatory Attribute Types Test7", mandatory), [mandatory], Crls(mandatory));
            var optional = Ca("RFC3280 Optional Attribute Types CA", with: s => s with
            {
                Subject = [.. Name("RFC3280 Optional Attribute Types CA"), new("L", "Gaithersburg"), new("T", "M.D."), new("SN", "Lastname"), new("GN", "Firstname"),
                    new("INITIALS", "FL"), new("PSEUDONYM", "Pseudonym"), new("GQ", "III")],
            });
            Add("4.3.8", "valid-rfc3280-optional-attribute-types", "Valid RFC3280 Optional Attribute Types Test8 — locality, title, surname, givenName, initials, pseudonym, generationQualifier.", true,
                Ee("Valid RFC3280 Optional Attribute Types Test8", optional), [optional], Crls(optional));
            NameAttributeSpec[] Utf8(string cn) => [new("C", "US"), new("O", "EVS PKITS-style Certificates 2030", UniversalTagNumber.UTF8String), new("CN", cn, UniversalTagNumber.UTF8String)];
            var utf8 = Ca("UTF8String Encoded Names CA", with: s => s with { Subject = Utf8("UTF8String Encoded Names CA") });
            Add("4.3.9", "valid-utf8string-encoded-names", "Valid UTF8String Encoded Names Test9 — the CA's subject and the EE's issuer are UTF8String.", true,
                Ee("Valid UTF8String Encoded Names Test9", utf8), [utf8], Crls(utf8));
            var rollover = Ca("Rollover from PrintableString to UTF8String CA");
            Add("4.3.10", "valid-rollover-from-printablestring-to-utf8string",
                "Valid Rollover from PrintableString to UTF8String Test10 — the CA's subject is PrintableString, the EE names it in UTF8String; RFC 5280 7.1 compares the prepared strings, not the encodings.", true,
                Ee("Valid Rollover from PrintableString to UTF8String Test10", rollover, s => s with { IssuerNameOverride = Utf8("Rollover from PrintableString to UTF8String CA") }),
                [rollover], Crls(rollover));
            var caseless = Ca("UTF8String Case Insensitive Match CA", with: s => s with { Subject = Utf8("UTF8String Case Insensitive Match CA") });
            Add("4.3.11", "valid-utf8string-case-insensitive-match", "Valid UTF8String Case Insensitive Match Test11 — UTF8String names that differ only in case and spacing.", true,
                Ee("Valid UTF8String Case Insensitive Match Test11", caseless, s => s with { IssuerNameOverride = Utf8(" utf8string case  insensitive match ca ") }),
                [caseless], Crls(caseless));
        }

        public void BasicConstraints()
        {
            var missing = Ca("Missing basicConstraints CA", with: s => s with { OmitBasicConstraints = true });
            Add("4.6.1", "invalid-missing-basicconstraints", "Invalid Missing basicConstraints Test1 — the intermediate has no basicConstraints.", false,
                Ee("Invalid Missing basicConstraints Test1", missing), [missing], Crls(missing));
            var falseCritical = Ca("basicConstraints Critical cA False CA", with: s => s with { BasicConstraintsWithoutCa = true });
            Add("4.6.2", "invalid-ca-false-critical", "Invalid cA False Test2 — basicConstraints critical without cA.", false,
                Ee("Invalid cA False Test2", falseCritical), [falseCritical], Crls(falseCritical));
            var falseNonCritical = Ca("basicConstraints Not Critical cA False CA", with: s => s with { BasicConstraintsWithoutCa = true, BasicConstraintsCritical = false });
            Add("4.6.3", "invalid-ca-false-not-critical", "Invalid cA False Test3 — basicConstraints non-critical without cA.", false,
                Ee("Invalid cA False Test3", falseNonCritical), [falseNonCritical], Crls(falseNonCritical));
            var notCritical = Ca("basicConstraints Not Critical CA", with: s => s with { BasicConstraintsCritical = false });
            Add("4.6.4", "valid-basicconstraints-not-critical",
                "Valid basicConstraints Not Critical Test4 — the intermediate asserts cA in a non-critical extension. RFC 5280 makes criticality the CA's duty; 6.1.4 (k) asks only for cA. Our reading, as PKITS: valid (a trust anchor must still mark it critical).", true,
                Ee("Valid basicConstraints Not Critical Test4", notCritical), [notCritical], Crls(notCritical));

            var zero = Ca("pathLenConstraint0 CA", with: s => s with { PathLength = 0 });
            var belowZero = Ca("pathLenConstraint0 subCA", zero);
            Add("4.6.5", "invalid-pathlenconstraint", "Invalid pathLenConstraint Test5 — pathLenConstraint 0, then another CA.", false,
                Ee("Invalid pathLenConstraint Test5", belowZero), [zero, belowZero], Crls(zero, belowZero));
            var belowZeroWithZero = Ca("pathLenConstraint0 subCA2", zero, s => s with { PathLength = 0 });
            Add("4.6.6", "invalid-pathlenconstraint-2", "Invalid pathLenConstraint Test6 — the CA under pathLenConstraint 0 has pathLenConstraint 0 itself; it is still one CA too many.", false,
                Ee("Invalid pathLenConstraint Test6", belowZeroWithZero), [zero, belowZeroWithZero], Crls(zero, belowZeroWithZero));
            Add("4.6.7", "valid-pathlenconstraint", "Valid pathLenConstraint Test7 — pathLenConstraint 0 directly above the EE.", true,
                Ee("Valid pathLenConstraint Test7", zero), [zero], Crls(zero));
            Add("4.6.8", "valid-pathlenconstraint-leaf-is-a-ca",
                "Valid pathLenConstraint Test8 — under pathLenConstraint 0 the target is itself a CA certificate; the last certificate is not an intermediate (RFC 5280 4.2.1.9).", true,
                Ee("Valid pathLenConstraint Test8", zero, s => s with { IsCa = true, KeyUsage = KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign }), [zero], Crls(zero));
            var six = Ca("pathLenConstraint6 CA", with: s => s with { PathLength = 6 });
            var sixZero = Ca("pathLenConstraint6 subCA0", six, s => s with { PathLength = 0 });
            var sixZeroBelow = Ca("pathLenConstraint6 subsubCA00", sixZero);
            Add("4.6.9", "invalid-pathlenconstraint-6-then-0", "Invalid pathLenConstraint Test9 — 6, then 0, then one more CA.", false,
                Ee("Invalid pathLenConstraint Test9", sixZeroBelow), [six, sixZero, sixZeroBelow], Crls(six, sixZero, sixZeroBelow));
            var sixOne = Ca("pathLenConstraint6 subCA1", six, s => s with { PathLength = 1 });
            var sixOneOne = Ca("pathLenConstraint6 subsubCA11", sixOne, s => s with { PathLength = 1 });
            var sixOneOneBelow = Ca("pathLenConstraint6 subsubsubCA11X", sixOneOne);
            Add("4.6.11", "invalid-pathlenconstraint-6-1-1", "Invalid pathLenConstraint Test11 — 6, 1, 1: the 1 allows one more CA, not two (a later, larger value does not widen it).", false,
                Ee("Invalid pathLenConstraint Test11", sixOneOneBelow), [six, sixOne, sixOneOne, sixOneOneBelow], Crls(six, sixOne, sixOneOne, sixOneOneBelow));
            Add("4.6.13", "valid-pathlenconstraint-6-1", "Valid pathLenConstraint Test13 — 6, then 1, then one CA, then the EE.", true,
                Ee("Valid pathLenConstraint Test13", sixOneOne), [six, sixOne, sixOneOne], Crls(six, sixOne, sixOneOne));

            var rolled = Ca("pathLenConstraint0 self-issued CA", zero, s => s with { Subject = zero.SubjectSpec, PathLength = 0 });
            Add("4.6.15", "valid-self-issued-pathlenconstraint",
                "Valid Self-Issued pathLenConstraint Test15 — pathLenConstraint 0, then a self-issued certificate of the same CA (key rollover), then the EE: self-issued certificates do not count (6.1.4 l). The CA's CRL is signed with its new key.", true,
                Ee("Valid Self-Issued pathLenConstraint Test15", rolled), [zero, rolled], [Crl(Anchor), Crl(rolled)]);
            var belowRolled = Ca("pathLenConstraint0 self-issued subCA", rolled);
            Add("4.6.16", "invalid-self-issued-pathlenconstraint", "Invalid Self-Issued pathLenConstraint Test16 — as 4.6.15 with a further CA below the self-issued certificate.", false,
                Ee("Invalid Self-Issued pathLenConstraint Test16", belowRolled), [zero, rolled, belowRolled], [Crl(Anchor), Crl(rolled), Crl(belowRolled)]);
        }

        public void KeyUsage()
        {
            var noCertSignCritical = Ca("keyUsage Critical keyCertSign False CA", with: s => s with { KeyUsage = KeyUsageBits.CrlSign });
            Add("4.7.1", "invalid-keyusage-critical-keycertsign-false", "Invalid keyUsage Critical keyCertSign False Test1.", false,
                Ee("Invalid keyUsage Critical keyCertSign False Test1", noCertSignCritical), [noCertSignCritical], Crls(noCertSignCritical));
            var noCertSign = Ca("keyUsage Not Critical keyCertSign False CA", with: s => s with { KeyUsage = KeyUsageBits.CrlSign, KeyUsageCritical = false });
            Add("4.7.2", "invalid-keyusage-not-critical-keycertsign-false", "Invalid keyUsage Not Critical keyCertSign False Test2.", false,
                Ee("Invalid keyUsage Not Critical keyCertSign False Test2", noCertSign), [noCertSign], Crls(noCertSign));
            var notCritical = Ca("keyUsage Not Critical CA", with: s => s with { KeyUsageCritical = false });
            Add("4.7.3", "valid-keyusage-not-critical", "Valid keyUsage Not Critical Test3.", true,
                Ee("Valid keyUsage Not Critical Test3", notCritical), [notCritical], Crls(notCritical));
            var noCrlSignCritical = Ca("keyUsage Critical cRLSign False CA", with: s => s with { KeyUsage = KeyUsageBits.KeyCertSign });
            Add("4.7.4", "invalid-keyusage-critical-crlsign-false", "Invalid keyUsage Critical cRLSign False Test4 — the CA may not sign CRLs, so its CRL tells nothing (6.3.3 f).", false,
                Ee("Invalid keyUsage Critical cRLSign False Test4", noCrlSignCritical), [noCrlSignCritical], Crls(noCrlSignCritical));
            var noCrlSign = Ca("keyUsage Not Critical cRLSign False CA", with: s => s with { KeyUsage = KeyUsageBits.KeyCertSign, KeyUsageCritical = false });
            Add("4.7.5", "invalid-keyusage-not-critical-crlsign-false", "Invalid keyUsage Not Critical cRLSign False Test5.", false,
                Ee("Invalid keyUsage Not Critical cRLSign False Test5", noCrlSign), [noCrlSign], Crls(noCrlSign));
        }

        public void PrivateExtensions()
        {
            var good = Ca("Private Extensions CA");
            Add("4.16.1", "valid-unknown-not-critical-certificate-extension", "Valid Unknown Not Critical Certificate Extension Test1.", true,
                Ee("Valid Unknown Not Critical Certificate Extension Test1", good, s => s with { PrivateExtension = ("2.16.840.1.101.2.1.12.2", false) }), [good], Crls(good));
            Add("4.16.2", "invalid-unknown-critical-certificate-extension", "Invalid Unknown Critical Certificate Extension Test2.", false,
                Ee("Invalid Unknown Critical Certificate Extension Test2", good, s => s with { PrivateExtension = ("2.16.840.1.101.2.1.12.2", true) }), [good], Crls(good));
        }
    }
}
