using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestPki.Tests;

public class CrlWriterTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    [Fact]
    public void Each_CA_has_a_signed_CRL_listing_exactly_its_revoked_leaves()
    {
        foreach (var ca in Pki.Cas)
        {
            var crl = Bc.Crl(ca.CrlPath);
            crl.Verify(Bc.Certificate(ca).GetPublicKey());
            crl.IssuerDN.Equivalent(Bc.Certificate(ca).SubjectDN).ShouldBeTrue();
            crl.ThisUpdate.ShouldBe(Pki.ReferenceInstants.CrlThisUpdate.UtcDateTime);
            crl.NextUpdate!.Value.ShouldBe(Pki.ReferenceInstants.CrlNextUpdate.UtcDateTime);

            var expected = Pki.Leaves.Where(l => l.Issuer == ca.Name && l.Case == LeafCase.Revoked).ToList();
            var listed = crl.GetRevokedCertificates()?.Select(e => Bc.Hex(e.SerialNumber)).ToList() ?? [];
            listed.ShouldBe(expected.Select(l => l.SerialNumber).ToList(), ca.Name);
            Pki.Crl(ca.Name).RevokedLeaves.ShouldBe(expected.Select(l => l.Name).ToList());
        }
    }

    [Fact]
    public void Revoked_leaves_are_listed_with_their_date_and_reason_and_valid_ones_are_not()
    {
        var crl = Bc.Crl(Pki.Ca("moica-g2").CrlPath);
        var revoked = Pki.Leaf("citizen-revoked");
        var entry = crl.GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(revoked.SerialNumber, 16));
        entry.ShouldNotBeNull();
        entry.RevocationDate.ShouldBe(revoked.RevokedAt!.Value.UtcDateTime);
        revoked.RevocationReason.ShouldBe(CrlReason.KeyCompromise);
        crl.IsRevoked(Bc.Certificate(revoked)).ShouldBeTrue();
        crl.IsRevoked(Bc.Certificate(Pki.Leaf("citizen-moica2-rsa"))).ShouldBeFalse();

        Bc.Crl(Pki.Ca("gca").CrlPath).IsRevoked(Bc.Certificate(Pki.Leaf("org-revoked"))).ShouldBeTrue();
        Pki.Leaf("org-revoked").RevocationReason.ShouldBe(CrlReason.Superseded);
    }

    [Fact]
    public void The_CRLs_of_the_two_MOICA_generations_are_told_apart_by_authority_key_identifier()
    {
        var g3 = Bc.Crl(Pki.Ca("moica-g3").CrlPath);
        var g2 = Bc.Crl(Pki.Ca("moica-g2").CrlPath);
        g3.IssuerDN.Equivalent(g2.IssuerDN).ShouldBeTrue();
        CrlAuthorityKeyId(g3).ShouldBe(Pki.Ca("moica-g3").SubjectKeyId);
        CrlAuthorityKeyId(g2).ShouldBe(Pki.Ca("moica-g2").SubjectKeyId);
        Should.Throw<Exception>(() => g2.Verify(Bc.Certificate(Pki.Ca("moica-g3")).GetPublicKey()));
    }

    [Fact]
    public void The_large_CRL_has_400000_distinct_entries_including_the_revoked_citizen_and_is_signed_by_MOICA_g2()
    {
        var entry = Pki.Crl(PkiGenerator.LargeCrlName);
        entry.Issuer.ShouldBe("moica-g2");
        entry.EntryCount.ShouldBe(400_000);
        var der = File.ReadAllBytes(entry.Path);

        // Read with System.Formats.Asn1 and verify with .NET's RSA: independent of the BouncyCastle signer that wrote it.
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbsBytes = outer.ReadEncodedValue();
        outer.ReadSequence();
        var signature = outer.ReadBitString(out _);
        using var caCertificate = X509CertificateLoader.LoadCertificate(Pki.Ca("moica-g2").CertificateDer());
        using var rsa = caCertificate.GetRSAPublicKey()!;
        rsa.VerifyData(tbsBytes.Span, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).ShouldBeTrue();

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        tbs.ReadInteger();
        tbs.ReadSequence();
        tbs.ReadSequence();
        tbs.ReadUtcTime();
        tbs.ReadUtcTime();
        var list = tbs.ReadSequence();
        var serials = new HashSet<string>();
        while (list.HasData)
        {
            var revoked = list.ReadSequence();
            serials.Add(Convert.ToHexString(revoked.ReadIntegerBytes().Span.TrimStart((byte)0)));
        }
        serials.Count.ShouldBe(400_000);
        serials.ShouldContain(Pki.Leaf("citizen-revoked").SerialNumber);
        serials.ShouldNotContain(Pki.Leaf("citizen-moica2-rsa").SerialNumber);
        entry.RevokedLeaves.ShouldBe(["citizen-revoked"]);
        der.Length.ShouldBeGreaterThan(10_000_000);
    }

    private static string CrlAuthorityKeyId(Org.BouncyCastle.X509.X509Crl crl) =>
        Convert.ToHexString(Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.GetInstance(
            Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.FromExtensionValue(
                crl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier))).KeyIdentifier.GetOctets());
}
