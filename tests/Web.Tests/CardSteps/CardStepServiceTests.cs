using System.Text.Json.Nodes;
using Domain.Certificates;
using Domain.Certificates.Cards;
using Microsoft.Extensions.DependencyInjection;
using Pkix.Validation;
using Web.CardSteps;

namespace Web.Tests.CardSteps;

/// <summary>
/// The server's side of a card step over the real wiring: challenges per session and step, tokens signed with the
/// test PKI's card keys verified against the configured origin, every refusal with its own code and message.
/// </summary>
public class CardStepServiceTests(CardStepApp app) : IClassFixture<CardStepApp>
{
    private const string Origin = CardStepApp.PublicOrigin;

    private static readonly CardStepDefinition OrganisationStep = new("test-organisation-card", CertificateKind.Organisation)
    {
        TargetId = "test-organisation",
        Heading = "機關憑證確認",
    };

    private static readonly CardStepDefinition CitizenStep = new("test-citizen-card", CertificateKind.Citizen)
    {
        TargetId = "test-citizen",
        Heading = "自然人憑證確認",
    };

    private static string NewSession() => Guid.NewGuid().ToString("N");

    private (string Session, string Challenge) Issue(CardStepDefinition step)
    {
        var session = NewSession();
        return (session, app.Services.GetRequiredService<IChallengeStore>().Issue(session, step.Name).Value);
    }

    private async Task<Domain.Common.Rejection> RefusedAsync(CardStepDefinition step, string leaf, string? requestOrigin = null)
    {
        var (session, challenge) = Issue(step);
        var outcome = await app.CardSteps.VerifyAsync(session, step, challenge, CardTokens.Sign(app.Pki, leaf, Origin, challenge), requestOrigin);
        outcome.Succeeded.ShouldBeFalse();
        return outcome.Rejections.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_token_for_the_issued_challenge_yields_the_certificate_facts_and_the_card_number()
    {
        var (session, challenge) = Issue(OrganisationStep);
        var leaf = app.Pki.Leaf("org-gca-rsa");

        var outcome = await app.CardSteps.VerifyAsync(session, OrganisationStep, challenge, CardTokens.Sign(app.Pki, "org-gca-rsa", Origin, challenge, leaf.CardNumber), Origin);

        var card = outcome.Value;
        card.Step.ShouldBe(OrganisationStep.Name);
        card.Kind.ShouldBe(CertificateKind.Organisation);
        card.Facts.SerialNumber.ShouldBe(leaf.SerialNumber);
        card.Facts.AgencyOid.ShouldBe("2.16.886.101.20003.20012");
        card.CardNumber.ShouldBe(leaf.CardNumber);
        card.VerifiedAt.ShouldBe(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task An_EC_citizen_card_is_verified_too()
    {
        var (session, challenge) = Issue(CitizenStep);

        var outcome = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, CardTokens.Sign(app.Pki, "citizen-moica2-ec", Origin, challenge), null);

        outcome.Value.Facts.CommonName.ShouldBe("陳美玲");
        outcome.Value.CardNumber.ShouldBeNull();
    }

    [Fact]
    public async Task A_replayed_token_is_refused_because_its_challenge_is_spent()
    {
        var (session, challenge) = Issue(CitizenStep);
        var token = CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge);

        (await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, token, null)).Succeeded.ShouldBeTrue();
        var replay = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, token, null);

        replay.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_USED");
        replay.Rejections[0].Message.ShouldBe(CardFailureMessages.For(CardCheck.ChallengeUsed));
        replay.Rejections[0].Field.ShouldBe(CardStepMessages.PinField);
    }

    [Fact]
    public async Task A_token_reposted_with_a_new_challenge_fails_its_signature()
    {
        var (session, first) = Issue(CitizenStep);
        var token = CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, first);
        (await app.CardSteps.VerifyAsync(session, CitizenStep, first, token, null)).Succeeded.ShouldBeTrue();
        var second = app.Services.GetRequiredService<IChallengeStore>().Issue(session, CitizenStep.Name).Value;

        var replay = await app.CardSteps.VerifyAsync(session, CitizenStep, second, token, null);

        replay.Rejections.ShouldHaveSingleItem().Code.ShouldBe("SIGNATURE_INVALID");
    }

    [Fact]
    public async Task A_challenge_of_another_session_is_refused_and_stays_usable_by_its_owner()
    {
        var (owner, challenge) = Issue(CitizenStep);
        var token = CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge);

        var stolen = await app.CardSteps.VerifyAsync(NewSession(), CitizenStep, challenge, token, null);
        var own = await app.CardSteps.VerifyAsync(owner, CitizenStep, challenge, token, null);

        stolen.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_WRONG_SESSION");
        own.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_challenge_issued_for_another_step_is_refused()
    {
        var (session, challenge) = Issue(OrganisationStep);
        var registration = new CardStepDefinition("test-registration-organisation-card", CertificateKind.Organisation) { TargetId = "x", Heading = "機關憑證確認" };

        var outcome = await app.CardSteps.VerifyAsync(session, registration, challenge, CardTokens.Sign(app.Pki, "org-gca-rsa", Origin, challenge), null);

        outcome.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_WRONG_STEP");
    }

    [Fact]
    public async Task A_challenge_older_than_five_minutes_is_refused_on_the_app_clock()
    {
        var (session, challenge) = Issue(CitizenStep);
        var token = CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge);
        // Moving the shared clock on is harmless to the other tests: cards and CRLs stay valid for years.
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var outcome = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, token, null);

        outcome.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_EXPIRED");
        outcome.Rejections[0].Message.ShouldContain("5 分鐘");
    }

    [Fact]
    public async Task The_origin_comes_from_configuration_so_a_token_signed_for_the_host_name_is_refused()
    {
        var (session, challenge) = Issue(CitizenStep);

        var forHost = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", "http://localhost", challenge), null);

        forHost.Rejections.ShouldHaveSingleItem().Code.ShouldBe("SIGNATURE_INVALID");
    }

    [Fact]
    public async Task A_request_from_another_origin_is_refused_even_with_a_good_signature()
    {
        var rejection = await RefusedAsync(CitizenStep, "citizen-moica2-rsa", requestOrigin: "https://evil.example");

        rejection.Code.ShouldBe("ORIGIN_MISMATCH");
        rejection.Message.ShouldBe(CardFailureMessages.For(CardCheck.OriginMismatch));
    }

    [Theory]
    [InlineData("citizen-expired", "EXPIRED", CertificateFailureCode.Expired)]
    [InlineData("citizen-not-yet-valid", "NOT_YET_VALID", CertificateFailureCode.NotYetValid)]
    [InlineData("citizen-revoked", "REVOKED", CertificateFailureCode.Revoked)]
    [InlineData("citizen-test-ca", "TEST_CERTIFICATE", CardCheck.TestCertificate)]
    [InlineData("citizen-wrong-issuer", "UNTRUSTED_ISSUER", CertificateFailureCode.UntrustedIssuer)]
    [InlineData("citizen-wrong-key-usage", "KEY_USAGE", CertificateFailureCode.KeyUsage)]
    public async Task Each_refused_citizen_card_gets_its_own_code_and_the_validator_s_message(string leaf, string code, object failure)
    {
        var rejection = await RefusedAsync(CitizenStep, leaf);

        rejection.Code.ShouldBe(code);
        rejection.Message.ShouldBe(failure is CardCheck check ? CardFailureMessages.For(check) : CardFailureMessages.For((CertificateFailureCode)failure));
        rejection.Field.ShouldBe(CardStepMessages.PinField);
    }

    [Theory]
    [InlineData("org-expired", "EXPIRED")]
    [InlineData("org-revoked", "REVOKED")]
    [InlineData("org-test-ca", "TEST_CERTIFICATE")]
    public async Task Each_refused_organisation_card_gets_its_own_code(string leaf, string code) =>
        (await RefusedAsync(OrganisationStep, leaf)).Code.ShouldBe(code);

    [Fact]
    public async Task A_card_of_the_wrong_kind_is_named_in_the_message()
    {
        var citizenForOrganisation = await RefusedAsync(OrganisationStep, "citizen-moica2-rsa");
        var organisationForCitizen = await RefusedAsync(CitizenStep, "org-gca-rsa");

        citizenForOrganisation.Code.ShouldBe("WRONG_KIND");
        citizenForOrganisation.Message.ShouldBe("此步驟需要機關憑證，您使用的是自然人憑證。請改插機關憑證後再試一次。");
        organisationForCitizen.Message.ShouldBe("此步驟需要自然人憑證，您使用的是機關憑證。請改插自然人憑證後再試一次。");
    }

    [Fact]
    public async Task A_forged_signature_a_malformed_token_and_no_token_are_each_refused_with_their_own_code()
    {
        var (session, challenge) = Issue(CitizenStep);
        var token = JsonNode.Parse(CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge))!;
        var signature = Convert.FromBase64String(token["signature"]!.GetValue<string>());
        signature[10] ^= 0x01;
        token["signature"] = Convert.ToBase64String(signature);
        var forged = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, token.ToJsonString(), null);

        var (session2, challenge2) = Issue(CitizenStep);
        var malformed = await app.CardSteps.VerifyAsync(session2, CitizenStep, challenge2, "{\"format\":\"evs-auth/1\"}", null);

        var (session3, challenge3) = Issue(CitizenStep);
        var missing = await app.CardSteps.VerifyAsync(session3, CitizenStep, challenge3, "", null);
        var afterMissing = await app.CardSteps.VerifyAsync(session3, CitizenStep, challenge3, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge3), null);

        forged.Rejections.ShouldHaveSingleItem().Code.ShouldBe("SIGNATURE_INVALID");
        malformed.Rejections.ShouldHaveSingleItem().Code.ShouldBe("MALFORMED");
        missing.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CARD_TOKEN_MISSING");
        missing.Rejections[0].Message.ShouldContain("尚未讀取自然人憑證");
        afterMissing.Rejections.ShouldHaveSingleItem().Code.ShouldBe("CHALLENGE_USED");
    }

    [Fact]
    public async Task The_session_s_verified_cards_are_remembered_with_their_step_and_time()
    {
        var session = NewSession();
        var challenges = app.Services.GetRequiredService<IChallengeStore>();
        var first = challenges.Issue(session, OrganisationStep.Name).Value;
        (await app.CardSteps.VerifyAsync(session, OrganisationStep, first, CardTokens.Sign(app.Pki, "org-gca-rsa", Origin, first), null)).Succeeded.ShouldBeTrue();
        var organisationAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = challenges.Issue(session, CitizenStep.Name).Value;
        (await app.CardSteps.VerifyAsync(session, CitizenStep, second, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, second), null)).Succeeded.ShouldBeTrue();

        var cards = app.Services.GetRequiredService<IVerifiedCardStore>().Recall(session);

        cards.Select(c => (c.Step, c.Kind)).ShouldBe([(CitizenStep.Name, CertificateKind.Citizen), (OrganisationStep.Name, CertificateKind.Organisation)]);
        cards[1].VerifiedAt.ShouldBe(organisationAt);
        cards[0].VerifiedAt.ShouldBe(organisationAt.AddMinutes(2));
        app.Services.GetRequiredService<IVerifiedCardStore>().Recall(NewSession()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_card_is_not_remembered()
    {
        var (session, challenge) = Issue(CitizenStep);

        await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, CardTokens.Sign(app.Pki, "citizen-revoked", Origin, challenge), null);

        app.Services.GetRequiredService<IVerifiedCardStore>().Recall(session).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("TP03000000000001", "TP03000000000001")]
    [InlineData("<b>1</b>", null)]
    [InlineData("", null)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", null)]
    public async Task The_card_number_beside_the_token_is_kept_only_when_it_looks_like_one(string cardNumber, string? expected)
    {
        var (session, challenge) = Issue(CitizenStep);

        var outcome = await app.CardSteps.VerifyAsync(session, CitizenStep, challenge, CardTokens.Sign(app.Pki, "citizen-moica2-rsa", Origin, challenge, cardNumber), null);

        outcome.Value.CardNumber.ShouldBe(expected);
    }
}
