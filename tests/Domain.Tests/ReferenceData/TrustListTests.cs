using Domain.Certificates;
using Domain.ReferenceData;
using TestPki;

namespace Domain.Tests.ReferenceData;

public class TrustListTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    private static string Row(string kind, string role, string ca) => $"{kind},{role},{ca},{Convert.ToBase64String(Pki.Ca(ca).CertificateDer())}";

    private static string Csv(params string[] rows) => "kind,role,name,certificate\n" + string.Join("\n", rows) + "\n";

    private static readonly string[] Minimal = [Row("organisation", "anchor", "grca-g2"), Row("citizen", "anchor", "grca-g2")];

    [Fact]
    public void Anchors_issuing_CAs_and_denied_CAs_are_read_with_their_key_ids()
    {
        var list = TrustList.Parse(Csv([.. Minimal, Row("organisation", "issuing", "gca"), Row("any", "denied", "test-gca")])).Value.ShouldNotBeNull();

        list.Entries.Select(e => (e.Kind, e.Role, e.Name)).ShouldBe([
            (CertificateKind.Organisation, TrustRole.Anchor, "grca-g2"),
            (CertificateKind.Citizen, TrustRole.Anchor, "grca-g2"),
            (CertificateKind.Organisation, TrustRole.Issuing, "gca"),
            (CertificateKind.Unknown, TrustRole.Denied, "test-gca"),
        ]);
        var denied = list.Entries[^1];
        denied.SubjectKeyId.ShouldBe(Pki.Ca("test-gca").SubjectKeyId);
        denied.SubjectDn.ShouldBe(Pki.Ca("test-gca").SubjectDn);
        denied.Sha256Thumbprint.ShouldBe(Pki.Ca("test-gca").Sha256Thumbprint);
    }

    [Fact]
    public void A_PEM_block_in_a_quoted_field_is_read_too()
    {
        var pem = File.ReadAllText(Pki.Ca("moica-g2").CertificatePath).TrimEnd();

        var list = TrustList.Parse(Csv([.. Minimal, $"citizen,issuing,moica-g2,\"{pem}\""])).Value.ShouldNotBeNull();

        list.Entries[^1].SubjectKeyId.ShouldBe(Pki.Ca("moica-g2").SubjectKeyId);
    }

    [Fact]
    public void A_card_certificate_is_not_a_CA_and_is_refused()
    {
        var leaf = Convert.ToBase64String(Pki.Leaf("org-gca-rsa").CertificateDer());

        var import = TrustList.Parse(Csv([.. Minimal, $"organisation,issuing,leaf,{leaf}"]));

        import.Problems.ShouldHaveSingleItem().ShouldBe(new ReferenceDataProblem(4, "certificate", "not-a-ca", import.Problems[0].Message));
    }

    [Fact]
    public void An_anchor_that_could_never_validate_a_card_is_refused_at_its_line_when_the_import_knows_the_time()
    {
        // The real GRCA G1 marks basicConstraints non-critical and has no keyUsage: validation refuses it as an anchor.
        var g1 = Convert.ToBase64String(RealPki.Der(RealPki.GrcaG1));
        var csv = Csv([.. Minimal, $"citizen,anchor,GRCA G1,{g1}"]);

        var import = TrustList.Parse(csv, new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.Zero));

        var problem = import.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Code).ShouldBe((4, "certificate-unusable"));
        problem.Message.ShouldContain("「GRCA G1」永遠無法用來驗證卡片");
        import.Value.ShouldBeNull();
        // Without a clock the import checks the rows' form only, as before.
        TrustList.Parse(csv).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Bad_encodings_unknown_words_and_mismatched_kinds_are_named_by_line()
    {
        var gca = Convert.ToBase64String(Pki.Ca("gca").CertificateDer());

        var import = TrustList.Parse(Csv([.. Minimal, "organisation,issuing,x,not base64!", $"organisation,root,x,{gca}", $"any,anchor,x,{gca}"]));

        import.Problems.Select(p => (p.Line, p.Code)).ShouldBe([(4, "certificate-encoding"), (5, "role-invalid"), (6, "kind-role-mismatch")]);
    }

    [Fact]
    public void Each_kind_needs_an_anchor()
    {
        var import = TrustList.Parse(Csv(Row("organisation", "anchor", "grca-g2")));

        import.Problems.ShouldHaveSingleItem().Code.ShouldBe("anchor-missing");
    }

    [Fact]
    public void The_same_certificate_twice_in_the_same_role_is_refused()
    {
        var import = TrustList.Parse(Csv([.. Minimal, Row("organisation", "anchor", "grca-g2")]));

        import.Problems.ShouldHaveSingleItem().ShouldBe(new ReferenceDataProblem(4, "certificate", "certificate-repeated", "同一張憑證已在第 2 行以相同種類及用途列出。"));
    }
}
