using Domain.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509.Extension;
using Pkix.Validation;

namespace TestPki.Tests;

public class PkiGeneratorTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    [Fact]
    public void The_same_seed_writes_byte_identical_files_and_the_cache_matches_the_current_generator()
    {
        using var fresh = new TempFolder();
        PkiGenerator.Generate(PkiGenerator.DefaultSeed, fresh.Path);

        var expected = Files(Pki.Root);
        var actual = Files(fresh.Path);
        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: false);
        // A mismatch here means the output changed without a PkiGenerator.Version bump.
        foreach (var (file, bytes) in expected)
            actual[file].SequenceEqual(bytes).ShouldBeTrue($"{file} differs between two generations with seed {PkiGenerator.DefaultSeed}");
    }

    [Fact]
    public void Another_seed_and_base_url_give_other_keys_serials_and_urls_but_the_same_holders()
    {
        using var other = new TempFolder();
        var seven = PkiGenerator.Generate(7, other.Path, "http://localhost:9999/pki/");

        foreach (var leaf in Pki.Leaves)
        {
            var twin = seven.Leaf(leaf.Name);
            twin.SerialNumber.ShouldNotBe(leaf.SerialNumber);
            twin.SubjectKeyId.ShouldNotBe(leaf.SubjectKeyId);
            twin.SubjectDn.ShouldBe(leaf.SubjectDn);
            (twin.Citizen ?? (object?)twin.Agency).ShouldBe(leaf.Citizen ?? (object?)leaf.Agency);
        }
        seven.Ca("grca-g2").SubjectKeyId.ShouldNotBe(Pki.Ca("grca-g2").SubjectKeyId);

        seven.BaseUrl.ShouldBe("http://localhost:9999/pki");
        seven.Ca("gca").OcspUrl.ShouldBe("http://localhost:9999/pki/ocsp/gca");
        seven.Crl("gca").Url.ShouldBe("http://localhost:9999/pki/crl/gca.crl");
        File.ReadAllText(seven.Leaf("org-gca-rsa").CertificatePath).ShouldNotBe(File.ReadAllText(Pki.Leaf("org-gca-rsa").CertificatePath));
    }

    [Fact]
    public void Every_task_leaf_exists_with_its_case()
    {
        var expected = new Dictionary<string, LeafCase>
        {
            ["org-gca-rsa"] = LeafCase.Valid, ["org-gca-ec"] = LeafCase.Valid, ["org-xca-rsa"] = LeafCase.Valid,
            ["org-moeaca-rsa"] = LeafCase.Valid, ["org-hca-rsa"] = LeafCase.Valid, ["citizen-moica2-rsa"] = LeafCase.Valid,
            ["citizen-moica2-ec"] = LeafCase.Valid, ["citizen-moica3-rsa"] = LeafCase.Valid, ["citizen-expired"] = LeafCase.Expired,
            ["citizen-not-yet-valid"] = LeafCase.NotYetValid, ["citizen-revoked"] = LeafCase.Revoked, ["org-revoked"] = LeafCase.Revoked,
            ["citizen-wrong-key-usage"] = LeafCase.WrongKeyUsage, ["citizen-wrong-issuer"] = LeafCase.WrongIssuer,
            ["citizen-test-ca"] = LeafCase.TestCa, ["org-test-ca"] = LeafCase.TestCa, ["org-expired"] = LeafCase.Expired,
        };
        foreach (var (name, leafCase) in expected)
            Pki.Leaf(name).Case.ShouldBe(leafCase, name);
    }

    [Fact]
    public void Every_certificate_is_signed_by_its_issuer_and_names_it_by_key_identifier()
    {
        foreach (var ca in Pki.Cas)
        {
            var certificate = Bc.Certificate(ca);
            var issuer = Bc.Certificate(Pki.Ca(ca.Issuer));
            certificate.Verify(issuer.GetPublicKey());
            certificate.IssuerDN.Equivalent(issuer.SubjectDN).ShouldBeTrue(ca.Name);
            SubjectKeyId(certificate).ShouldBe(ca.SubjectKeyId);
            if (!ca.IsRoot)
                AuthorityKeyId(certificate).ShouldBe(SubjectKeyId(issuer), ca.Name);
        }
        foreach (var leaf in Pki.Leaves)
        {
            var certificate = Bc.Certificate(leaf);
            var issuer = Bc.Certificate(Pki.Ca(leaf.Issuer));
            certificate.Verify(issuer.GetPublicKey());
            AuthorityKeyId(certificate).ShouldBe(leaf.IssuerKeyId, leaf.Name);
            leaf.IssuerKeyId.ShouldBe(Pki.Ca(leaf.Issuer).SubjectKeyId, leaf.Name);
        }
    }

    [Fact]
    public void The_two_MOICA_generations_share_one_subject_and_differ_by_key()
    {
        var g3 = Pki.Ca("moica-g3");
        var g2 = Pki.Ca("moica-g2");
        g3.SubjectDn.ShouldBe("OU=內政部憑證管理中心,O=行政院,C=TW");
        g2.SubjectDn.ShouldBe(g3.SubjectDn);
        g2.SubjectKeyId.ShouldNotBe(g3.SubjectKeyId);
        Bc.Certificate(g3).SubjectDN.Equivalent(Bc.Certificate(g2).SubjectDN).ShouldBeTrue();
        Pki.Leaf("citizen-moica3-rsa").IssuerKeyId.ShouldBe(g3.SubjectKeyId);
        Pki.Leaf("citizen-moica2-rsa").IssuerKeyId.ShouldBe(g2.SubjectKeyId);
    }

    [Fact]
    public void The_wrong_issuer_copies_MOICA_and_GRCA_names_under_its_own_keys()
    {
        var rogue = Pki.Ca("rogue-moica");
        rogue.SubjectDn.ShouldBe(Pki.Ca("moica-g2").SubjectDn);
        Pki.Ca("rogue-root").SubjectDn.ShouldBe(Pki.Ca("grca-g2").SubjectDn);
        rogue.Trust.ShouldBe(CaTrust.Rogue);
        var leaf = Bc.Certificate(Pki.Leaf("citizen-wrong-issuer"));
        Should.Throw<Org.BouncyCastle.Security.InvalidKeyException>(() => leaf.Verify(Bc.Certificate(Pki.Ca("moica-g2")).GetPublicKey()));
        Should.Throw<Exception>(() => Bc.Certificate(rogue).Verify(Bc.Certificate(Pki.Ca("grca-g2")).GetPublicKey()));
    }

    [Fact]
    public void Test_CA_leaves_chain_to_the_test_root_named_as_the_government_test_CA()
    {
        var testCa = Pki.Ca("test-gca");
        testCa.SubjectDn.ShouldBe("OU=政府測試憑證管理中心,O=行政院,C=TW");
        testCa.Trust.ShouldBe(CaTrust.Test);
        Pki.Ca(testCa.Issuer).Trust.ShouldBe(CaTrust.Test);
        Pki.Leaf("citizen-test-ca").Issuer.ShouldBe("test-gca");
        Pki.Leaf("org-test-ca").Issuer.ShouldBe("test-gca");
        Pki.Leaf("org-test-ca").Policies.ShouldBe(["2.16.886.101.0.3.0"]);
    }

    [Fact]
    public void CAs_carry_basic_constraints_with_a_path_length_and_sign_only_certificates_and_CRLs()
    {
        foreach (var ca in Pki.Cas)
        {
            var certificate = Bc.Certificate(ca);
            certificate.GetBasicConstraints().ShouldBe(ca.IsRoot ? 1 : 0, ca.Name);
            certificate.GetCriticalExtensionOids().ShouldContain(X509Extensions.BasicConstraints.Id);
            certificate.GetKeyUsage().ShouldBe([false, false, false, false, false, true, true, false, false], ca.Name);
        }
    }

    [Fact]
    public void Leaves_say_what_the_manifest_says()
    {
        foreach (var leaf in Pki.Leaves)
        {
            var certificate = Bc.Certificate(leaf);
            Bc.Hex(certificate.SerialNumber).ShouldBe(leaf.SerialNumber);
            certificate.NotBefore.ShouldBe(leaf.NotBefore.UtcDateTime);
            certificate.NotAfter.ShouldBe(leaf.NotAfter.UtcDateTime);
            certificate.GetBasicConstraints().ShouldBe(-1);
            Policies(certificate).ShouldBe(leaf.Policies);
            // The real profile (tools/TestPki/realpki): the type as an OID value, digits as UTF8String, the organisation OID as an OID value.
            var attributes = DirectoryAttributes(certificate);
            ((DerObjectIdentifier)attributes[TaiwanCertificateOids.CertificateType]).Id.ShouldBe(leaf.CertificateType);
            ((DerPrintableString)attributes[TaiwanCertificateOids.CertificateClass]).GetString().ShouldBe("primary");
            if (leaf.Kind == CertificateKind.Citizen)
            {
                certificate.SubjectDN.ToString().ShouldMatch($"^C=TW,CN={leaf.Citizen!.Name},SERIALNUMBER=[0-9]{{16}}$");
                leaf.CertificateType.ShouldBe(TaiwanCertificateOids.CitizenCardType);
                ((DerUtf8String)attributes[TaiwanCertificateOids.NationalIdLastFour]).GetString().ShouldBe(leaf.Citizen.LastFour);
                attributes.Count.ShouldBe(3);
                leaf.NationalIdLastFour.ShouldBe(leaf.Citizen.NationalId[^4..]);
            }
            else
            {
                var agency = leaf.Agency!;
                // MOEACA and XCA name the company or school alone; GCA and HCA the agency under its ministry.
                certificate.SubjectDN.ToString().ShouldBe(leaf.Issuer is "moeaca" or "xca"
                    ? $"C=TW,O={agency.AgencyName}"
                    : $"C=TW,O={agency.Ministry},OU={agency.AgencyName}");
                (attributes.GetValueOrDefault(TaiwanCertificateOids.AgencyOid) as DerObjectIdentifier)?.Id.ShouldBe(agency.AgencyOid);
                (attributes.GetValueOrDefault(TaiwanCertificateOids.BusinessNumber) as DerUtf8String)?.GetString().ShouldBe(agency.BusinessNumber);
                attributes.ContainsKey(TaiwanCertificateOids.AgencyOid).ShouldBe(agency.AgencyOid is not null);
                attributes.ContainsKey(TaiwanCertificateOids.BusinessNumber).ShouldBe(agency.BusinessNumber is not null);
            }
        }
        Pki.Leaf("org-moeaca-rsa").CertificateType.ShouldBe(TaiwanCertificateOids.MoeacaCompanyType);
        Pki.Leaf("org-moeaca-rsa").Agency!.AgencyOid.ShouldBeNull();
        Pki.Leaf("org-xca-rsa").Agency!.AgencyOid.ShouldStartWith("2.16.886.111.");
        Pki.Leaf("org-gca-rsa").CertificateType.ShouldBe(TaiwanCertificateOids.GcaAgencyCardType);
        Pki.Leaf("org-moeaca-rsa").Agency!.BusinessNumber.ShouldBe("24536806");
    }

    [Fact]
    public void Every_citizen_holder_has_a_valid_national_id_and_organisations_have_both_code_styles()
    {
        foreach (var citizen in Pki.Leaves.Select(l => l.Citizen).OfType<CitizenHolder>())
            Domain.Common.NationalId.Parse(citizen.NationalId).Error.ShouldBeNull(citizen.Name);
        var codes = Pki.Leaves.Select(l => l.Agency?.AgencyCode).OfType<string>().ToList();
        codes.ShouldContain(c => c.Length == 7);
        codes.ShouldContain(c => c.Length == 5);
        codes.ShouldBeUnique();
    }

    [Fact]
    public void Signature_leaves_have_digital_signature_and_non_repudiation_and_the_wrong_one_only_key_encipherment()
    {
        foreach (var leaf in Pki.Leaves)
        {
            var usage = Bc.Certificate(leaf).GetKeyUsage();
            if (leaf.Case == LeafCase.WrongKeyUsage)
            {
                usage.ShouldBe([false, false, true, false, false, false, false, false, false]);
                leaf.KeyUsage.ShouldBe(KeyUsageBits.KeyEncipherment);
            }
            else
            {
                usage.ShouldBe([true, true, false, false, false, false, false, false, false], leaf.Name);
                leaf.KeyUsage.ShouldBe(KeyUsageBits.DigitalSignature | KeyUsageBits.NonRepudiation);
            }
        }
    }

    [Fact]
    public void Validity_matches_each_case_at_the_reference_instants()
    {
        var now = Pki.ReferenceInstants.Now;
        foreach (var leaf in Pki.Leaves)
        {
            var valid = leaf.NotBefore <= now && now <= leaf.NotAfter;
            valid.ShouldBe(leaf.Case is not (LeafCase.Expired or LeafCase.NotYetValid), leaf.Name);
        }
        Pki.Leaf("citizen-expired").NotAfter.ShouldBeLessThan(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Pki.Leaf("citizen-not-yet-valid").NotBefore.ShouldBeGreaterThan(new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Pki.Leaf("org-gca-rsa").NotAfter.ShouldBe(new DateTimeOffset(2035, 12, 31, 23, 59, 59, TimeSpan.Zero));
        foreach (var ca in Pki.Cas)
            (ca.NotBefore <= Pki.ReferenceInstants.ExpiredNotBefore && Pki.ReferenceInstants.NotYetValidNotAfter <= ca.NotAfter).ShouldBeTrue(ca.Name);
    }

    [Fact]
    public void Certificates_point_at_the_base_url_for_CRLs_OCSP_and_CA_certificates()
    {
        var leaf = Bc.Certificate(Pki.Leaf("citizen-moica2-rsa"));
        var distribution = CrlDistPoint.GetInstance(X509ExtensionUtilities.FromExtensionValue(leaf.GetExtensionValue(X509Extensions.CrlDistributionPoints)));
        var crlUrl = ((DerIA5String)GeneralNames.GetInstance(distribution.GetDistributionPoints()[0].DistributionPointName.Name).GetNames()[0].Name).GetString();
        crlUrl.ShouldBe("http://127.0.0.1:18080/crl/moica-g2.crl");
        crlUrl.ShouldBe(Pki.Ca("moica-g2").CrlUrl);

        var access = AuthorityInformationAccess.GetInstance(X509ExtensionUtilities.FromExtensionValue(leaf.GetExtensionValue(X509Extensions.AuthorityInfoAccess)));
        var urls = access.GetAccessDescriptions().ToDictionary(d => d.AccessMethod.Id, d => ((DerIA5String)d.AccessLocation.Name).GetString());
        urls[AccessDescription.IdADOcsp.Id].ShouldBe("http://127.0.0.1:18080/ocsp/moica-g2");
        urls[AccessDescription.IdADCAIssuers.Id].ShouldBe("http://127.0.0.1:18080/ca/moica-g2.cer");
    }

    [Fact]
    public void A_loaded_manifest_has_absolute_paths_to_files_that_exist()
    {
        Path.IsPathRooted(Pki.Root).ShouldBeTrue();
        foreach (var leaf in Pki.Leaves)
        {
            foreach (var path in new[] { leaf.CertificatePath, leaf.CertificateDerPath, leaf.KeyPath, leaf.P12Path, leaf.CardPath })
                File.Exists(path).ShouldBeTrue(path);
        }
        foreach (var ca in Pki.Cas)
        {
            foreach (var path in new[] { ca.CertificatePath, ca.CertificateDerPath, ca.KeyPath, ca.CrlPath })
                File.Exists(path).ShouldBeTrue(path);
        }
        Should.Throw<KeyNotFoundException>(() => Pki.Leaf("no-such-leaf")).Message.ShouldContain("no-such-leaf");
    }

    [Fact]
    public void PKCS12_files_open_with_the_manifest_password_and_hold_the_leaf_key()
    {
        foreach (var leaf in Pki.Leaves)
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(leaf.P12Path, Pki.P12Password);
            certificate.HasPrivateKey.ShouldBeTrue(leaf.Name);
            certificate.RawData.ShouldBe(leaf.CertificateDer());
        }
    }

    private static SortedDictionary<string, byte[]> Files(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    private static string SubjectKeyId(Org.BouncyCastle.X509.X509Certificate certificate) =>
        Convert.ToHexString(SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier))).GetKeyIdentifier());

    private static string AuthorityKeyId(Org.BouncyCastle.X509.X509Certificate certificate) =>
        Convert.ToHexString(AuthorityKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier))).KeyIdentifier.GetOctets());

    private static List<string> Policies(Org.BouncyCastle.X509.X509Certificate certificate) =>
        CertificatePolicies.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.CertificatePolicies)))
            .GetPolicyInformation().Select(p => p.PolicyIdentifier.Id).ToList();

    private static Dictionary<string, Asn1Encodable> DirectoryAttributes(Org.BouncyCastle.X509.X509Certificate certificate) =>
        SubjectDirectoryAttributes.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.SubjectDirectoryAttributes)))
            .Attributes.ToDictionary(a => a.AttrType.Id, a => a.AttrValues[0]);
}
