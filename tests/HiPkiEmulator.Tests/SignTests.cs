using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CardAgent.Emulation;
using HiPkiEmulator.Tests.Support;

namespace HiPkiEmulator.Tests;

/// <summary>/sign over HTTP: PKCS7 and PKCS1 signatures checked with the BCL, and every failure code the emulator answers.</summary>
public sealed class SignTests : IAsyncLifetime
{
    private const string Site = "http://localhost:5080";
    private const string Leaf = "citizen-moica2-rsa";
    private const string Tbs = "c-2Vq8mPz0Yt3xLrQk9Jw7_challenge";

    private readonly CardFolder cards = new(Leaf);
    private EmulatorServer emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync(cards.Path, "localhost");

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        cards.Dispose();
    }

    private static object Package(string signatureType = "PKCS7", string pin = "123456", string tbs = Tbs, string hash = "SHA256", string nonce = "") => new
    {
        func = "MakeSignature",
        signatureType,
        tbs,
        tbsEncoding = "NONE",
        hashAlgorithm = hash,
        withCardSN = "true",
        nonce,
        pin,
    };

    private CardImage Image => CardImage.Load(cards.ImagePath(Leaf));

    [Fact]
    public async Task PKCS7_is_attached_CMS_SignedData_over_the_tbs_with_only_the_signers_certificate()
    {
        using var client = emulator.Client(Site);

        var answer = await EmulatorServer.SignAsync(client, Package(nonce: "n-42"));

        answer.GetProperty("ret_code").GetInt32().ShouldBe(0, answer.ToString());
        answer.GetProperty("cardSN").GetString().ShouldBe(Image.CardNumber);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(answer.GetProperty("signature").GetString()!));
        cms.CheckSignature(verifySignatureOnly: true);
        cms.Detached.ShouldBeFalse();
        cms.ContentInfo.ContentType.Value.ShouldBe("1.2.840.113549.1.7.1");
        cms.ContentInfo.Content.ShouldBe(Encoding.UTF8.GetBytes(Tbs));
        cms.Certificates.Count.ShouldBe(1, "only the leaf, no CA certificates");
        cms.SignerInfos.Count.ShouldBe(1);
        var signer = cms.SignerInfos[0];
        signer.Certificate!.RawData.ShouldBe(Image.Keys[0].CertificateDer());
        answer.GetProperty("certb64").GetString().ShouldBe(Image.Keys[0].Certificate);
        signer.DigestAlgorithm.Value.ShouldBe("2.16.840.1.101.3.4.2.1");
        signer.SignatureAlgorithm.Value.ShouldBe("1.2.840.113549.1.1.1", "rsaEncryption, as HiPKI writes it");
        signer.SignerIdentifier.Type.ShouldBe(SubjectIdentifierType.IssuerAndSerialNumber);
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().ToDictionary(a => a.Oid.Value!, a => a.Values[0].RawData);
        attributes.Keys.ShouldBe(["1.2.840.113549.1.9.3", "1.2.840.113549.1.9.5", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.25.3", "2.16.886.1.100.2.204"], ignoreOrder: true);
        new Pkcs9SigningTime(attributes["1.2.840.113549.1.9.5"]).SigningTime.ShouldBe(emulator.Time.GetUtcNow().UtcDateTime);
        new Pkcs9MessageDigest { RawData = attributes["1.2.840.113549.1.9.4"] }.MessageDigest.ShouldBe(SHA256.HashData(Encoding.UTF8.GetBytes(Tbs)));
        new AsnReader(attributes["1.2.840.113549.1.9.25.3"], AsnEncodingRules.DER).ReadOctetString().ShouldBe(Encoding.UTF8.GetBytes("n-42"));
        new AsnReader(attributes["2.16.886.1.100.2.204"], AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.PrintableString).ShouldBe(Image.CardNumber);
    }

    [Fact]
    public async Task The_servers_HiPKI_checks_accept_what_the_emulator_signs_in_both_modes()
    {
        using var client = emulator.Client(Site);
        var pkcs7 = await EmulatorServer.SignAsync(client, Package(nonce: "n-7"));
        var pkcs1 = await EmulatorServer.SignAsync(client, Package(signatureType: "PKCS1"));

        var (signed, failure) = Pkix.Cms.CmsSignedDataVerifier.VerifyAttached(
            pkcs7.GetProperty("signature").GetString(), Encoding.UTF8.GetBytes(Tbs), "n-7", emulator.Time.GetUtcNow(), TimeSpan.FromMinutes(5));
        var fallback = Pkix.Cms.CmsSignedDataVerifier.VerifyRsaPkcs1(
            Convert.FromBase64String(pkcs1.GetProperty("certb64").GetString()!), Encoding.UTF8.GetBytes(Tbs), Convert.FromBase64String(pkcs1.GetProperty("signature").GetString()!));

        failure.ShouldBeNull();
        signed!.SignerCertificate.ShouldBe(Image.Keys[0].CertificateDer());
        signed.TextAttribute(Domain.Certificates.Cards.HiPkiToken.CardNumberOid).ShouldBe(Image.CardNumber);
        fallback.ShouldBeNull();
    }

    [Fact]
    public async Task PKCS1_is_RSASSA_PKCS1_v1_5_with_SHA_256_over_the_tbs_bytes()
    {
        using var client = emulator.Client(Site);

        var answer = await EmulatorServer.SignAsync(client, Package(signatureType: "PKCS1"));

        answer.GetProperty("ret_code").GetInt32().ShouldBe(0, answer.ToString());
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(answer.GetProperty("certb64").GetString()!));
        using var rsa = certificate.GetRSAPublicKey()!;
        rsa.VerifyData(Encoding.UTF8.GetBytes(Tbs), Convert.FromBase64String(answer.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .ShouldBeTrue();
    }

    [Fact]
    public async Task Wrong_PINs_answer_login_failed_with_two_then_one_try_left_then_locked_and_the_card_keeps_the_count()
    {
        using var client = emulator.Client(Site);

        var first = await EmulatorServer.SignAsync(client, Package(pin: "000000"));
        var second = await EmulatorServer.SignAsync(client, Package(pin: "000000"));
        var third = await EmulatorServer.SignAsync(client, Package(pin: "000000"));
        var right = await EmulatorServer.SignAsync(client, Package());

        first.GetProperty("ret_code").GetInt32().ShouldBe(0x76100006);
        first.GetProperty("last_error").GetInt32().ShouldBe(unchecked((int)0x80000002), "PIN碼錯誤，剩餘兩次機會");
        second.GetProperty("last_error").GetInt32().ShouldBe(unchecked((int)0x80000001), "PIN碼錯誤，剩餘一次機會");
        third.GetProperty("last_error").GetInt32().ShouldBe(0xA4, "已鎖卡");
        right.GetProperty("ret_code").GetInt32().ShouldBe(0x76100006, "a locked card refuses the right PIN too");
        right.GetProperty("last_error").GetInt32().ShouldBe(0xA4);
        Image.PinTriesLeft.ShouldBe(0);
    }

    [Theory]
    [InlineData("12345", 0xA2)]
    [InlineData("123456789", 0xA2)]
    public async Task PIN_of_the_wrong_length_is_refused_before_the_card_and_costs_no_try(string pin, int minor)
    {
        using var client = emulator.Client(Site);

        var answer = await EmulatorServer.SignAsync(client, Package(pin: pin));

        answer.GetProperty("ret_code").GetInt32().ShouldBe(0x76100006);
        answer.GetProperty("last_error").GetInt32().ShouldBe(minor);
        Image.PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task Requests_the_emulator_cannot_serve_get_their_codes()
    {
        using var client = emulator.Client(Site);
        using var badJson = new FormUrlEncodedContent([new("tbsPackage", "{not json")]);

        (await EmulatorServer.SignAsync(client, Package(tbs: ""))).GetProperty("ret_code").GetInt32().ShouldBe(0x76000003);
        (await EmulatorServer.SignAsync(client, Package(pin: ""))).GetProperty("ret_code").GetInt32().ShouldBe(0x76000998);
        (await EmulatorServer.SignAsync(client, Package(hash: "SHA1"))).GetProperty("ret_code").GetInt32().ShouldBe(0x7600000C);
        (await EmulatorServer.SignAsync(client, Package(signatureType: "RAW"))).GetProperty("ret_code").GetInt32().ShouldBe(0x7600000C);
        JsonDocument.Parse(await (await client.PostAsync("/sign", badJson)).Content.ReadAsStringAsync()).RootElement
            .GetProperty("ret_code").GetInt32().ShouldBe(0x7600000B);
        Image.PinTriesLeft.ShouldBe(3);
    }

    [Fact]
    public async Task Expired_certificate_is_refused_when_the_page_asks_for_a_validity_check()
    {
        await using var other = await EmulatorServer.StartAsync(new CardFolder("citizen-expired").Path, "localhost");
        using var client = other.Client(Site);

        var answer = await EmulatorServer.SignAsync(client, new { func = "MakeSignature", signatureType = "PKCS7", tbs = Tbs, tbsEncoding = "NONE", hashAlgorithm = "SHA256", pin = "123456", checkValidity = "true" });

        answer.GetProperty("ret_code").GetInt32().ShouldBe(0x76500002);
    }
}
