using System.Formats.Asn1;
using System.Text;
using Domain.Certificates;
using Pkix.Validation;
using TestPki;

namespace Domain.Tests.Certificates.Parsing;

public class CertificateParserTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    [Fact]
    public void Every_test_PKI_leaf_parses_to_the_facts_in_the_manifest()
    {
        foreach (var leaf in Pki.Leaves)
        {
            var result = CertificateParser.Parse(leaf.CertificateDer());
            result.Succeeded.ShouldBeTrue($"{leaf.Name}: {result.Detail}");
            var facts = result.Facts;
            facts.ShouldSatisfyAllConditions(
                () => facts.SerialNumber.ShouldBe(leaf.SerialNumber),
                () => facts.IssuerDn.ShouldBe(leaf.IssuerDn),
                () => facts.IssuerKeyId.ShouldBe(leaf.IssuerKeyId),
                () => facts.SubjectDn.ShouldBe(leaf.SubjectDn),
                () => facts.CommonName.ShouldBe(leaf.CommonName),
                () => facts.OrganisationalUnit.ShouldBe(leaf.OrganisationalUnit),
                () => facts.Organisation.ShouldBe(leaf.Organisation),
                () => facts.Country.ShouldBe("TW"),
                () => facts.NotBefore.ShouldBe(leaf.NotBefore),
                () => facts.NotAfter.ShouldBe(leaf.NotAfter),
                () => facts.KeyUsage.ShouldBe(leaf.KeyUsage),
                () => facts.Policies.ShouldBe(leaf.Policies),
                () => facts.AgencyOid.ShouldBe(leaf.AgencyOid),
                () => facts.NationalIdLastFour.ShouldBe(leaf.NationalIdLastFour),
                () => facts.Kind.ShouldBe(leaf.Kind),
                () => facts.Sha256Thumbprint.ShouldBe(leaf.Sha256Thumbprint));
        }
    }

    [Fact]
    public void Citizen_and_organisation_facts_read_as_Taiwan_cards_write_them()
    {
        var citizen = Parsed(Pki.Leaf("citizen-moica2-rsa").CertificateDer());
        citizen.SubjectDn.ShouldMatch("^SERIALNUMBER=[0-9]{16},CN=王小明,C=TW$");
        citizen.CertificateType.ShouldBe(TaiwanCertificateOids.CitizenCardType);
        citizen.IssuerDn.ShouldBe("OU=內政部憑證管理中心,O=行政院,C=TW");
        citizen.NationalIdLastFour.ShouldBe("6789");
        citizen.Kind.ShouldBe(CertificateKind.Citizen);
        citizen.KeyUsage.ShouldBe(KeyUsageBits.DigitalSignature | KeyUsageBits.NonRepudiation);

        var organisation = Parsed(Pki.Leaf("org-gca-rsa").CertificateDer());
        organisation.SubjectDn.ShouldBe("OU=人事行政總處,O=行政院,C=TW");
        organisation.AgencyOid.ShouldBe("2.16.886.101.20003.20012");
        organisation.OrganisationalUnit.ShouldBe("人事行政總處");
        organisation.Kind.ShouldBe(CertificateKind.Organisation);
    }

    [Fact]
    public void The_two_MOICA_generations_are_told_apart_by_issuer_key_id()
    {
        var g3 = Parsed(Pki.Leaf("citizen-moica3-rsa").CertificateDer());
        var g2 = Parsed(Pki.Leaf("citizen-moica2-rsa").CertificateDer());
        g3.IssuerDn.ShouldBe(g2.IssuerDn);
        g3.IssuerKeyId.ShouldNotBe(g2.IssuerKeyId);
        g3.IssuerKeyId.ShouldBe(Pki.Ca("moica-g3").SubjectKeyId);
    }

    [Fact]
    public void CA_certificates_parse_with_their_usage_and_no_holder()
    {
        foreach (var ca in Pki.Cas)
        {
            var facts = Parsed(ca.CertificateDer());
            facts.SubjectDn.ShouldBe(ca.SubjectDn);
            facts.SerialNumber.ShouldBe(ca.SerialNumber);
            facts.IssuerKeyId.ShouldBe(ca.AuthorityKeyId ?? "");
            facts.KeyUsage.ShouldBe(KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign);
            facts.Kind.ShouldBe(CertificateKind.Unknown);
            // Issuing CAs are C=TW, O=行政院, OU=<CA> with no CN; of the roots only GRCA G3 has one.
            facts.CommonName.ShouldBe(ca.Name == "grca-g3" ? "Government Root Certification Authority - G3" : null);
        }
    }

    [Fact]
    public void Extra_cards_issued_for_demo_holders_parse_to_their_holder()
    {
        var card = Pki.IssueOrganisationCard(new OrganisationHolder("測試局, 第一科", "測試部", "12345", "2.16.886.101.20003.20999"),
            new CardRequest { Key = KeyAlgorithm.EcP256 });
        var facts = Parsed(card.CertificateDer);
        facts.SubjectDn.ShouldBe(card.SubjectDn);
        facts.SubjectDn.ShouldBe(@"OU=測試局\, 第一科,O=測試部,C=TW");
        facts.OrganisationalUnit.ShouldBe("測試局, 第一科");
        facts.AgencyOid.ShouldBe("2.16.886.101.20003.20999");
        facts.SerialNumber.ShouldBe(card.SerialNumber);
    }

    [Fact]
    public void PEM_gives_the_same_facts_as_DER()
    {
        var leaf = Pki.Leaf("citizen-moica2-ec");
        var fromDer = Parsed(leaf.CertificateDer());
        var pem = File.ReadAllText(leaf.CertificatePath);
        CertificateParser.Parse(Encoding.ASCII.GetBytes(pem)).Facts.ShouldBeEquivalentTo(fromDer);
        CertificateParser.Parse(Encoding.ASCII.GetBytes("\r\n  " + pem.Replace("\n", "\r\n", StringComparison.Ordinal))).Facts.ShouldBeEquivalentTo(fromDer);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x20, 0x0D, 0x0A, 0x09 })]
    public void No_bytes_is_EMPTY(byte[] input)
    {
        var result = CertificateParser.Parse(input);
        result.Error.ShouldBe(CertificateParseError.Empty);
        result.Code.ShouldBe("EMPTY");
    }

    [Fact]
    public void Random_bytes_are_not_a_certificate_and_never_throw()
    {
        var random = new Random(20260101);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            if (bytes[0] is 0x30 or 0x20 or 0x09 or 0x0A or 0x0D)
                bytes[0] = 0x04;
            CertificateParser.Parse(bytes).Error.ShouldBe(CertificateParseError.NotACertificate);

            bytes[0] = 0x30; // looks like a SEQUENCE: then it is broken DER, or DER of another shape
            CertificateParser.Parse(bytes).Error.ShouldBeOneOf(CertificateParseError.Malformed, CertificateParseError.NotACertificate);
        }
    }

    [Fact]
    public void A_certificate_truncated_at_every_length_is_MALFORMED()
    {
        foreach (var name in new[] { "citizen-moica2-rsa", "org-gca-ec" })
        {
            var der = Pki.Leaf(name).CertificateDer();
            for (var length = 1; length < der.Length; length++)
            {
                var result = CertificateParser.Parse(der.AsSpan(0, length));
                result.Error.ShouldBe(CertificateParseError.Malformed, $"{name} cut to {length} bytes");
                result.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    [Fact]
    public void Bytes_after_the_certificate_are_MALFORMED()
    {
        byte[] der = [.. Pki.Leaf("org-gca-rsa").CertificateDer(), 0x00];
        CertificateParser.Parse(der).Error.ShouldBe(CertificateParseError.Malformed);
    }

    [Fact]
    public void Every_single_bit_flip_gives_facts_or_an_error_and_never_throws()
    {
        var der = Pki.Leaf("org-moeaca-rsa").CertificateDer();
        var original = Parsed(der);
        var outcomes = new Dictionary<string, int>();
        for (var position = 0; position < der.Length; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var flipped = (byte[])der.Clone();
                flipped[position] ^= (byte)(1 << bit);
                var result = CertificateParser.Parse(flipped);
                (result.Facts is null).ShouldBe(result.Error is not null);
                if (!result.Succeeded)
                    result.Message.ShouldNotBeNullOrWhiteSpace();
                var key = result.Code ?? "OK";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        }
        // The last 256 bytes are the RSA signature, which the parser does not read: flips there keep the facts.
        var inSignature = (byte[])der.Clone();
        inSignature[^10] ^= 0x01;
        Parsed(inSignature).SerialNumber.ShouldBe(original.SerialNumber);
        outcomes.Keys.ShouldContain("OK");
        outcomes.Keys.ShouldContain("MALFORMED");
    }

    [Fact]
    public void Random_byte_edits_of_every_test_certificate_never_throw()
    {
        var random = new Random(7);
        var certificates = Pki.Leaves.Select(l => l.CertificateDer()).Concat(Pki.Cas.Select(c => c.CertificateDer())).ToList();
        for (var i = 0; i < 30_000; i++)
        {
            var bytes = certificates[i % certificates.Count].ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                    default: bytes.RemoveAt(at); break;
                }
            }
            var result = CertificateParser.Parse(bytes.ToArray());
            (result.Facts is null).ShouldBe(result.Error is not null);
        }
    }

    [Fact]
    public void Other_PKI_objects_are_NOT_A_CERTIFICATE()
    {
        var leaf = Pki.Leaf("citizen-moica2-rsa");
        CertificateParser.Parse(File.ReadAllBytes(leaf.KeyPath)).Error.ShouldBe(CertificateParseError.NotACertificate);
        CertificateParser.Parse(Convert.FromBase64String(TestPki.CardImage.Load(leaf.CardPath).Keys[0].PrivateKey)).Error.ShouldBe(CertificateParseError.NotACertificate);
        CertificateParser.Parse(File.ReadAllBytes(Pki.Ca("moica-g2").CrlPath)).Error.ShouldBe(CertificateParseError.NotACertificate);
        CertificateParser.Parse(File.ReadAllBytes(leaf.P12Path)).Error.ShouldBe(CertificateParseError.NotACertificate);
        CertificateParser.Parse("MIIB"u8).Error.ShouldBe(CertificateParseError.NotACertificate);
        CertificateParser.Parse([0x30, 0x00]).Error.ShouldBe(CertificateParseError.NotACertificate);
    }

    [Fact]
    public void A_PEM_block_that_is_cut_or_not_base64_is_MALFORMED()
    {
        var pem = File.ReadAllText(Pki.Leaf("org-gca-rsa").CertificatePath);
        CertificateParser.Parse(Encoding.ASCII.GetBytes(pem[..(pem.Length / 2)])).Error.ShouldBe(CertificateParseError.Malformed);
        CertificateParser.Parse("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"u8).Error.ShouldBe(CertificateParseError.Malformed);
        CertificateParser.Parse("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"u8).Error.ShouldBe(CertificateParseError.Malformed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Versions_other_than_3_are_UNSUPPORTED_VERSION(int? version)
    {
        var der = new CraftedCertificate { Version = version }.ToDer();
        var result = CertificateParser.Parse(der);
        result.Error.ShouldBe(CertificateParseError.UnsupportedVersion);
        result.Code.ShouldBe("UNSUPPORTED_VERSION");
    }

    [Fact]
    public void A_v3_certificate_without_extensions_has_empty_facts_for_them()
    {
        var facts = Parsed(new CraftedCertificate { Extensions = null }.ToDer());
        facts.KeyUsage.ShouldBe(KeyUsageBits.None);
        facts.IssuerKeyId.ShouldBe("");
        facts.Policies.ShouldBeEmpty();
        facts.Kind.ShouldBe(CertificateKind.Unknown);
        facts.SerialNumber.ShouldBe("010203");
    }

    public static TheoryData<string, byte[]> BadExtensions => new()
    {
        { "key usage as NULL", Extension("2.5.29.15", CraftedCertificate.Encode(w => w.WriteNull())) },
        { "key usage with trailing bytes", Extension("2.5.29.15", [0x03, 0x02, 0x07, 0x80, 0x00]) },
        { "policies empty", Extension("2.5.29.32", [0x30, 0x00]) },
        { "authority key id not a sequence", Extension("2.5.29.35", [0x04, 0x01, 0x01]) },
        { "last four not digits", Extension("2.5.29.9", CraftedCertificate.DirectoryAttributes((TaiwanCertificateOids.NationalIdLastFour, w => w.WriteCharacterString(UniversalTagNumber.PrintableString, "12a4")))) },
        { "agency OID not an OID", Extension("2.5.29.9", CraftedCertificate.DirectoryAttributes((TaiwanCertificateOids.AgencyOid, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, "人事處")))) },
        { "attribute with no value", Extension("2.5.29.9", CraftedCertificate.DirectoryAttributes((TaiwanCertificateOids.AgencyOid, _ => { }))) },
        { "attribute value an integer", Extension("2.5.29.9", CraftedCertificate.DirectoryAttributes((TaiwanCertificateOids.NationalIdLastFour, w => w.WriteInteger(6789)))) },
        { "extension value empty", Extension("2.5.29.15", []) },
    };

    [Theory]
    [MemberData(nameof(BadExtensions))]
    public void A_badly_encoded_extension_is_BAD_EXTENSION(string why, byte[] der)
    {
        var result = CertificateParser.Parse(der);
        result.Error.ShouldBe(CertificateParseError.BadExtension, why);
        result.Code.ShouldBe("BAD_EXTENSION");
    }

    [Fact]
    public void An_empty_extension_list_is_BAD_EXTENSION() =>
        CertificateParser.Parse(new CraftedCertificate { Extensions = [] }.ToDer()).Error.ShouldBe(CertificateParseError.BadExtension);

    [Fact]
    public void A_repeated_extension_is_BAD_EXTENSION()
    {
        var keyUsage = CraftedCertificate.Encode(w => w.WriteBitString([0x80], 7));
        var der = new CraftedCertificate { Extensions = [("2.5.29.15", keyUsage), ("2.5.29.15", keyUsage)] }.ToDer();
        CertificateParser.Parse(der).Error.ShouldBe(CertificateParseError.BadExtension);
    }

    [Fact]
    public void Directory_attributes_given_as_an_OID_or_a_UTF8_string_are_read()
    {
        var sda = CraftedCertificate.DirectoryAttributes(
            (TaiwanCertificateOids.CertificateType, w => w.WriteObjectIdentifier(TaiwanCertificateOids.GcaAgencyCardType)),
            (TaiwanCertificateOids.AgencyOid, w => w.WriteObjectIdentifier("2.16.886.101.20003.20012")),
            (TaiwanCertificateOids.BusinessNumber, w => w.WriteCharacterString(UniversalTagNumber.PrintableString, "24536806")));
        var facts = Parsed(new CraftedCertificate { Issuer = GpkiCa("政府憑證管理中心"), Extensions = [("2.5.29.9", sda)] }.ToDer());
        facts.CertificateType.ShouldBe(TaiwanCertificateOids.GcaAgencyCardType);
        facts.AgencyOid.ShouldBe("2.16.886.101.20003.20012");
        facts.BusinessNumber.ShouldBe("24536806");
        facts.Kind.ShouldBe(CertificateKind.Organisation);

        var citizen = CraftedCertificate.DirectoryAttributes((TaiwanCertificateOids.NationalIdLastFour, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, "0042")));
        Parsed(new CraftedCertificate { Extensions = [("2.5.29.9", citizen)] }.ToDer()).NationalIdLastFour.ShouldBe("0042");
    }

    [Theory]
    [InlineData("bad business number", TaiwanCertificateOids.BusinessNumber, "2453680")]
    [InlineData("type not an OID", TaiwanCertificateOids.CertificateType, "citizen")]
    public void A_Taiwan_attribute_that_does_not_have_its_shape_makes_the_certificate_unreadable(string because, string oid, string value)
    {
        var sda = CraftedCertificate.DirectoryAttributes((oid, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, value)));
        CertificateParser.Parse(new CraftedCertificate { Extensions = [("2.5.29.9", sda)] }.ToDer()).Error.ShouldBe(CertificateParseError.BadExtension, because);
    }

    // The kind comes from the certificate type and the issuing CA's name, with the identifier that CA's cards carry.
    [Theory]
    [InlineData("內政部憑證管理中心", TaiwanCertificateOids.CitizenCardType, "6789", null, null, CertificateKind.Citizen)]
    [InlineData("(測試用) 內政部憑證管理中心", TaiwanCertificateOids.CitizenCardType, "6789", null, null, CertificateKind.Citizen)]
    [InlineData("內政部憑證管理中心", TaiwanCertificateOids.CitizenCardType, null, null, null, CertificateKind.Unknown)]
    [InlineData("內政部憑證管理中心", null, "6789", null, null, CertificateKind.Unknown)]
    [InlineData("某民間憑證中心", TaiwanCertificateOids.CitizenCardType, "6789", null, null, CertificateKind.Unknown)]
    [InlineData("醫事憑證管理中心", "2.16.886.1.100.3.1.7", "6789", null, null, CertificateKind.Unknown)]
    [InlineData("政府憑證管理中心", TaiwanCertificateOids.GcaAgencyCardType, null, "2.16.886.101.20003.20012", null, CertificateKind.Organisation)]
    [InlineData("政府憑證管理中心", TaiwanCertificateOids.GcaServerType, null, "2.16.886.101.20003.20012", null, CertificateKind.Unknown)]
    [InlineData("政府憑證管理中心", TaiwanCertificateOids.GcaAgencyCardType, null, null, "24536806", CertificateKind.Unknown)]
    [InlineData("政府憑證管理中心", TaiwanCertificateOids.CitizenCardType, "6789", null, null, CertificateKind.Unknown)]
    [InlineData("組織及團體憑證管理中心", TaiwanCertificateOids.XcaOrganisationType, null, "2.16.886.111.90005.90003.100004", null, CertificateKind.Organisation)]
    [InlineData("工商憑證管理中心", TaiwanCertificateOids.MoeacaCompanyType, null, null, "70759028", CertificateKind.Organisation)]
    [InlineData("工商憑證管理中心", TaiwanCertificateOids.MoeacaCompanyType, null, "2.16.886.101.20003.20012", null, CertificateKind.Unknown)]
    [InlineData("醫事憑證管理中心", TaiwanCertificateOids.HcaInstitutionCardType, null, "2.16.886.101.20003.50031", null, CertificateKind.Organisation)]
    [InlineData("政府測試憑證管理中心", TaiwanCertificateOids.MoeacaCompanyType, null, null, "34051920", CertificateKind.Organisation)]
    [InlineData("政府憑證管理中心", TaiwanCertificateOids.GcaAgencyCardType, "6789", "2.16.886.101.20003.20012", null, CertificateKind.Unknown)]
    public void The_kind_is_read_from_the_certificate_type_with_the_issuing_CA(
        string issuerCa, string? type, string? lastFour, string? organisationOid, string? businessNumber, CertificateKind expected)
    {
        var attributes = new List<(string, Action<AsnWriter>)>();
        if (type is not null)
            attributes.Add((TaiwanCertificateOids.CertificateType, w => w.WriteObjectIdentifier(type)));
        if (lastFour is not null)
            attributes.Add((TaiwanCertificateOids.NationalIdLastFour, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, lastFour)));
        if (organisationOid is not null)
            attributes.Add((TaiwanCertificateOids.AgencyOid, w => w.WriteObjectIdentifier(organisationOid)));
        if (businessNumber is not null)
            attributes.Add((TaiwanCertificateOids.BusinessNumber, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, businessNumber)));
        var der = new CraftedCertificate { Issuer = GpkiCa(issuerCa), Extensions = [("2.5.29.9", CraftedCertificate.DirectoryAttributes([.. attributes]))] }.ToDer();

        Parsed(der).Kind.ShouldBe(expected);
    }

    [Fact]
    public void A_card_that_copies_MOICA_attributes_under_another_CA_name_is_of_no_kind()
    {
        var sda = CraftedCertificate.DirectoryAttributes(
            (TaiwanCertificateOids.CertificateType, w => w.WriteObjectIdentifier(TaiwanCertificateOids.CitizenCardType)),
            (TaiwanCertificateOids.NationalIdLastFour, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, "6789")));
        // The default issuer is C=TW, OU=測試簽發中心: not 行政院's MOICA.
        Parsed(new CraftedCertificate { Extensions = [("2.5.29.9", sda)] }.ToDer()).Kind.ShouldBe(CertificateKind.Unknown);
    }

    private static Action<AsnWriter> GpkiCa(string organisationalUnit) => CraftedCertificate.Name(
        ("2.5.4.6", "TW", UniversalTagNumber.PrintableString), ("2.5.4.10", "行政院", UniversalTagNumber.UTF8String),
        ("2.5.4.11", organisationalUnit, UniversalTagNumber.UTF8String));

    [Fact]
    public void Key_usage_bits_map_to_RFC_5280_numbers_including_decipher_only()
    {
        // digitalSignature (0), keyEncipherment (2), cRLSign (6), decipherOnly (8)
        var keyUsage = CraftedCertificate.Encode(w => w.WriteBitString([0b1010_0010, 0b1000_0000], 7));
        Parsed(new CraftedCertificate { Extensions = [("2.5.29.15", keyUsage)] }.ToDer()).KeyUsage
            .ShouldBe(KeyUsageBits.DigitalSignature | KeyUsageBits.KeyEncipherment | KeyUsageBits.CrlSign | KeyUsageBits.DecipherOnly);
    }

    [Fact]
    public void Names_are_written_as_RFC_4514_with_escapes_multi_valued_RDNs_and_other_string_types()
    {
        // DER sorts the values of a multi-valued RDN by encoding, so SERIALNUMBER (2.5.4.5) precedes OU (2.5.4.11).
        var subject = CraftedCertificate.RdnSequence(
            [("2.5.4.6", "TW", UniversalTagNumber.PrintableString)],
            [("2.5.4.10", "行政院", UniversalTagNumber.BMPString)],
            [("2.5.4.11", "#一,二+三 ", UniversalTagNumber.UTF8String), ("2.5.4.5", "A1", UniversalTagNumber.PrintableString)],
            [("1.2.840.113549.1.9.1", "a@b.tw", UniversalTagNumber.IA5String)],
            [("2.5.4.3", " 王<小>明;\"\\", UniversalTagNumber.UTF8String)]);
        var facts = Parsed(new CraftedCertificate { Subject = subject }.ToDer());
        facts.SubjectDn.ShouldBe(@"CN=\ 王\<小\>明\;\""\\,1.2.840.113549.1.9.1=a@b.tw,SERIALNUMBER=A1+OU=\#一\,二\+三\ ,O=行政院,C=TW");
        facts.CommonName.ShouldBe(" 王<小>明;\"\\");
        facts.Organisation.ShouldBe("行政院");
        facts.OrganisationalUnit.ShouldBe("#一,二+三 ");
    }

    [Fact]
    public void A_multi_valued_RDN_left_unsorted_by_its_issuer_is_still_read()
    {
        static byte[] Atv(string oid, string value) => CraftedCertificate.Encode(w =>
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(oid);
                w.WriteCharacterString(UniversalTagNumber.UTF8String, value);
            }
        });
        // OU (2.5.4.11) before CN (2.5.4.3): not DER order, which AsnWriter would never produce.
        byte[] contents = [.. Atv("2.5.4.11", "人事室"), .. Atv("2.5.4.3", "王小明")];
        byte[] rdn = [0x31, (byte)contents.Length, .. contents];
        var subject = (Action<AsnWriter>)(w =>
        {
            using (w.PushSequence())
                w.WriteEncodedValue(rdn);
        });
        Parsed(new CraftedCertificate { Subject = subject }.ToDer()).SubjectDn.ShouldBe("OU=人事室+CN=王小明");
    }

    [Fact]
    public void A_non_string_name_value_is_written_as_hex()
    {
        var subject = (Action<AsnWriter>)(w =>
        {
            using (w.PushSequence())
            using (w.PushSetOf())
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier("2.5.4.3");
                w.WriteInteger(5);
            }
        });
        Parsed(new CraftedCertificate { Subject = subject }.ToDer()).SubjectDn.ShouldBe("CN=#020105");
    }

    [Fact]
    public void Generalized_times_and_UTC_times_before_2000_are_read()
    {
        var der = new CraftedCertificate
        {
            NotBefore = w => w.WriteUtcTime(new DateTimeOffset(1999, 12, 31, 16, 0, 0, TimeSpan.Zero)),
            NotAfter = w => w.WriteGeneralizedTime(new DateTimeOffset(2051, 6, 30, 0, 0, 0, TimeSpan.Zero)),
        }.ToDer();
        var facts = Parsed(der);
        facts.NotBefore.ShouldBe(new DateTimeOffset(1999, 12, 31, 16, 0, 0, TimeSpan.Zero));
        facts.NotAfter.ShouldBe(new DateTimeOffset(2051, 6, 30, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Serial_numbers_keep_their_value_without_the_sign_byte()
    {
        Parsed(new CraftedCertificate { Serial = [0xF1, 0x00] }.ToDer()).SerialNumber.ShouldBe("F100");
        Parsed(new CraftedCertificate { Serial = [0x00] }.ToDer()).SerialNumber.ShouldBe("00");
    }

    [Fact]
    public void Every_error_has_a_code_and_a_zh_TW_message()
    {
        foreach (var error in Enum.GetValues<CertificateParseError>())
        {
            var result = new CertificateParseResult(null, error, null);
            result.Code.ShouldNotBeNull().ShouldMatch("^[A-Z_]+$");
            result.Message.ShouldNotBeNull().ShouldContain("憑證");
        }
    }

    private static CertificateFacts Parsed(byte[] der)
    {
        var result = CertificateParser.Parse(der);
        result.Succeeded.ShouldBeTrue(result.Detail);
        return result.Facts;
    }

    private static byte[] Extension(string oid, byte[] value) => new CraftedCertificate { Extensions = [(oid, value)] }.ToDer();
}
