using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.Extensions.DependencyInjection;
using Pkix.Validation;
using TestPki;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

/// <summary>
/// Which signer each card step accepts (Web:Signers, as appsettings.json ships it): HiPKI's PKCS7 where the policy
/// allows it, refused where only our agent (which binds the origin) will do; our agent's RS256 refused where PS256 is
/// required; relays from another origin refused for both signers; HiPKI's return codes all mapped to messages.
/// </summary>
public class SignerPolicyTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    private const string Origin = CardStepApp.PublicOrigin;

    // Sign-in and queries: either signer (the shipped Default). Registration: our agent only ("registration-").
    private static readonly CardStepDefinition EitherStep = new("sign-in-citizen-card", CertificateKind.Citizen) { TargetId = "t", Heading = "自然人憑證確認" };
    private static readonly CardStepDefinition AgentOnlyStep = new("registration-first-manager", CertificateKind.Citizen) { TargetId = "t", Heading = "自然人憑證確認" };

    private (string Session, string Challenge) Issue(CardStepDefinition step)
    {
        var session = Guid.NewGuid().ToString("N");
        return (session, app.Services.GetRequiredService<IChallengeStore>().Issue(session, step.Name).Value);
    }

    /// <summary>HiPKI's PKCS7 answer wrapped as the page posts it: attached challenge, SHA-256, signed attributes, leaf only.</summary>
    public static string HiPkiToken(PkiManifest pki, string leafName, string content)
    {
        var leaf = pki.Leaf(leafName);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.CertificateDer());
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(pki.PathOf(leaf.KeyPath)));
        using var signer = certificate.CopyWithPrivateKey(key);
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(content)));
        var cmsSigner = new CmsSigner(signer) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(pki.ReferenceInstants.Now.UtcDateTime));
        cms.ComputeSignature(cmsSigner);
        return JsonSerializer.Serialize(new { format = "hipki/1", signatureType = "PKCS7", signature = Convert.ToBase64String(cms.Encode()), cardNumber = "TP03000000000001" });
    }

    /// <summary>Our agent's RS256 token: PKCS#1 v1.5 over H(origin) ‖ H(challenge) — what HiPKI's PKCS1 mode can also make.</summary>
    private string Rs256Token(string challenge)
    {
        var leaf = app.Pki.Leaf("citizen-moica2-rsa");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(app.Pki.PathOf(leaf.KeyPath)));
        var signature = rsa.SignData(CardTokenVerifier.SignedValue(HashAlgorithmName.SHA256, Origin, challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new CardToken(leaf.CertificateDer(), signature, "RS256").ToJson();
    }

    [Fact]
    public async Task HiPKIs_PKCS7_is_verified_like_a_card_token_where_the_policy_allows_it_and_the_card_says_which_signer()
    {
        var (session, challenge) = Issue(EitherStep);

        var outcome = await app.CardSteps.VerifyAsync(session, EitherStep, challenge, HiPkiToken(app.Pki, "citizen-moica2-rsa", challenge), Origin);

        outcome.Value.Signer.ShouldBe(CardSigner.HiPki);
        outcome.Value.Facts.SerialNumber.ShouldBe(app.Pki.Leaf("citizen-moica2-rsa").SerialNumber);
        outcome.Value.CardNumber.ShouldBe("TP03000000000001");
    }

    [Fact]
    public async Task A_HiPKI_signature_is_refused_on_a_step_for_our_agent_only_and_its_challenge_is_spent()
    {
        var (session, challenge) = Issue(AgentOnlyStep);
        var token = HiPkiToken(app.Pki, "citizen-moica2-rsa", challenge);

        var outcome = await app.CardSteps.VerifyAsync(session, AgentOnlyStep, challenge, token, Origin);

        var rejection = outcome.Rejections.ShouldHaveSingleItem();
        rejection.Code.ShouldBe("SIGNER_NOT_ALLOWED");
        rejection.Message.ShouldContain("只接受本機讀卡程式");
        (await app.CardSteps.VerifyAsync(session, AgentOnlyStep, challenge, token, Origin)).Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_USED");

        // Staff sign-in opens the service's own administration: our agent only too.
        var staff = new CardStepDefinition("sign-in-staff-card", CertificateKind.Citizen) { TargetId = "t", Heading = "自然人憑證確認" };
        var (staffSession, staffChallenge) = Issue(staff);
        (await app.CardSteps.VerifyAsync(staffSession, staff, staffChallenge, HiPkiToken(app.Pki, "citizen-moica2-rsa", staffChallenge), Origin))
            .Rejections.ShouldHaveSingleItem().Code.ShouldBe("SIGNER_NOT_ALLOWED");
    }

    [Fact]
    public async Task An_RS256_token_of_our_format_is_refused_where_PS256_is_required_and_accepted_where_HiPKI_is_anyway()
    {
        var (session, challenge) = Issue(AgentOnlyStep);
        (await app.CardSteps.VerifyAsync(session, AgentOnlyStep, challenge, Rs256Token(challenge), Origin)).Rejections.ShouldHaveSingleItem().Code.ShouldBe("PSS_REQUIRED");

        var (session2, challenge2) = Issue(AgentOnlyStep);
        (await app.CardSteps.VerifyAsync(session2, AgentOnlyStep, challenge2, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge2), Origin)).Value.Signer.ShouldBe(CardSigner.Agent);

        var (session3, challenge3) = Issue(EitherStep);
        (await app.CardSteps.VerifyAsync(session3, EitherStep, challenge3, Rs256Token(challenge3), Origin)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_relay_posted_from_another_origin_is_refused_for_both_signers()
    {
        var (session, challenge) = Issue(EitherStep);
        (await app.CardSteps.VerifyAsync(session, EitherStep, challenge, HiPkiToken(app.Pki, "citizen-moica2-rsa", challenge), "https://phish.example"))
            .Rejections.ShouldHaveSingleItem().Code.ShouldBe("ORIGIN_MISMATCH");

        var (session2, challenge2) = Issue(EitherStep);
        (await app.CardSteps.VerifyAsync(session2, EitherStep, challenge2, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge2), "https://phish.example"))
            .Rejections.ShouldHaveSingleItem().Code.ShouldBe("ORIGIN_MISMATCH");
    }

    [Fact]
    public async Task Our_agents_token_relayed_by_a_phishing_page_does_not_verify_because_the_agent_signed_the_phishing_origin()
    {
        // The phishing page asked our agent for a token over our challenge; the agent signed the page's own origin.
        var (session, challenge) = Issue(AgentOnlyStep);
        var relayed = CardTokens.Sign(app.Pki, "citizen-moica2-rsa", "https://phish.example", challenge);

        (await app.CardSteps.VerifyAsync(session, AgentOnlyStep, challenge, relayed, null)).Rejections.ShouldHaveSingleItem().Code.ShouldBe("SIGNATURE_INVALID");
    }

    [Fact]
    public void The_longest_matching_prefix_decides_and_unset_means_our_agent_only()
    {
        var policy = new SignerPolicyOptions
        {
            Default = [CardSigner.Agent, CardSigner.HiPki],
            Steps = new() { ["registration-"] = [CardSigner.Agent], ["registration-swap-"] = [CardSigner.HiPki], ["grants-manager-card"] = [CardSigner.HiPki] },
        };

        policy.For("sign-in-citizen-card").ShouldBe([CardSigner.Agent, CardSigner.HiPki]);
        policy.For("registration-first-manager").ShouldBe([CardSigner.Agent]);
        policy.For("registration-swap-manager").ShouldBe([CardSigner.HiPki]);
        policy.For("grants-manager-card").ShouldBe([CardSigner.HiPki]);
        policy.For("grants-manager-card-2").ShouldBe([CardSigner.Agent, CardSigner.HiPki]);
        policy.RequiresPss("registration-first-manager").ShouldBeTrue();
        policy.RequiresPss("sign-in-citizen-card").ShouldBeFalse();
        new SignerPolicyOptions().For("anything").ShouldBe([CardSigner.Agent]);
        new SignerPolicyOptions { PssRequired = PssRequirement.Always, Default = [CardSigner.HiPki, CardSigner.Agent] }.RequiresPss("x").ShouldBeTrue();
        new SignerPolicyOptions { PssRequired = PssRequirement.Never }.RequiresPss("x").ShouldBeFalse();
    }

    [Theory]
    [InlineData(CertificateKind.Citizen)]
    [InlineData(CertificateKind.Organisation)]
    public void Every_HiPKI_return_code_maps_to_a_message_of_the_step(CertificateKind kind)
    {
        var messages = CardStepMessages.ForScript(kind);

        HiPkiReturnCodes.ForScript.Values.ShouldAllBe(key => messages.ContainsKey(key));
        messages["HIPKI_ERROR"].ShouldContain("{code}");
    }

    [Theory]
    [InlineData("76100006:000000A0", "PIN_INCORRECT_UNKNOWN")]
    [InlineData("76100006:80000002", "PIN_INCORRECT_TWO_LEFT")]
    [InlineData("76100006:80000001", "PIN_INCORRECT_LAST")]
    [InlineData("76100006:000000A4", "PIN_BLOCKED")]
    [InlineData("76100006:000000A2", "PIN_FORMAT")]
    [InlineData("76000006", "NO_CARD")]
    [InlineData("76100003", "NO_READER")]
    [InlineData("76000031", "HIPKI_UNTRUSTED")]
    [InlineData("7600000F", "HIPKI_UNTRUSTED")]
    [InlineData("76000999", "HIPKI_CANCELLED")]
    [InlineData("76500002", "CERT_EXPIRED")]
    public void The_documented_codes_mean_what_CHTs_table_says(string code, string key)
    {
        HiPkiReturnCodes.ForScript[code].ShouldBe(key);
    }

    [Fact]
    public async Task A_page_whose_step_HiPKI_may_sign_keeps_the_opener_for_its_popup_and_other_pages_stay_same_origin()
    {
        using var client = app.CreateClient();

        var signIn = await client.GetAsync("/Account/SignIn?card=citizen");
        var home = await client.GetAsync("/");

        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signIn.Headers.GetValues("Cross-Origin-Opener-Policy").ShouldBe(["same-origin-allow-popups"]);
        var html = await signIn.Content.ReadAsStringAsync();
        html.ShouldContain("data-card-signers=\"agent hipki\"");
        html.ShouldContain("data-hipki-url=\"http://localhost:61161\"");
        html.ShouldContain("PIN 碼只交給這台電腦上的本機讀卡程式或 HiPKI 跨平台網頁元件由卡片核對");
        home.Headers.GetValues("Cross-Origin-Opener-Policy").ShouldBe(["same-origin"]);
    }

    [Fact]
    public async Task The_signer_check_page_renders_both_checks_and_the_policy_and_may_open_HiPKIs_popup()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/Diagnostics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Cross-Origin-Opener-Policy").ShouldBe(["same-origin-allow-popups"]);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>讀卡環境檢測</h1>");
        html.ShouldContain("data-hipki-url=\"http://localhost:61161\"");
        html.ShouldContain("data-agent-url=\"http://127.0.0.1:61280\"");
        // Static assets are served fingerprinted (MapStaticAssets): /js/signer-check.<hash>.js.
        html.ShouldMatch(@"<script src=""/js/signer-check(\.\w+)?\.js""");
        html.ShouldContain("<code>registration-</code></td><td data-testid=\"policy-registration-\">本機讀卡程式</td>");
        html.ShouldContain("<td data-testid=\"policy-default\">本機讀卡程式、HiPKI 跨平台網頁元件</td>");
    }
}
