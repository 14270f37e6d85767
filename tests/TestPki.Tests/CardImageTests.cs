using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace TestPki.Tests;

public class CardImageTests
{
    private static readonly PkiManifest Pki = TestPkiCache.Get();

    [Fact]
    public void Every_leaf_has_a_card_image_in_the_evs_card_1_format()
    {
        foreach (var leaf in Pki.Leaves)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(leaf.CardPath));
            var card = json.RootElement;
            card.EnumerateObject().Select(p => p.Name).ShouldBe(
                ["format", "label", "kind", "atr", "cardNumber", "pin", "pinTriesMax", "pinTriesLeft", "keys"]);
            card.GetProperty("format").GetString().ShouldBe("evs-card/1");
            card.GetProperty("kind").GetString().ShouldBe(leaf.Kind == Domain.Certificates.CertificateKind.Citizen ? "citizen" : "organisation");
            card.GetProperty("pin").GetString().ShouldBe("123456");
            card.GetProperty("pinTriesMax").GetInt32().ShouldBe(3);
            card.GetProperty("pinTriesLeft").GetInt32().ShouldBe(3);
            card.GetProperty("cardNumber").GetString().ShouldBe(leaf.CardNumber);
            var key = card.GetProperty("keys").EnumerateArray().ShouldHaveSingleItem();
            key.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "algorithm", "certificate", "privateKey"]);
            key.GetProperty("id").GetString().ShouldBe("auth");
            key.GetProperty("algorithm").GetString().ShouldBe(leaf.KeyAlgorithm);
            Convert.FromBase64String(key.GetProperty("certificate").GetString()!).ShouldBe(leaf.CertificateDer());
        }
    }

    [Fact]
    public void Card_labels_and_numbers_follow_the_holder_and_issuer()
    {
        var citizen = CardImage.Load(Pki.Leaf("citizen-moica2-rsa").CardPath);
        citizen.Label.ShouldBe("王小明的自然人憑證");
        citizen.CardNumber.ShouldMatch("^TP03[0-9]{12}$");
        CardImage.Load(Pki.Leaf("citizen-moica3-rsa").CardPath).CardNumber.ShouldStartWith("TP05");
        var organisation = CardImage.Load(Pki.Leaf("org-gca-rsa").CardPath);
        organisation.Label.ShouldBe("人事行政總處的機關憑證");
        organisation.CardNumber.ShouldMatch("^GC01[0-9]{12}$");
        Pki.Leaves.Select(l => l.CardNumber).ShouldBeUnique();
    }

    [Fact]
    public void Citizen_and_organisation_cards_have_different_well_formed_ATRs()
    {
        CardImage.CitizenAtr.ShouldNotBe(CardImage.OrganisationAtr);
        foreach (var atr in new[] { CardImage.CitizenAtr, CardImage.OrganisationAtr })
        {
            var bytes = Convert.FromHexString(atr.Replace(" ", "", StringComparison.Ordinal));
            bytes[0].ShouldBe((byte)0x3B);
            // T0 announces 15 historical bytes; T=1 means a check byte that XORs T0..TCK to zero.
            var historical = bytes[1] & 0x0F;
            var interfaceBytes = 6; // TA1 TC1 TD1 TD2 TA3 TB3 for these ATRs
            bytes.Length.ShouldBe(2 + interfaceBytes + historical + 1);
            bytes.Skip(1).Aggregate(0, (x, b) => x ^ b).ShouldBe(0);
        }
        foreach (var leaf in Pki.Leaves)
        {
            CardImage.Load(leaf.CardPath).Atr.ShouldBe(leaf.Kind == Domain.Certificates.CertificateKind.Citizen ? CardImage.CitizenAtr : CardImage.OrganisationAtr);
        }
    }

    [Fact]
    public void The_card_private_key_signs_what_the_card_certificate_verifies()
    {
        var data = "challenge"u8.ToArray();
        foreach (var leaf in Pki.Leaves)
        {
            var key = CardImage.Load(leaf.CardPath).Keys[0];
            var pkcs8 = Convert.FromBase64String(key.PrivateKey);
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.Certificate));
            if (key.Algorithm == "EC-P256")
            {
                using var signer = ECDsa.Create();
                signer.ImportPkcs8PrivateKey(pkcs8, out _);
                using var verifier = certificate.GetECDsaPublicKey()!;
                verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256).ShouldBeTrue(leaf.Name);
            }
            else
            {
                key.Algorithm.ShouldBe("RSA-2048");
                using var signer = RSA.Create();
                signer.ImportPkcs8PrivateKey(pkcs8, out _);
                signer.KeySize.ShouldBe(2048);
                using var verifier = certificate.GetRSAPublicKey()!;
                verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).ShouldBeTrue(leaf.Name);
            }
            // The PEM next to the leaf holds the same PKCS#8 bytes, for softhsm2-util --import.
            Convert.FromBase64String(PemBody(File.ReadAllText(leaf.KeyPath))).ShouldBe(pkcs8);
        }
    }

    [Fact]
    public void A_card_image_round_trips_through_its_json()
    {
        var text = File.ReadAllText(Pki.Leaf("citizen-moica2-ec").CardPath);
        var card = CardImage.FromJson(text);
        card.ToJson().ShouldBe(text);
        text.ShouldContain("陳美玲的自然人憑證"); // Chinese stays readable, not \u-escaped
    }

    private static string PemBody(string pem)
    {
        var fields = PemEncoding.Find(pem);
        pem[fields.Label].ShouldBe("PRIVATE KEY");
        return pem[fields.Base64Data];
    }
}
